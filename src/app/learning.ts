import type { Logger } from "pino";
import { type Answer, type AnswerOptions, answerQuestion } from "../core/answer";
import type { CorpusIndex } from "../core/corpus-index";
import type { Fact } from "../core/facts";
import { faqLinks } from "../core/learning/faq";
import { type LearnedUse, LearnedView } from "../core/learning/learned-index";
import { type LearnedLink, type Mark, questionKey, type Role } from "../core/learning/trust";
import { findQuoted, passageWithCitation } from "../report/passage-quote";
import type { DroppedLink, LearningBackend } from "../store/learning-backend";
import { DropGuard } from "./drop-guard";
import { LearnedMarks } from "./learned-marks";

/**
 * The class teaching the bot, for every adapter: students' "this answered it" and 👎, the teacher's
 * `teach` and `forget`, and answering with what was learned. Marks are kept in the store and in
 * memory (learned-marks.ts); with PostgreSQL, replicas poll the store's version and reload what
 * changed. Which class a question belongs to (its documents) and who is a teacher are the caller's
 * to say; each teacher's change is logged with the teacher's keyed hash.
 */

export interface Asker {
  platform: string;
  userId: string;
}

/** Who changes what a class learned: a chat user, or a teacher by the keyed hash (the web page). */
export type Who = Asker | { userHash: string };

/** A passage as the teacher's reply shows it. */
export interface TaughtPassage {
  factId: string;
  text: string;
  citation: string;
}

export type LearnResult =
  | { ok: true; link: LearnedLink | null; message: string; passage?: TaughtPassage; others?: string[] }
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
  /** why there is no backend, told to a teacher who teaches (default: no store, or QUESTION_LOG_DAYS=0) */
  offReason?: string;
}

/** Replicas on one server see each other's new links within this (the issue asks for 5 s). */
export const POLL_MS = 2_000;

type InClass = { classKey: string; index: CorpusIndex; question: string };

export class Learning {
  private readonly marks = new LearnedMarks();
  private readonly views = new WeakMap<CorpusIndex, Map<string, { generation: number; view: LearnedView }>>();
  private readonly guard = new DropGuard();
  private backend: LearningBackend | null = null;
  private whyOff: string;
  private version = "";
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => number;
  /** resolves once what the store holds is loaded (or it cannot be) */
  readonly ready: Promise<void>;

  constructor(private readonly options: LearningOptions) {
    this.now = options.now ?? Date.now;
    this.whyOff = options.offReason ?? "no store, or QUESTION_LOG_DAYS=0";
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
        this.whyOff = `the store cannot be read (${(error as Error).message})`;
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

  /** Why marks cannot be taken, once that is known; null while they can (or the store is still opening). */
  get offReason(): string | null {
    return this.backend ? null : this.whyOff;
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
    this.marks.replace(marks, rejections);
    this.version = version;
  }

  /** Every link of a class, trusted or not (for the teacher's report). */
  links(classKey: string): LearnedLink[] {
    return this.marks.links(classKey);
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
    if (cached && cached.generation === this.marks.generation) return cached.view;
    const view = new LearnedView(index, links, this.options.use);
    byClass.set(classKey, { generation: this.marks.generation, view });
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
    this.marks.dropPassages(classKey, new Set(links.map((l) => l.passage)));
    this.options.logger.info(
      { classKey, links: links.length },
      `${links.length} learned link(s) dropped: their passage is no longer in the documents`,
    );
    this.backend
      ?.drop(classKey, links, new Date(this.now()))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, "dropping learned links failed"));
  }

  /** Links dropped since `since` because their passage left the documents (every class). */
  async dropped(since: Date): Promise<DroppedLink[]> {
    return (await this.backend?.dropped(since)) ?? [];
  }

  private async put(mark: Mark): Promise<void> {
    await (this.backend as LearningBackend).putMark(mark);
    this.marks.put(mark);
  }

  private async off(): Promise<LearnResult | null> {
    await this.ready;
    return this.backend ? null : { ok: false, error: `Learning is off: ${this.whyOff}.` };
  }

  /** "This answered it": the passage `factId` answered `question` for this user. */
  async helpful(input: Asker & InClass & { factId: string }) {
    return this.vote(input, 1, "student");
  }

  /** 👎 on the reply that gave passage `factId` for `question`. */
  async unhelpful(input: Asker & InClass & { factId: string }) {
    return this.vote(input, -1, "student");
  }

  private async vote(
    input: Asker & InClass & { factId: string },
    vote: 1 | -1,
    role: Role,
  ): Promise<LearnResult> {
    const off = await this.off();
    if (off) return off;
    const fact = input.index.facts.find((f) => f.id === input.factId);
    if (!fact) return { ok: false, error: `no passage ${input.factId} in this class's documents` };
    if (!questionKey(input.question)) return { ok: false, error: "no question to link the passage to" };
    await this.put(this.markOf(input, fact, vote, role));
    return {
      ok: true,
      link: this.marks.linkFor(input.classKey, input.question, fact.text),
      message: vote > 0 ? "Thanks: noted what answered it." : "Thanks for telling us.",
    };
  }

  private hashOf(who: Who): string {
    return "userHash" in who ? who.userHash : this.options.userHash(who.platform, who.userId);
  }

  private markOf(
    input: Who & { classKey: string; question: string },
    fact: Fact,
    vote: 1 | -1,
    role: Role,
  ): Mark {
    return {
      classKey: input.classKey,
      userHash: this.hashOf(input),
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
  async teach(input: Who & InClass & { quote: string }): Promise<LearnResult> {
    const off = await this.off();
    if (off) return off;
    if (!input.quote.trim())
      return { ok: false, error: "give a quote from the passage: teach QUESTION => QUOTE" };
    if (!questionKey(input.question))
      return { ok: false, error: "give the question: teach QUESTION => QUOTE" };
    const found = findQuoted(input.index, input.question, input.quote);
    if (!found.ok) return { ok: false, error: found.error };
    return this.link(input, found.fact, found.others);
  }

  /** The teacher links a question to one passage, by its id (the teacher's page picks it). */
  async teachPassage(input: Who & InClass & { factId: string }): Promise<LearnResult> {
    const off = await this.off();
    if (off) return off;
    if (!questionKey(input.question)) return { ok: false, error: "give the question to teach" };
    const fact = input.index.facts.find((f) => f.id === input.factId);
    if (!fact) return { ok: false, error: `no passage ${input.factId} in this class's documents` };
    return this.link(input, fact, []);
  }

  private async link(input: Who & InClass, fact: Fact, others: readonly Fact[]): Promise<LearnResult> {
    await this.put(this.markOf(input, fact, 1, "teacher"));
    const link = this.marks.linkFor(input.classKey, input.question, fact.text);
    this.options.logger.info(
      { classKey: input.classKey, teacher: this.hashOf(input), link: link?.id, factId: fact.id },
      "teacher taught a link",
    );
    const passage = passageWithCitation(input.index, input.question, fact);
    return {
      ok: true,
      link,
      passage,
      others: others.map((f) => f.id),
      message: `Taught: "${input.question}" => ${fact.id}${others.length ? ` (the quote is also in ${others.length} other passage(s))` : ""}`,
    };
  }

  /** The teacher's rejection of a link (by its id): that question no longer leads to that passage. */
  async forget(classKey: string, id: string, by?: Who): Promise<LearnResult> {
    const off = await this.off();
    if (off) return off;
    const link = this.links(classKey).find((l) => l.id === id.trim());
    if (!link) return { ok: false, error: `no learned link ${id.trim()} in this class` };
    const rejection = {
      classKey,
      questionKey: link.questionKey,
      passage: link.passage,
      at: new Date(this.now()),
    };
    await (this.backend as LearningBackend).reject(rejection);
    this.marks.reject(rejection);
    this.options.logger.info(
      { classKey, teacher: by ? this.hashOf(by) : undefined, link: link.id, factId: link.factId },
      "teacher forgot a link",
    );
    return { ok: true, link, message: `Forgotten: "${link.question}" no longer leads to that passage.` };
  }
}
