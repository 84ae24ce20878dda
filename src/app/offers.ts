import type { Tier } from "../store/types";

/**
 * The passages a logged reply offered, kept in memory so a click ("This answered it", 👍 / 👎) can
 * say which passage, for which question, in which class, with a payload short enough for Discord's
 * 100-character custom ids: the question's log id and the passage's position in the reply. A click
 * this process cannot find here (another replica's reply, a reply from before a restart) falls back
 * to the question log, which keeps the question, its channel and its main passage (see marks.ts).
 */

export interface OfferedPassage {
  factId: string;
  /** the passage's text: fact ids move when a document changes, the text decides */
  text: string;
}

export interface Offer {
  question: string;
  classKey: string;
  tier: Tier;
  /** the main passage (the answer, or the closest) first, then each "Also close" */
  passages: OfferedPassage[];
}

/** Enough for the clicks of a busy afternoon; older replies fall back to the question log. */
const DEFAULT_KEEP = 5_000;

export class RecentOffers {
  private readonly offers = new Map<string, Offer>();

  constructor(private readonly keep = DEFAULT_KEEP) {}

  remember(questionId: string, offer: Offer): void {
    this.offers.delete(questionId);
    this.offers.set(questionId, offer);
    // A Map iterates in insertion order: the first key is the oldest.
    while (this.offers.size > this.keep) this.offers.delete(this.offers.keys().next().value as string);
  }

  get(questionId: string): Offer | undefined {
    return this.offers.get(questionId);
  }
}
