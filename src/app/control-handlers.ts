import { notice } from "../core/reply";
import type { Vote } from "../store/types";
import { rateAnswer } from "./feedback";
import type { Incoming } from "./incoming";
import { buildLayout, type ReplyLayout } from "./layout";
import { findOffer, markPassage } from "./marks";
import type { RecentOffers } from "./offers";
import type { AppServices } from "./services";

/**
 * What each control does when clicked, by name (`controls` in layout.ts declares them). Every adapter's clicks
 * come here through BotApp.control; a name not in this table is a button this version no longer has.
 */

export type ControlHandler = (from: Incoming, payload: string) => Promise<ReplyLayout>;

export interface ControlDeps {
  /** asks a question as if the user had typed it (rate limit, log and all) */
  ask: (from: Incoming, question: string) => Promise<ReplyLayout>;
  services: AppServices;
  /** the passages recent replies offered, for the clicks that mark one */
  offers: RecentOffers;
}

export function controlHandlers(deps: ControlDeps): Record<string, ControlHandler> {
  const { services } = deps;
  return {
    ask: (from, question) => deps.ask(from, question),

    // "good:<question id>": one vote per user per answer, acknowledged to the voter only.
    async feedback(from, payload) {
      const m = /^(good|bad):([0-9a-f-]{36})?$/.exec(payload);
      if (!m) return buildLayout(notice("This button no longer works."));
      const vote = m[1] as Vote;
      const questionId = m[2];
      if (!questionId) {
        const on = services.feedback && services.storage?.status().questionLog !== "off";
        if (on) return buildLayout(notice("There is no answer to rate yet: ask a question first."));
      }
      const text = await rateAnswer(services, {
        platform: from.platform,
        userId: from.user,
        questionId: questionId ?? "",
        vote,
      });
      // On a confident answer 👍 is also "this answered it" for its passage, and 👎 a mark against
      // it (an unsure reply's passages have their own buttons). Feedback is acknowledged either way.
      if (questionId && services.learning?.enabled) {
        const offer = await findOffer(deps, questionId);
        if (offer?.tier === "answer") {
          const marked = await markPassage(deps, from, {
            questionId,
            position: 0,
            vote: vote === "good" ? 1 : -1,
            offer,
          });
          if (!marked.ok)
            services.logger.info(
              { platform: from.platform, reason: marked.text },
              "feedback not taken as a mark",
            );
        }
      }
      return buildLayout(notice(text));
    },

    // "This answered it": "<question id>:<position of the passage in the reply>".
    async answered(from, payload) {
      const m = /^([0-9a-f-]{36}):(\d{1,2})$/.exec(payload);
      if (!m) return buildLayout(notice("This button no longer works."));
      const marked = await markPassage(deps, from, {
        questionId: m[1] as string,
        position: Number(m[2]),
        vote: 1,
      });
      return buildLayout(notice(marked.text));
    },
  };
}
