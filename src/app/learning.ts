import type { Logger } from "pino";
import { type Answer, type AnswerOptions, answerQuestion, rankQuestion } from "../core/answer";
import type { CorpusIndex } from "../core/corpus-index";
import type { Fact } from "../core/facts";
import { faqLinks } from "../core/learning/faq";
import { type LearnedUse, LearnedView } from "../core/learning/learned-index";
import {
  deriveLinks,
  type LearnedLink,
  type Mark,
  questionKey,
  type Rejection,
  type Role,
} from "../core/learning/trust";
import type { DroppedLink, LearningBackend } from "../store/learning-backend";
import { DropGuard } from "./drop-guard";

/**
 * The class teaching the bot, for every adapter: students' "this answered it" and 👎, the teacher's
 * `teach` and `forget`, and answering with what was learned. Marks are kept in the store and in
 * memory; with PostgreSQL, replicas poll the store's version and reload what changed. Which class a
 * question belongs to (its documents) and who is a teacher are the caller's to say.
 */

export interface Asker {
  platform: string;
  userId: string;
}

export type LearnResult =
  | { ok: true; link: LearnedLink | null; message: string }
  | { ok: false; error: string };

export interface LearningOptions {
  backend: LearningBackend | Promise<LearningBackend | null> | null;
  /** the question log's keyed hash */
  userHash: (platform: string, userId: string) => string;
  logger: Logger;
  now?: () => number;
  /** how often to look for other processes' marks (PostgreSQL); 0: never */
  pollMs?: number;
  use?: LearnedUse;
}

/** Replicas on one server see each other's new links within this (the issue asks for 5 s). */
export const POLL_MS = 2_000;
const MAX_QUOTE_MATCHES = 5;

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

export class Learning {
  private marks = new Map<string, Mark>();
  private rejections = new Map<string, Rejection>();
  private generation = 0;
  private linksByClass: Map<string, LearnedLink[]> | null = null;
  private readonly views = new WeakMap<CorpusIndex, Map<string, { generation: number; view: LearnedView }>>();
  private readonly guard = new DropGuard();
  private backend: LearningBackend | null = null;
  private version = "";
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => number;
  /** resolves once what the store holds is loaded (or it cannot be) */
  readonly ready: Promise<void>;

  constructor(private readonly options: LearningOptions) {
    this.now = options.now ?? Date.now;
    this.ready = (async () => {
      try {
        this.backend = await options.backend;
        if (!this.backend) return;
        await this.reload();
        if (options.pollMs) {
          this.timer = setInterval(() => void this.refresh(), options.pollMs);
          this.timer.unref();
        }
      } catch (error) {
        this.backend = null;
        // A stop that closes the store while the marks load is not a failure worth an error.
        if (!this.closed)
          options.logger.error({ err: error }, "learning unavailable: cannot read learned marks");
      }
    })();
  }

  /** Stops polling; called before the store closes, so a load under way ends quietly. */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  /** Whether marks can be taken (the store is open and QUESTION_LOG_DAYS is not 0). */
  get enabled(): boolean {
    return this.backend !== null;
  }

  /** Reloads from the store if another process changed it. */
  async refresh(): Promise<void> {
    const backend = this.backend;
    if (!backend) return;
    try {
      if ((await backend.version()) !== this.version) await this.reload();
    } catch (error) {
      this.options.logger.warn({ err: error }, "learned marks refresh failed");
    }
  }

  private async reload(): Promise<void> {
    const backend = this.backend as LearningBackend;
    const version = await backend.version();
    const { marks, rejections } = await backend.load();
    this.marks = new Map(marks.map((m) => [markKey(m), m]));
    this.rejections = new Map(rejections.map((r) => [rejectionKey(r), r]));
    this.version = version;
    this.changed();
  }

  private changed(): void {
    this.generation++;
    this.linksByClass = null;
  }

  /** Every link of a class, trusted or not (for the teacher's report). */
  links(classKey: string): LearnedLink[] {
    if (!this.linksByClass) {
      this.linksByClass = new Map();
      for (const link of deriveLinks([...this.marks.values()], [...this.rejections.values()])) {
        const list = this.linksByClass.get(link.classKey);
        if (list) list.push(link);
        else this.linksByClass.set(link.classKey, [link]);
      }
    }
    return this.linksByClass.get(classKey) ?? [];
  }

  /** What the class taught, over this index (the class's own documents); null when nothing. */
  view(index: CorpusIndex, classKey: string): LearnedView | null {
    const links = [...faqLinks(index), ...this.links(classKey)];
    if (links.length === 0) return null;
    let byClass = this.views.get(index);
    if (!byClass) {
      byClass = new Map();
      this.views.set(index, byClass);
    }
    const cached = byClass.get(classKey);
    if (cached && cached.generation === this.generation) return cached.view;
    const view = new LearnedView(index, links, this.options.use);
    byClass.set(classKey, { generation: this.generation, view });
    // Only a passage whose document was read is gone (drop-guard.ts): unread uploads keep their links.
    const gone = this.guard.gone(classKey, index, view.dropped);
    if (gone.length) this.drop(classKey, gone);
    return view;
  }

  /** Answers with what the class taught. */
  answer(index: CorpusIndex, classKey: string, question: string, options: AnswerOptions = {}): Answer {
    return answerQuestion(index, question, { ...options, learned: this.view(index, classKey) });
  }

  // The documents changed and these passages are gone: their links go, and the report says so.
  private drop(classKey: string, links: readonly LearnedLink[]): void {
    const passages = new Set(links.map((l) => l.passage));
    for (const [k, m] of this.marks)
      if (m.classKey === classKey && passages.has(m.passage)) this.marks.delete(k);
    this.changed();
    this.options.logger.info(
      { classKey, links: links.length },
      `${links.length} learned link(s) dropped: their passage is no longer in the documents`,
    );
    this.backend
      ?.drop(classKey, links, new Date(this.now()))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, "dropping learned links failed"));
  }

  /** Links dropped since `since` because their passage left the documents. */
  async dropped(since: Date): Promise<DroppedLink[]> {
    return (await this.backend?.dropped(since)) ?? [];
  }

  private async put(mark: Mark): Promise<void> {
    await (this.backend as LearningBackend).putMark(mark);
    this.marks.set(markKey(mark), mark);
    this.changed();
  }

  private async off(): Promise<LearnResult | null> {
    await this.ready;
    return this.backend ? null : { ok: false, error: "learning is off (no store, or QUESTION_LOG_DAYS=0)" };
  }

  /** "This answered it": the passage `factId` answered `question` for this user. */
  async helpful(input: Asker & { classKey: string; index: CorpusIndex; question: string; factId: string }) {
    return this.vote(input, 1, "student");
  }

  /** 👎 on the reply that gave passage `factId` for `question`. */
  async unhelpful(input: Asker & { classKey: string; index: CorpusIndex; question: string; factId: string }) {
    return this.vote(input, -1, "student");
  }

  private async vote(
    input: Asker & { classKey: string; index: CorpusIndex; question: string; factId: string },
    vote: 1 | -1,
    role: Role,
  ): Promise<LearnResult> {
    const off = await this.off();
    if (off) return off;
    const fact = input.index.facts.find((f) => f.id === input.factId);
    if (!fact) return { ok: false, error: `no passage ${input.factId} in this class's documents` };
    if (!questionKey(input.question)) return { ok: false, error: "no question to link the passage to" };
    await this.put(this.markOf(input, fact, vote, role));
    const link = this.links(input.classKey).find(
      (l) => l.questionKey === questionKey(input.question) && l.passage === fact.text,
    );
    return {
      ok: true,
      link: link ?? null,
      message: vote > 0 ? "Thanks: noted what answered it." : "Thanks for telling us.",
    };
  }

  private markOf(
    input: Asker & { classKey: string; question: string },
    fact: Fact,
    vote: 1 | -1,
    role: Role,
  ): Mark {
    return {
      classKey: input.classKey,
      userHash: this.options.userHash(input.platform, input.userId),
      role,
      question: input.question,
      factId: fact.id,
      passage: fact.text,
      vote,
      at: new Date(this.now()),
    };
  }

  /**
   * The teacher links a question to the passage holding `quote`. A quote in no passage is refused;
   * in several, the one the question itself ranks first is taught, and the reply names the others.
   */
  async teach(
    input: Asker & { classKey: string; index: CorpusIndex; question: string; quote: string },
  ): Promise<LearnResult> {
    const off = await this.off();
    if (off) return off;
    const quote = normalise(input.quote);
    if (!quote) return { ok: false, error: "give a quote from the passage: teach QUESTION => QUOTE" };
    if (!questionKey(input.question))
      return { ok: false, error: "give the question: teach QUESTION => QUOTE" };
    const found = input.index.facts.filter((f) => normalise(f.text).includes(quote));
    if (found.length === 0)
      return { ok: false, error: `"${input.quote}" is in no passage of this class's documents` };
    let fact = found[0] as Fact;
    if (found.length > 1) {
      const ranked = rankQuestion(input.index, input.question).ranked.map((r) => r.candidate.fact.id);
      const best = found
        .map((f) => ({ f, at: ranked.indexOf(f.id) }))
        .filter((x) => x.at >= 0)
        .sort((a, b) => a.at - b.at)[0];
      if (!best)
        return {
          ok: false,
          error: `"${input.quote}" is in ${found.length} passages: ${found
            .slice(0, MAX_QUOTE_MATCHES)
            .map((f) => `${f.id} "${f.text.slice(0, 80)}"`)
            .join("; ")}; quote more of the one you mean`,
        };
      fact = best.f;
    }
    await this.put(this.markOf(input, fact, 1, "teacher"));
    const link = this.links(input.classKey).find(
      (l) => l.questionKey === questionKey(input.question) && l.passage === fact.text,
    );
    const others = found.length - 1;
    return {
      ok: true,
      link: link ?? null,
      message: `Taught: "${input.question}" => ${fact.id}${others ? ` (the quote is also in ${others} other passage(s))` : ""}`,
    };
  }

  /** The teacher's rejection of a link (by its id): that question no longer leads to that passage. */
  async forget(classKey: string, id: string): Promise<LearnResult> {
    const off = await this.off();
    if (off) return off;
    const link = this.links(classKey).find((l) => l.id === id.trim());
    if (!link) return { ok: false, error: `no learned link ${id} in this class` };
    const rejection = {
      classKey,
      questionKey: link.questionKey,
      passage: link.passage,
      at: new Date(this.now()),
    };
    await (this.backend as LearningBackend).reject(rejection);
    this.rejections.set(rejectionKey(rejection), rejection);
    this.changed();
    return { ok: true, link, message: `Forgotten: "${link.question}" no longer leads to that passage.` };
  }
}

const markKey = (m: Mark) => `${m.classKey}\u0000${m.userHash}\u0000${questionKey(m.question)}`;
const rejectionKey = (r: Rejection) => `${r.classKey}\u0000${r.questionKey}\u0000${r.passage}`;
