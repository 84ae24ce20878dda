/** @jsxImportSource hono/jsx */
import { raw } from "hono/html";
import type { TeacherReport } from "../../report/build";
import { chartSvg } from "../../report/chart";
import type { LearnedReport } from "../../report/learned";
import type { AuditEntry } from "../../store/teacher-store";
import { when } from "./documents";
import { type ClassFrame, Page } from "./layout";
import { ClosestPassages, LearnedLinks } from "./teaching";

/** The class's report, live from the store: the same data and chart as `npm run report --html`. */

const TIER_NAME = {
  answer: "Answered",
  closest: "Closest passage offered",
  unknown: "Not answered",
} as const;
const ACTION_NAME: Record<string, string> = {
  upload: "Uploaded",
  replace: "Replaced",
  remove: "Removed",
  teach: "Taught",
  reject: "Rejected",
};

/** What a teaching action did, said at the top of the page it leads back to. */
export interface Flash {
  ok: boolean;
  text: string;
}

export function ReportPage(props: {
  frame: ClassFrame;
  report: TeacherReport;
  audit: AuditEntry[];
  userHash: string;
  /** what the class taught; null: learning is not part of this bot */
  learned: LearnedReport | null;
  /** why the class cannot teach now (null: it can) */
  learningOff: string | null;
  flash?: Flash;
}) {
  const { report, learned, frame } = props;
  const teaching = learned && !props.learningOff ? { frame } : null;
  return (
    <Page title="Report" frame={props.frame} tab="report">
      {props.flash ? (
        <section class={props.flash.ok ? "results" : "results has-errors"} role="status">
          <p>{props.flash.text}</p>
        </section>
      ) : null}
      <p>
        {report.total} questions asked in this class from {report.from} to {report.to}.
      </p>
      <figure class="chart">
        {/* Built by src/report/chart.ts, which escapes every text it writes. */}
        {raw(chartSvg(report))}
        <figcaption>Questions per day (UTC), the last 14 days.</figcaption>
      </figure>

      <h2>Answer rate</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Reply</th>
              <th scope="col">Questions</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {report.byTier.map((t) => (
              <tr>
                <th scope="row">{TIER_NAME[t.tier]}</th>
                <td>{t.count}</td>
                <td>{Math.round(t.share * 100)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Top unanswered questions</h2>
      <p class="hint">
        Typos of the same question are counted together. Upload a document that answers them
        {teaching
          ? ", or teach the bot which passage does: each question's closest passages are below it"
          : ""}
        .
      </p>
      {report.unanswered.length === 0 ? (
        <p>None.</p>
      ) : (
        <ol class="questions">
          {report.unanswered.map((g, n) => (
            <li>
              <span class="question">{g.question}</span> <span class="count">asked {g.count}×</span>
              {g.variants.length ? (
                <span class="hint"> also as: {g.variants.slice(0, 5).join("; ")}</span>
              ) : null}
              {learned ? (
                <ClosestPassages
                  question={g.question}
                  n={n}
                  passages={learned.closest.get(g.question) ?? []}
                  teaching={teaching}
                />
              ) : null}
            </li>
          ))}
        </ol>
      )}

      <h2>Answers with the most thumbs down (👎)</h2>
      {report.mostDisliked.length === 0 ? (
        <p>None.</p>
      ) : (
        <ol class="questions">
          {report.mostDisliked.map((a) => (
            <li>
              <span class="question">{a.text ?? `fact ${a.factId}`}</span>{" "}
              <span class="count">
                👎 {a.bad} · 👍 {a.good}
              </span>
              <span class="hint"> asked as: {a.asked}</span>
            </li>
          ))}
        </ol>
      )}

      {learned ? <LearnedLinks learned={learned} teaching={teaching} off={props.learningOff} /> : null}

      <h2>Changes by this class's teachers</h2>
      {props.audit.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul class="audit">
          {props.audit.map((a) => (
            <li>
              {when(a.at)}: {ACTION_NAME[a.action] ?? a.action} <strong>{a.detail}</strong>, by{" "}
              {a.userHash === props.userHash ? "you" : `teacher ${a.userHash.slice(0, 8)}`}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
