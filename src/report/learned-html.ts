import type { UnansweredGroup } from "./build";
import { esc, type ReportHtmlExtra } from "./html";
import { backedBy, day, type LearnedReport } from "./learned";
import { short } from "./passage-quote";

/** The report's learning parts in `npm run report -- --html`'s page (no forms: a file has no server). */

const PASSAGE_CHARS = 160;

export function learnedHtml(learned: LearnedReport, prefix: string): ReportHtmlExtra {
  const beside = (g: UnansweredGroup) => {
    const passages = learned.closest.get(g.question) ?? [];
    if (passages.length === 0) return "";
    return `<ol class="also">${passages
      .map(
        (p) =>
          `<li>${esc(short(p.text, PASSAGE_CHARS))} <i>(${esc(p.citation)})</i><br><code>${esc(`${prefix}teach ${g.question} => ${p.quote}`)}</code></li>`,
      )
      .join("")}</ol>`;
  };
  const classCell = (classKey: string) => (learned.classes ? `<td>${esc(classKey)}</td>` : "");
  const classHead = learned.classes ? "<th>class</th>" : "";
  const links = learned.links.length
    ? learned.links
        .map(
          (l) =>
            `<tr><td><code>${esc(l.id)}</code></td>${classCell(l.classKey)}<td>${esc(l.question)}</td><td>${esc(short(l.passage, PASSAGE_CHARS))}</td><td>${esc(backedBy(l))}</td><td>${day(l.at)}</td></tr>`,
        )
        .join("")
    : `<tr><td colspan="${learned.classes ? 6 : 5}">nothing yet</td></tr>`;
  const dropped = learned.dropped.length
    ? learned.dropped
        .map(
          (d) =>
            `<tr>${classCell(d.classKey)}<td>${esc(d.question)}</td><td>${esc(short(d.passage, PASSAGE_CHARS))}</td><td>${day(d.at)}</td></tr>`,
        )
        .join("")
    : `<tr><td colspan="${learned.classes ? 4 : 3}">none</td></tr>`;
  const more = (shown: number, total: number) =>
    total > shown ? `<p class="also">… and ${total - shown} older, not shown.</p>` : "";
  const after = `<h2>What the class taught</h2><p class="also">${learned.totalLinks} learned links. Take one back with <code>${esc(prefix)}forget ID</code> in the class's channel.</p>
<table><tr><th>id</th>${classHead}<th>question</th><th>passage</th><th>by</th><th>when</th></tr>${links}</table>${more(learned.links.length, learned.totalLinks)}
<h2>Learned links dropped</h2><p class="also">Their passage left the documents.</p>
<table><tr>${classHead}<th>question</th><th>passage</th><th>dropped</th></tr>${dropped}</table>${more(learned.dropped.length, learned.totalDropped)}`;
  return { beside, after };
}
