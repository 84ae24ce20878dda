import { join } from "node:path";
import { buildIndex } from "../../src/core/build-index";
import { faqLinks } from "../../src/core/learning/faq";
import { LearnedView } from "../../src/core/learning/learned-index";
import type { LearnedLink } from "../../src/core/learning/trust";
import { loadCorpus, loadDocuments } from "../../src/core/load";
import { type EvalSet, evaluate } from "./evaluate";
import { learningPages, type Mode, type ReplayTally, readGroups, replay } from "./learning-replay";

/**
 * The learning part of `npm run eval`: the replay over test/eval/learning/<page>/ cold, after the
 * students and after the teacher; and the cost, every other set scored with all that was learned
 * loaded beside its own documents (one class), against the same documents with nothing learned.
 */

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : "n/a");

export interface LearningRun {
  totals: Record<Mode, ReplayTally>;
  links: LearnedLink[];
  pages: string[];
}

export async function runLearning(root: string, verbose = false): Promise<LearningRun | null> {
  const pages = learningPages(root);
  if (pages.length === 0) return null;
  const empty = (): ReplayTally => ({
    asked: 0,
    confident: 0,
    top: 0,
    nullAsked: 0,
    nullAnswered: 0,
    taughtByStudents: 0,
    taughtByTeacher: 0,
  });
  const totals: Record<Mode, ReplayTally> = { baseline: empty(), students: empty(), teacher: empty() };
  const links: LearnedLink[] = [];
  console.log(
    `\n${"learning replay (students 3 and 4)".padEnd(44)} ${"confident right".padStart(16)} ${"first right".padStart(16)} ${"unanswerable answered".padStart(22)}`,
  );
  for (const mode of ["baseline", "students", "teacher"] as const) {
    for (const dir of pages) {
      const { index } = await loadCorpus(join(dir, "data"));
      const r = await replay(index, readGroups(dir), mode);
      for (const k of Object.keys(r.tally) as Array<keyof ReplayTally>) totals[mode][k] += r.tally[k];
      if (mode === "teacher") links.push(...r.links);
      if (verbose && r.misses.length)
        console.log(`[${mode} ${dir.split("/").pop()}]\n${r.misses.join("\n")}`);
    }
    const t = totals[mode];
    const label =
      mode === "baseline" ? "cold" : mode === "students" ? "after the students" : "after the teacher";
    console.log(
      `${label.padEnd(44)} ${`${t.confident}/${t.asked} ${pct(t.confident, t.asked)}`.padStart(16)} ${`${t.top}/${t.asked} ${pct(t.top, t.asked)}`.padStart(16)} ${`${t.nullAnswered}/${t.nullAsked} ${pct(t.nullAnswered, t.nullAsked)}`.padStart(22)}`,
    );
  }
  // The two uses of what was learned, apart (after the teacher): learned questions matched
  // question to question only, and their words lent to the passages only.
  for (const [label, use] of [
    ["  learned questions matched only", { match: true, enrich: false }],
    ["  learned words lent to passages only", { match: false, enrich: true }],
  ] as const) {
    const t = empty();
    for (const dir of pages) {
      const { index } = await loadCorpus(join(dir, "data"));
      const r = await replay(index, readGroups(dir), "teacher", use);
      for (const k of Object.keys(r.tally) as Array<keyof ReplayTally>) t[k] += r.tally[k];
    }
    console.log(
      `${label.padEnd(44)} ${`${t.confident}/${t.asked} ${pct(t.confident, t.asked)}`.padStart(16)} ${`${t.top}/${t.asked} ${pct(t.top, t.asked)}`.padStart(16)} ${`${t.nullAnswered}/${t.nullAsked} ${pct(t.nullAnswered, t.nullAsked)}`.padStart(22)}`,
    );
  }
  return { totals, links, pages };
}

/** Each set's score with the learning pages' documents beside its own, without and with what was learned. */
export async function learningCost(sets: EvalSet[], run: LearningRun): Promise<boolean> {
  const extra = (await Promise.all(run.pages.map((p) => loadDocuments(join(p, "data"))))).flatMap(
    (d) => d.documents,
  );
  console.log(
    `\n${"cost: sets with everything learned loaded".padEnd(44)} ${"without".padStart(9)} ${"with".padStart(9)} ${"change".padStart(8)}`,
  );
  let ok = true;
  for (const set of sets) {
    const { documents } = await loadDocuments(set.data);
    const index = buildIndex([...documents, ...extra]);
    const before = evaluate(set, index).score;
    // The documents' own FAQs stay in force beside what the classes taught (as in Learning.view).
    const after = evaluate(set, index, new LearnedView(index, [...faqLinks(index), ...run.links])).score;
    const change = 100 * (after - before);
    if (change < -1) ok = false;
    console.log(
      `${set.name.slice(0, 44).padEnd(44)} ${pct(before, 1).padStart(9)} ${pct(after, 1).padStart(9)} ${`${change >= 0 ? "+" : ""}${change.toFixed(1)}`.padStart(8)}${change < -1 ? "  (more than one point)" : ""}`,
    );
  }
  return ok;
}
