import type { CorpusIndex } from "../core/corpus-index";
import { deriveLinks } from "../core/learning/trust";
import type { LearningBackend } from "../store/learning-backend";
import { REPORT_DAYS, type UnansweredGroup } from "./build";
import { type LearnedReport, learnedReport } from "./learned";

const DAY_MS = 86_400_000;

/**
 * What classes taught, read from the store outside the bot (`npm run report`): the links derived
 * from the stored marks as the bot derives them, and the drops of the report's period. One class's
 * (`classKey`), or every class's, each line naming its class.
 */
export async function loadLearned(
  backend: LearningBackend,
  now: number,
  options: {
    classKey?: string | undefined;
    unanswered: readonly UnansweredGroup[];
    index: CorpusIndex | null;
  },
): Promise<LearnedReport> {
  const { marks, rejections } = await backend.load();
  const { classKey } = options;
  const mine = <T extends { classKey: string }>(list: readonly T[]) =>
    classKey === undefined ? [...list] : list.filter((x) => x.classKey === classKey);
  const links = deriveLinks(mine(marks), mine(rejections));
  const dropped = mine(await backend.dropped(new Date(now - REPORT_DAYS * DAY_MS)));
  return learnedReport({
    links,
    dropped,
    unanswered: options.unanswered,
    index: options.index,
    classes: classKey === undefined,
  });
}
