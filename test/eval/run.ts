import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadCorpus } from "../../src/core/load";
import { DEFAULT_MIN_SCORE, evaluate, readEvalSet } from "./evaluate";

/** `npm run eval`: the score of every evaluation set in this folder, and what it missed. */

const dir = new URL(".", import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
let failed = false;
for (const file of files) {
  const set = readEvalSet(join(dir, file));
  const { index } = await loadCorpus(set.data);
  const r = evaluate(set, index);
  const pct = (n: number, d: number) => `${n}/${d} (${((100 * n) / Math.max(1, d)).toFixed(1)}%)`;
  console.log(
    `\n${r.name}: ${pct(r.correct, r.total)} (at least ${Math.round(100 * (set.minScore ?? DEFAULT_MIN_SCORE))}% required)`,
  );
  console.log(`  answerable answered right: ${pct(r.answerable.correct, r.answerable.total)}`);
  console.log(`  off-topic abstained:       ${pct(r.offTopic.correct, r.offTopic.total)}`);
  for (const m of r.misses)
    console.log(`  MISS "${m.q}"\n       expected ${m.expected}\n       got      ${m.got.slice(0, 140)}`);
  if (r.score < (set.minScore ?? DEFAULT_MIN_SCORE)) failed = true;
}
process.exitCode = failed ? 1 : 0;
