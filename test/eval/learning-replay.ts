import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { Learning } from "../../src/app/learning";
import { batchSession } from "../../src/batch";
import type { CorpusIndex } from "../../src/core/corpus-index";
import type { LearnedUse } from "../../src/core/learning/learned-index";
import { classKey, type LearnedLink } from "../../src/core/learning/trust";
import { loadCorpus } from "../../src/core/load";
import { memoryLearningBackend } from "../../src/store/learning-backend";

/**
 * The learning replay (issue 17), in process: the same steps as /work/shared/eval/learning-replay.mjs
 * drives through `ask --json`. Students 1 and 2 ask and mark the right passage when it is offered;
 * the teacher teaches what fewer than two could mark; students 3 and 4 ask. An unanswerable need's
 * first student marks the first passage offered (wrongly), and nobody else does.
 */

export interface Group {
  id: string;
  expect: string[] | null;
  phrasings: string[];
}

export type Mode = "baseline" | "students" | "teacher";

export interface ReplayTally {
  asked: number;
  confident: number;
  top: number;
  nullAsked: number;
  nullAnswered: number;
  taughtByStudents: number;
  taughtByTeacher: number;
}

interface Offered {
  text: string;
  factId: string;
}
interface Reply {
  answered?: boolean;
  tier?: string;
  answer?: Offered | null;
  closest?: Offered | null;
  alsoClose?: Offered[];
}

const norm = (s: string) =>
  ` ${s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, " ")} `;
const has = (text: string, expect: readonly string[]) =>
  expect.some((e) => norm(text).includes(norm(e).trim()));
const offered = (r: Reply) => [r.answer, r.closest, ...(r.alsoClose ?? [])].filter((x): x is Offered => !!x);

export function readGroups(dir: string): Group[] {
  return readFileSync(join(dir, "groups.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Group);
}

export function learningPages(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(root, d.name))
      .sort();
  } catch {
    return [];
  }
}

export async function replay(
  index: CorpusIndex,
  groups: readonly Group[],
  mode: Mode,
  use?: LearnedUse,
): Promise<{ tally: ReplayTally; links: LearnedLink[]; misses: string[] }> {
  const learning = new Learning({
    backend: memoryLearningBackend(),
    userHash: (p, u) => `${p}:${u}`,
    logger: pino({ level: "silent" }),
    ...(use ? { use } : {}),
  });
  await learning.ready;
  const session = batchSession({ index: () => index, classKey: classKey(), learning, answerOptions: {} });
  const send = async (o: object) => JSON.parse(await session.line(JSON.stringify(o))) as Reply;
  const t: ReplayTally = {
    asked: 0,
    confident: 0,
    top: 0,
    nullAsked: 0,
    nullAnswered: 0,
    taughtByStudents: 0,
    taughtByTeacher: 0,
  };
  const misses: string[] = [];
  if (mode !== "baseline") {
    for (const g of groups) {
      let marked = 0;
      for (const i of [0, 1]) {
        const user = `${g.id}-s${i + 1}`;
        const r = await send({ user, q: g.phrasings[i] });
        if (g.expect === null) {
          const first = offered(r)[0];
          if (i === 0 && first) await send({ user, helpful: first.factId });
          continue;
        }
        const expect = g.expect;
        const right = offered(r).find((p) => has(p.text, expect));
        if (right) {
          await send({ user, helpful: right.factId });
          marked++;
        }
      }
      if (g.expect !== null && marked === 2) t.taughtByStudents++;
      if (g.expect !== null && marked < 2 && mode === "teacher") {
        await send({ teacher: "teacher-1", teach: g.phrasings[0], passage: g.expect[0] });
        t.taughtByTeacher++;
      }
    }
  }
  for (const g of groups) {
    for (const i of [2, 3]) {
      const r = await send({ user: `${g.id}-s${i + 1}`, q: g.phrasings[i] });
      const confident = r.answered === true && r.tier !== "closest";
      if (g.expect === null) {
        t.nullAsked++;
        if (confident) {
          t.nullAnswered++;
          misses.push(`  NULL ANSWERED ${g.id} ${JSON.stringify(g.phrasings[i])}`);
        }
        continue;
      }
      t.asked++;
      if (confident && has(r.answer?.text ?? "", g.expect)) t.confident++;
      else
        misses.push(
          `  MISS ${g.id} ${JSON.stringify(g.phrasings[i])} tier=${r.tier} got ${JSON.stringify((r.answer ?? r.closest)?.text.slice(0, 90) ?? "")}`,
        );
      if (has((r.answer ?? r.closest)?.text ?? "", g.expect)) t.top++;
    }
  }
  const links = learning.links(classKey());
  learning.close();
  return { tally: t, links, misses };
}

export async function replayPage(dir: string, mode: Mode, use?: LearnedUse) {
  const { index } = await loadCorpus(join(dir, "data"));
  return { index, ...(await replay(index, readGroups(dir), mode, use)) };
}
