import { REPORT_DAYS } from "../../report/build";
import { chartPng, chartSvg } from "../../report/chart";
import { learnedReport } from "../../report/learned";
import { learnedChatSections } from "../../report/learned-text";
import { loadReport } from "../../report/load";
import { reportSections } from "../../report/text";
import type { Command, CommandContext } from "./types";

/**
 * The teacher's report, privately: questions per day (a PNG chart where the platform shows images,
 * bars in text everywhere), answer rate by tier, top unanswered questions, answers with most 👎.
 * Teachers only (the pipeline refuses everyone else); it reads every class's questions, so it is not scoped.
 */
export const report: Command = {
  name: "report",
  description: `The teacher's report for the last ${REPORT_DAYS} days (teachers only)`,
  options: [],
  examples: ["report"],
  access: "teacher",
  async handle(request, context) {
    const { storage, index, now, commandName } = context;
    const status = storage?.status();
    if (!storage || !status || status.questionLog === "off") {
      return {
        kind: "notice",
        visibility: "private",
        text: "There is nothing to report: the question log is off (QUESTION_LOG_DAYS=0).",
      };
    }
    // Never wait on a store still opening or unreachable: say so, and the teacher asks again.
    if (status.state !== "ready") {
      return {
        kind: "notice",
        visibility: "private",
        text:
          status.state === "opening"
            ? "The question log is still opening; ask for the report again in a moment."
            : `The report cannot be read: the store is unavailable (${status.reason ?? "unknown reason"}).`,
      };
    }
    const backend = await storage.backend();
    if (!backend) {
      return {
        kind: "notice",
        visibility: "private",
        text: "The report cannot be read: the store is unavailable.",
      };
    }
    const at = (now ?? Date.now)();
    const data = await loadReport(backend, at, { index });
    const png = await chartPng(chartSvg(data));
    const prefix = request.prefix ?? `/${commandName} `;
    const learned = await classLearning(context, data.unanswered, at);
    return {
      kind: "notice",
      visibility: "private",
      title: "Teacher's report",
      text: `Questions from ${data.from} to ${data.to}: ${data.total}`,
      sections: learned
        ? [...reportSections(data), ...learnedChatSections(learned, prefix)]
        : reportSections(data),
      ...(png
        ? {
            chart: {
              name: "questions-per-day.png",
              png,
              alt: `Questions per day, ${data.from} to ${data.to}`,
            },
          }
        : {}),
    };
  },
};

/**
 * What this class (the request's channel) taught, and the passages of its documents closest to each
 * unanswered question; null without learning. Learning that is off says why, in its section.
 */
async function classLearning(
  { learning, classKey, classIndex, index }: CommandContext,
  unanswered: Parameters<typeof learnedReport>[0]["unanswered"],
  at: number,
) {
  if (!learning) return null;
  const since = new Date(at - REPORT_DAYS * 86_400_000);
  const dropped = (await learning.dropped(since)).filter((d) => d.classKey === classKey);
  return learnedReport({
    links: learning.links(classKey),
    dropped,
    unanswered,
    index: classIndex === undefined ? index : classIndex,
  });
}
