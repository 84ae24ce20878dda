import type { Learning } from "./app/learning";
import type { Answer, AnswerFact, AnswerOptions } from "./core/answer";
import type { CorpusIndex } from "./core/corpus-index";

/**
 * The CLI's batch form (`ask --json`): each input line is a plain question or one JSON object (a
 * user's question, their "this answered it" or 👎, the teacher's teach), and each gets exactly one
 * JSON line back, in order. A bad line gets `{"error": ...}`; nothing a line holds stops the batch.
 */

export function factJson(f: AnswerFact | null) {
  return f
    ? {
        text: f.text,
        factId: f.factId,
        source: {
          title: f.source.title,
          source: f.source.source,
          published: f.source.published,
          section: f.source.section,
          page: f.source.page,
        },
      }
    : null;
}

export function answerJson(a: Answer) {
  return {
    question: a.question,
    answered: a.tier === "answer",
    answer: factJson(a.tier === "answer" ? a.answer : null),
    confidence: a.confidence,
    // `related` keeps its meaning (facts beside an answer); an unsure reply's others are `alsoClose`.
    related: a.tier === "answer" ? a.related.map((r) => ({ text: r.text, factId: r.factId })) : [],
    tier: a.tier,
    closest: factJson(a.closest),
    alsoClose: a.tier === "closest" ? a.related.map(factJson) : [],
    ...(a.learned ? { learned: true } : {}),
  };
}

interface LastReply {
  question: string;
  /** the passages the reply offered (answer, closest, alsoClose) */
  offered: Set<string>;
  /** the passage 👎 is about: the answer, or else the closest */
  given: string | null;
}

export interface BatchOptions {
  index: () => CorpusIndex;
  classKey: string;
  learning: Learning;
  answerOptions: AnswerOptions;
  platform?: string;
}

const text = (v: unknown): v is string => typeof v === "string" && v.trim().length > 0;

/** One batch session: remembers each user's last reply, for their marks. */
export function batchSession(options: BatchOptions) {
  const { learning, classKey } = options;
  const platform = options.platform ?? "cli";
  // A Map, not an object: "constructor" or "__proto__" are user names like any other.
  const last = new Map<string, LastReply>();

  const ask = (user: string | null, question: string) => {
    const index = options.index();
    const a = learning.answer(index, classKey, question, options.answerOptions);
    if (user !== null) {
      const offered = new Set(
        [a.answer, a.closest, ...a.related].filter((f) => f !== null).map((f) => f.factId),
      );
      last.set(user, { question: a.question, offered, given: (a.answer ?? a.closest)?.factId ?? null });
    }
    return answerJson(a);
  };

  async function handle(line: string): Promise<object> {
    if (!line.trimStart().startsWith("{")) return ask(null, line);
    let input: unknown;
    try {
      input = JSON.parse(line);
    } catch (error) {
      return { error: `not a JSON object: ${(error as Error).message}` };
    }
    if (typeof input !== "object" || input === null || Array.isArray(input))
      return { error: "expected one JSON object per line" };
    const o = input as Record<string, unknown>;
    const own = (k: string) => (Object.hasOwn(o, k) ? o[k] : undefined);
    const user = own("user");
    const teacher = own("teacher");
    if (text(teacher) && own("teach") !== undefined) {
      const q = own("teach");
      const passage = own("passage");
      if (!text(q) || !text(passage))
        return { error: 'teach needs "teach" (the question) and "passage" (a quote)' };
      const r = await learning.teach({
        platform,
        userId: teacher,
        classKey,
        index: options.index(),
        question: q,
        quote: passage,
      });
      return r.ok
        ? { ok: true, taught: r.link?.factId ?? null, link: r.link?.id ?? null, message: r.message }
        : { error: r.error };
    }
    if (!text(user))
      return { error: 'expected "user" with "q", "helpful" or "unhelpful", or "teacher" with "teach"' };
    if (own("q") !== undefined) {
      const q = own("q");
      if (typeof q !== "string") return { error: '"q" must be a string' };
      return ask(user, q);
    }
    const helpful = own("helpful");
    if (helpful !== undefined || own("unhelpful") === true) {
      const prior = last.get(user);
      if (!prior) return { error: `${user} has asked nothing yet` };
      const factId = helpful !== undefined ? helpful : prior.given;
      if (!text(factId))
        return {
          error: helpful !== undefined ? '"helpful" must be a factId' : "the last reply offered no passage",
        };
      if (!prior.offered.has(factId))
        return { error: `${factId} was not offered for ${user}'s last question ("${prior.question}")` };
      const input2 = {
        platform,
        userId: user,
        classKey,
        index: options.index(),
        question: prior.question,
        factId,
      };
      const r = helpful !== undefined ? await learning.helpful(input2) : await learning.unhelpful(input2);
      return r.ok
        ? {
            ok: true,
            [helpful !== undefined ? "helpful" : "unhelpful"]: factId,
            link: r.link?.id ?? null,
            trusted: r.link?.trusted ?? false,
          }
        : { error: r.error };
    }
    return { error: 'a "user" line needs "q", "helpful" or "unhelpful": true' };
  }

  return {
    async line(line: string): Promise<string> {
      try {
        return JSON.stringify(await handle(line));
      } catch (error) {
        return JSON.stringify({ error: `could not handle this line: ${(error as Error).message}` });
      }
    },
  };
}
