import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadCorpus } from "../../src/core/load";
import { type EvalSet, evaluate, readEvalSet, type Tally } from "./evaluate";
import { learningCost, runLearning } from "./learning-eval";

/**
 * `npm run eval`: every evaluation set in this folder, ours and BM25's side by side, and what we
 * missed; then the learning replay (learning/<page>/) and its cost to the other sets. `-- --misses`
 * lists the misses; `-- --set NAME` runs the sets whose file name contains NAME (and no replay);
 * `-- --no-learning` skips the replay.
 */

const { values } = parseArgs({
  options: { misses: { type: "boolean" }, set: { type: "string" }, "no-learning": { type: "boolean" } },
});
const dir = new URL(".", import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith(".json") && (!values.set || f.includes(values.set)));
const pct = (t: Tally) => `${((100 * t.correct) / Math.max(1, t.total)).toFixed(1)}%`.padStart(6);
const frac = (t: Tally) => `${t.correct}/${t.total}`.padStart(8);
let failed = false;
console.log(
  `${"set".padEnd(44)} ${"top-ranked".padStart(17)} ${"answered right".padStart(17)} ${"abstained".padStart(17)} ${"overall".padStart(17)} | BM25 top  BM25 overall`,
);
const rows: string[] = [];
const sets: EvalSet[] = [];
const unsureRows: string[] = [];
for (const file of files) {
  const set = readEvalSet(join(dir, file));
  sets.push(set);
  const { index } = await loadCorpus(set.data);
  const r = evaluate(set, index);
  const overall = { total: r.total, correct: r.correct };
  console.log(
    `${r.name.slice(0, 44).padEnd(44)} ${frac(r.topRanked)} ${pct(r.topRanked)} ${frac(r.answerable)} ${pct(r.answerable)} ${frac(r.offTopic)} ${pct(r.offTopic)} ${frac(overall)} ${pct(overall)} |   ${pct(r.baseline.topRanked)}       ${pct(r.baseline.overall)}`,
  );
  const u = r.unsure;
  if (u.replies)
    unsureRows.push(
      `${r.name.slice(0, 44).padEnd(44)} ${frac({ total: u.total, correct: u.first })} ${frac({ total: u.total, correct: u.shown })} ${(u.passages / u.replies).toFixed(1).padStart(9)}`,
    );
  if (values.misses)
    for (const m of r.misses)
      rows.push(
        `[${r.name.slice(0, 20)}] MISS "${m.q}"\n   expected ${m.expected}\n   got      ${m.got.slice(0, 160)}`,
      );
  if (set.minimum !== undefined && r.score < set.minimum) failed = true;
}
// The unsure reply offers its closest passage and those nearly as close: is the answer among them?
console.log(
  `\n${"unsure replies (answerable questions)".padEnd(44)} ${"first".padStart(8)} ${"shown".padStart(8)} passages`,
);
console.log(unsureRows.join("\n"));
if (rows.length) console.log(`\n${rows.join("\n")}`);
// What a class teaches (issue 17): the replay, then what it costs the other sets.
if (!values["no-learning"] && !values.set) {
  const run = await runLearning(join(dir, "learning"), values.misses === true);
  if (run && !(await learningCost(sets, run))) failed = true;
}
process.exitCode = failed ? 1 : 0;
