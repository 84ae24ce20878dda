import type { ConfidenceModel } from "./confidence";
import type { FollowUpContext } from "./follow-up";
import type { LearnedView } from "./learning/learned-index";
import type { QuestionType } from "./question";

/**
 * What answering takes and returns, apart from answer.ts: what works on an answer (learning's use of
 * it) needs its shape, not the answering, so nothing imports answer.ts back.
 */

export interface AnswerOptions {
  /** override the calibrated thresholds (configuration) */
  thresholds?: Partial<ConfidenceModel["thresholds"]>;
  model?: ConfidenceModel;
  /** what the same person asked just before, in the same place (`Answer.context` of that answer) */
  previous?: FollowUpContext | null;
  /** what this class taught, over this index (core/learning) */
  learned?: LearnedView | null;
}

export interface Citation {
  title: string;
  source: string;
  /** null when the document does not say */
  published: string | null;
  /** the section path the fact is in; null for answers about the document itself */
  section: string | null;
  /** the PDF page the fact is on */
  page: number | null;
}

export interface AnswerFact {
  text: string;
  factId: string;
  /** the part of `text` that answers the question (a figure, a date, a name), to emphasise */
  highlight: string | null;
  source: Citation;
}

export type AnswerStatus = "answered" | "unknown" | "empty" | "too_long";
/** answer: confident; closest: the best passage, offered without committing to it; unknown: nothing near. */
export type AnswerTier = "answer" | "closest" | "unknown";

export interface Answer {
  question: string;
  status: AnswerStatus;
  type: QuestionType;
  tier: AnswerTier;
  /** set only for a confident answer */
  answer: AnswerFact | null;
  /** the top-ranked passage whenever there is one, answered or not */
  closest: AnswerFact | null;
  confidence: number;
  /** other passages that match the question nearly as well, beside an answer or the closest passage */
  related: AnswerFact[];
  /** questions the corpus can answer that are close to this one */
  suggestions: string[];
  /** the earlier question this one was read as following up ("and in 2000?"), if any */
  followUp: string | null;
  /** what this question was about: pass it as `previous` with the same person's next question */
  context: FollowUpContext | null;
  /** the reply used something the class taught (a learned question, or words taught for a passage) */
  learned?: boolean;
  /** facts that ranked where they did only with words the class taught for them */
  enriched?: string[];
}
