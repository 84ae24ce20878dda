import type { CorpusIndex } from "../core/corpus-index";
import type { Fact } from "../core/facts";
import { classKeyOf } from "./class-key";
import type { Incoming } from "./incoming";
import type { Offer, OfferedPassage, RecentOffers } from "./offers";
import type { AppServices } from "./services";
import { within } from "./within";

/**
 * A click that marks a passage: "This answered it" on an unsure reply's passage, or 👍 / 👎 on a
 * confident answer. The click carries the question's log id and the passage's position; this finds
 * the question, its class and the passage again (this process's recent replies, else the question
 * log), checks the click comes from that class and the passage is still in its documents, and hands
 * the mark to Learning. Every refusal is a sentence for the clicker, never an error.
 */

export interface MarkDeps {
  services: AppServices;
  offers: RecentOffers;
}

export type MarkOutcome = { ok: true; text: string; trusted: boolean } | { ok: false; text: string };

/** A slow store costs the clicker this at most: the click is then refused, politely. */
const LOOKUP_WAIT_MS = 2_000;

export const MARK_TEXT = {
  off: "Marks are not kept here: learning is off (no store, or QUESTION_LOG_DAYS=0).",
  stale: "That reply is too old to mark: ask your question again and mark the passage there.",
  unknownPosition:
    "I can no longer tell which passage that was (the reply is from before a restart, or another server): ask your question again and mark it there.",
  otherClass: "That reply was given in another class: mark passages where the question was asked.",
  noDocuments: "No documents are set up for this channel, so nothing can be marked here.",
  gone: "That passage is no longer in the documents: ask your question again.",
  failed: "Sorry, your mark could not be recorded. Please try again.",
} as const;

// The question log's row for a reply this process no longer remembers: it keeps the question, its
// channel and its main passage (by id), not the others a reply offered.
async function fromLog(services: AppServices, questionId: string): Promise<Offer | null> {
  const backend = await within(services.storage?.backend() ?? Promise.resolve(null), LOOKUP_WAIT_MS, null);
  const read = backend?.question?.(questionId);
  const row = read ? await within(read, LOOKUP_WAIT_MS, null) : null;
  if (!row) return null;
  return {
    question: row.question,
    classKey: classKeyOf(row.channel),
    tier: row.tier,
    passages: row.factId ? [{ factId: row.factId, text: "" }] : [],
  };
}

/** The fact a passage is now: the same id with the same text, else the same text (it moved); "" text: by id. */
function currentFact(index: CorpusIndex, passage: OfferedPassage): Fact | null {
  const same = index.facts.find((f) => f.id === passage.factId);
  if (same && (passage.text === "" || same.text === passage.text)) return same;
  return passage.text ? (index.facts.find((f) => f.text === passage.text) ?? null) : null;
}

/** The reply `questionId` offered, as this process remembers it or the question log has it. */
export async function findOffer(deps: MarkDeps, questionId: string): Promise<Offer | null> {
  return deps.offers.get(questionId) ?? (await fromLog(deps.services, questionId).catch(() => null));
}

/**
 * Marks passage `position` of reply `questionId` for the clicker: +1 "this answered it", -1 👎.
 * `offer` is the reply when the caller already found it.
 */
export async function markPassage(
  deps: MarkDeps,
  from: Incoming,
  click: { questionId: string; position: number; vote: 1 | -1; offer?: Offer | null },
): Promise<MarkOutcome> {
  const { services } = deps;
  const learning = services.learning;
  if (!learning) return { ok: false, text: MARK_TEXT.off };
  // The store may still be opening (it is tried again with backoff): the clicker waits a little.
  await within(learning.ready, LOOKUP_WAIT_MS, null);
  if (!learning.enabled) return { ok: false, text: MARK_TEXT.off };
  const offer = click.offer ?? (await findOffer(deps, click.questionId));
  if (!offer) return { ok: false, text: MARK_TEXT.stale };
  const classKey = classKeyOf(from.channel);
  if (offer.classKey !== classKey) return { ok: false, text: MARK_TEXT.otherClass };
  const index = services.scope ? services.scope(from.channel ?? undefined) : services.index;
  if (!index) return { ok: false, text: MARK_TEXT.noDocuments };
  const passage = offer.passages[click.position];
  if (!passage) return { ok: false, text: MARK_TEXT.unknownPosition };
  const fact = currentFact(index, passage);
  if (!fact) return { ok: false, text: MARK_TEXT.gone };
  const input = {
    platform: from.platform,
    userId: from.user,
    classKey,
    index,
    question: offer.question,
    factId: fact.id,
  };
  try {
    const result = click.vote > 0 ? await learning.helpful(input) : await learning.unhelpful(input);
    if (!result.ok) return { ok: false, text: result.error };
    const asked = offer.question.length > 100 ? `${offer.question.slice(0, 99)}…` : offer.question;
    const trusted = result.link?.trusted === true;
    if (click.vote < 0) return { ok: true, text: "Thanks: noted that it did not answer it.", trusted };
    return {
      ok: true,
      trusted,
      text: trusted
        ? `Thanks: noted that this answered "${asked}". It is confirmed now: I will answer questions like it with this passage.`
        : `Thanks: noted that this answered "${asked}". When another student confirms it, I will answer questions like it with this passage. (Changed your mind? Mark another passage.)`,
    };
  } catch (error) {
    services.logger.error({ err: error, platform: from.platform }, "mark failed");
    return { ok: false, text: MARK_TEXT.failed };
  }
}
