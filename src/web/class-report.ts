import {
  type GivenTally,
  REPORT_DAYS,
  rankDisliked,
  rankGiven,
  type TeacherReport,
  type VoteTally,
} from "../report/build";
import { groupCountedQuestions } from "../report/group";
import type { ClassReportCounts } from "../store/class-report";
import type { Tier } from "../store/types";

/**
 * The teacher's report (the same TeacherReport as `buildReport` makes from rows, so the same chart
 * and sections) from counts the store made, for a class's page: the days it covers, then a pure
 * function of the counts and the clock.
 */

const TOP = 10;
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The days the report covers: [from, until). */
export function reportWindow(now: number): { from: Date; until: Date } {
  const lastDay = Date.parse(`${day(now)}T00:00:00Z`);
  return { from: new Date(lastDay - (REPORT_DAYS - 1) * DAY_MS), until: new Date(lastDay + DAY_MS) };
}

export function reportFromCounts(
  counts: ClassReportCounts,
  now: number,
  factText: (factId: string) => string | null = () => null,
): TeacherReport {
  const { from } = reportWindow(now);
  const perDay = Array.from({ length: REPORT_DAYS }, (_, i) => ({
    day: day(from.getTime() + i * DAY_MS),
    count: 0,
  }));
  const slot = new Map(perDay.map((d) => [d.day, d]));
  const tierCount = new Map<Tier, number>();
  let total = 0;
  for (const c of counts.perDayTier) {
    const d = slot.get(c.day);
    if (!d) continue;
    d.count += c.count;
    total += c.count;
    tierCount.set(c.tier, (tierCount.get(c.tier) ?? 0) + c.count);
  }
  const tiers: Tier[] = ["answer", "closest", "unknown"];
  const byTier = tiers.map((tier) => {
    const count = tierCount.get(tier) ?? 0;
    return { tier, count, share: total ? count / total : 0 };
  });
  // Each wording counted as often as it was asked; unsure replies count too.
  const tiersOf = new Map<string, { unknown: number; unsure: number }>();
  for (const n of counts.notSure) {
    const entry = tiersOf.get(n.question) ?? { unknown: 0, unsure: 0 };
    if (n.tier === "unknown") entry.unknown += n.count;
    else entry.unsure += n.count;
    tiersOf.set(n.question, entry);
  }
  const unanswered = groupCountedQuestions(counts.notSure)
    .slice(0, TOP)
    .map((g) => {
      const tally = { unknown: 0, unsure: 0 };
      for (const wording of [g.question, ...g.variants]) {
        tally.unknown += tiersOf.get(wording)?.unknown ?? 0;
        tally.unsure += tiersOf.get(wording)?.unsure ?? 0;
      }
      return { ...g, ...tally };
    });

  const given: GivenTally = new Map();
  const givenEntry = (factId: string) => {
    const entry = given.get(factId) ?? { given: 0, good: 0, bad: 0, asked: new Map<string, number>() };
    given.set(factId, entry);
    return entry;
  };
  for (const g of counts.given) {
    const entry = givenEntry(g.factId);
    entry.given += g.count;
    entry.asked.set(g.question, (entry.asked.get(g.question) ?? 0) + g.count);
  }
  const byFact: VoteTally = new Map();
  for (const v of counts.votes) {
    if (v.tier === "answer") {
      const g = givenEntry(v.factId);
      g.good += v.good;
      g.bad += v.bad;
    }
    const entry = byFact.get(v.factId) ?? { bad: 0, good: 0, asked: new Map() };
    entry.bad += v.bad;
    entry.good += v.good;
    entry.asked.set(v.question, (entry.asked.get(v.question) ?? 0) + v.asked);
    byFact.set(v.factId, entry);
  }
  const mostGiven = rankGiven(given, factText);
  const mostDisliked = rankDisliked(byFact, factText);
  const byDocuments = [...counts.byDocuments].sort(
    (a, b) => b.count - a.count || a.documents.localeCompare(b.documents),
  );
  return {
    from: day(from.getTime()),
    to: perDay[perDay.length - 1]?.day ?? day(now),
    perDay,
    total,
    byTier,
    byDocuments,
    unanswered,
    mostGiven,
    mostDisliked,
    // the page reads the database; what a journal still holds is in the chat and terminal report
    waiting: 0,
    setAside: 0,
  };
}
