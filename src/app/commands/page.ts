import type { Command } from "./types";

/**
 * A teacher's sign-in link to this class's web page, privately: it works once, for 10 minutes,
 * for this person and this channel's class. Teachers only (the pipeline refuses everyone else).
 */
export const page: Command = {
  name: "page",
  description: "A private sign-in link to this class's web page (teachers only)",
  options: [],
  examples: ["page"],
  access: "teacher",
  async handle(request, { teacherPage }) {
    if (!teacherPage) {
      return {
        kind: "notice",
        visibility: "private",
        text: "The teacher's page is off. Whoever runs the bot sets PUBLIC_URL to the address teachers open (e.g. https://bot.example.org, forwarded to WEB_PORT, 8080 by default) and restarts it.",
      };
    }
    const link = await teacherPage.link({
      platform: request.platform,
      workspace: request.workspace,
      channel: request.channel,
      userId: request.user.id,
    });
    if ("unavailable" in link) return { kind: "notice", visibility: "private", text: link.unavailable };
    return {
      kind: "notice",
      visibility: "private",
      title: "Your class's page",
      text: `Open this link to sign in to this class's page. It works once, only for you, for ${link.minutes} minutes: ${link.url}`,
    };
  },
};
