/** @jsxImportSource hono/jsx */

import { backedBy, type ClosestPassage, day, type LearnedReport } from "../../report/learned";
import { short } from "../../report/passage-quote";
import { type ClassFrame, classPath } from "./layout";

/**
 * The report's teaching parts: beside an unanswered question, its closest passages, each with a
 * "Teach this" form; the links the class learned, each with a "Reject" form; the links dropped with
 * their passage. Plain forms with the CSRF token: they work without JavaScript. `teaching` is null
 * when the class cannot teach now (learning off): the parts are shown without their forms.
 */

type Teaching = { frame: ClassFrame } | null;

export function ClosestPassages(props: {
  question: string;
  /** the question's place in the list, for unique field ids */
  n: number;
  passages: ClosestPassage[];
  teaching: Teaching;
}) {
  const { teaching } = props;
  const fieldId = `quote-${props.n}`;
  return (
    <details class="closest">
      <summary>
        {props.passages.length ? `Closest passages (${props.passages.length})` : "No passage is close"}
        {teaching ? ": teach one" : ""}
      </summary>
      {props.passages.length ? (
        <ol class="passages">
          {props.passages.map((p) => (
            <li>
              <blockquote>{p.text}</blockquote>
              <p class="hint">{p.citation}</p>
              {teaching ? (
                <form method="post" action={classPath(teaching.frame.classKey, "teach")} class="inline">
                  <input type="hidden" name="_csrf" value={teaching.frame.csrf} />
                  <input type="hidden" name="question" value={props.question} />
                  <input type="hidden" name="factId" value={p.factId} />
                  <button type="submit" aria-label={`Teach this passage for “${props.question}”`}>
                    Teach this
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {teaching ? (
        <form method="post" action={classPath(teaching.frame.classKey, "teach")} class="ask">
          <input type="hidden" name="_csrf" value={teaching.frame.csrf} />
          <input type="hidden" name="question" value={props.question} />
          <label for={fieldId}>Or quote a few words of the passage that answers it</label>
          <input id={fieldId} name="quote" type="text" maxlength={500} required autocomplete="off" />
          <button type="submit">Teach</button>
        </form>
      ) : null}
    </details>
  );
}

export function LearnedLinks(props: { learned: LearnedReport; teaching: Teaching; off: string | null }) {
  const { learned, teaching } = props;
  const more = (shown: number, total: number) =>
    total > shown ? <p class="hint">… and {total - shown} older, not shown.</p> : null;
  return (
    <>
      <h2 id="learned">What the class taught</h2>
      {props.off ? <p class="hint">Learning is off: {props.off}.</p> : null}
      <p class="hint">
        A question a teacher taught, or two students confirmed, is answered with its passage; one student's
        mark only suggests it. Reject a link and its question no longer leads to that passage.
      </p>
      {learned.links.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Passage</th>
                <th scope="col">By</th>
                <th scope="col">When</th>
                <th scope="col">Id</th>
                {teaching ? <th scope="col">Action</th> : null}
              </tr>
            </thead>
            <tbody>
              {learned.links.map((l) => (
                <tr>
                  <th scope="row">{l.question}</th>
                  <td>{short(l.passage, 200)}</td>
                  <td>{backedBy(l)}</td>
                  <td>{day(l.at)}</td>
                  <td>
                    <code>{l.id}</code>
                  </td>
                  {teaching ? (
                    <td class="actions">
                      <form method="post" action={classPath(teaching.frame.classKey, `links/${l.id}/reject`)}>
                        <input type="hidden" name="_csrf" value={teaching.frame.csrf} />
                        <button type="submit" aria-label={`Reject “${l.question}”`}>
                          Reject
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more(learned.links.length, learned.totalLinks)}

      <h2>Learned links dropped</h2>
      <p class="hint">Their passage left the documents, so they no longer answer.</p>
      {learned.dropped.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul class="audit">
          {learned.dropped.map((d) => (
            <li>
              {day(d.at)}: <q>{d.question}</q> → {short(d.passage, 160)}
            </li>
          ))}
        </ul>
      )}
      {more(learned.dropped.length, learned.totalDropped)}
    </>
  );
}
