import type { LogBackend, QuestionRow, ReportRow, VoteResult } from "./types";

/** The same operations in memory: for tests, and as the reference the SQL backend is checked against. */

export interface MemoryBackend extends LogBackend {
  readonly questions: ReadonlyMap<string, QuestionRow>;
  readonly votes: ReadonlyMap<string, { questionId: string; userHash: string; vote: 1 | -1 }>;
}

export function memoryBackend(): MemoryBackend {
  const questions = new Map<string, QuestionRow>();
  const votes = new Map<string, { questionId: string; userHash: string; vote: 1 | -1 }>();
  return {
    questions,
    votes,
    async insertQuestions(rows) {
      for (const r of rows) if (!questions.has(r.id)) questions.set(r.id, { ...r });
    },
    async vote({ questionId, userHash, vote }): Promise<VoteResult> {
      if (!questions.has(questionId)) return "unknown_question";
      votes.set(`${questionId}\u0000${userHash}`, { questionId, userHash, vote: vote === "good" ? 1 : -1 });
      return "recorded";
    },
    async prune(before) {
      let n = 0;
      for (const [id, q] of questions) {
        if (q.askedAt < before) {
          questions.delete(id);
          n++;
          for (const [key, v] of votes) if (v.questionId === id) votes.delete(key);
        }
      }
      return n;
    },
    async question(id) {
      const q = questions.get(id);
      return q ? { ...q } : null;
    },
    async reportRows(since): Promise<ReportRow[]> {
      return [...questions.values()]
        .filter((q) => q.askedAt >= since)
        .sort((a, b) => a.askedAt.getTime() - b.askedAt.getTime())
        .map((q) => {
          const mine = [...votes.values()].filter((v) => v.questionId === q.id);
          return {
            id: q.id,
            askedAt: q.askedAt,
            question: q.question,
            tier: q.tier,
            factId: q.factId,
            documents: q.documents ?? null,
            good: mine.filter((v) => v.vote > 0).length,
            bad: mine.filter((v) => v.vote < 0).length,
          };
        });
    },
  };
}
