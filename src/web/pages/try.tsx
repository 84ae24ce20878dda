/** @jsxImportSource hono/jsx */
import type { Answer, AnswerFact } from "../../core/answer";
import { formatCitation } from "../../core/reply";
import { type ClassFrame, classPath, Page } from "./layout";

/** Asks as a student of this class would, and shows how the bot decided; nothing is logged. */

const TIER_TEXT = {
  answer: "Answered: the bot is confident",
  closest: "Closest passage: the bot is not sure and says so",
  unknown: "Not answered: the bot says it does not know",
} as const;

function Passage(props: { fact: AnswerFact; label: string }) {
  return (
    <li>
      <p class="passage-label">{props.label}</p>
      <blockquote>{props.fact.text}</blockquote>
      <p class="hint">{formatCitation(props.fact.source)}</p>
    </li>
  );
}

export function TryPage(props: { frame: ClassFrame; question?: string; result?: Answer | "no-documents" }) {
  const { frame, result } = props;
  return (
    <Page title="Try a question" frame={frame} tab="try">
      <p>
        Ask as a student of this class would. The question is not logged and does not count in the report.
      </p>
      <form method="post" action={classPath(frame.classKey, "try")} class="ask">
        <input type="hidden" name="_csrf" value={frame.csrf} />
        <label for="q">Question</label>
        <input
          id="q"
          name="q"
          type="text"
          value={props.question ?? ""}
          maxlength={500}
          required
          autocomplete="off"
        />
        <button type="submit" class="primary">
          Ask
        </button>
      </form>
      {result === "no-documents" ? (
        <section class="results has-errors" role="status">
          <p>This class has no documents yet: upload some on the Documents page.</p>
        </section>
      ) : result ? (
        <section class="results" role="status" aria-labelledby="result-heading">
          <h2 id="result-heading">{TIER_TEXT[result.tier]}</h2>
          <p>
            Question read as: <q>{result.question}</q>. Confidence: {Math.round(result.confidence * 100)}%.
          </p>
          <ol class="passages">
            {result.answer ? <Passage fact={result.answer} label="Answer" /> : null}
            {!result.answer && result.closest ? (
              <Passage fact={result.closest} label="Closest passage" />
            ) : null}
            {result.related.map((f) => (
              <Passage fact={f} label={result.tier === "closest" ? "Also close" : "Related"} />
            ))}
          </ol>
          {result.tier === "unknown" && result.suggestions.length ? (
            <p class="hint">Questions it can answer nearby: {result.suggestions.join("; ")}</p>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
