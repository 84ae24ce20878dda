import { REPORT_DAYS } from "../../report/build";
import { chartPng, chartSvg } from "../../report/chart";
import { loadReport } from "../../report/load";
import { reportSections } from "../../report/text";
import type { Command } from "./types";

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
  async handle(_request, { storage, index, now }) {
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
    const data = await loadReport(backend, (now ?? Date.now)(), { index });
    const png = await chartPng(chartSvg(data));
    return {
      kind: "notice",
      visibility: "private",
      title: "Teacher's report",
      text: `Questions from ${data.from} to ${data.to}: ${data.total}`,
      sections: reportSections(data),
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
