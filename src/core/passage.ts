import type { CorpusIndex } from "./corpus-index";
import type { Fact } from "./facts";

/**
 * The passage to show for a fact: the sentence, with a neighbour it cannot be read without. A
 * sentence that opens by pointing back ("It in turn evolved into Modern English.", "But a storm
 * dispersed the fleet.") continues the one before it, so the two are shown together.
 */

const POINTS_BACK =
  /^(?:it|its|this|these|those|they|their|them|he|she|his|her|him|such|both|but|however|also|moreover|furthermore|thus|therefore|hence|then|there|instead|still|yet|in turn|as a result|the latter|the former)\b/i;

export function pointsBack(text: string): boolean {
  return POINTS_BACK.test(text.replace(/^["'(\s]+/, ""));
}

/** The fact's sentence, preceded by the one it points back to and followed by one pointing back to it. */
export function passageOf(index: CorpusIndex, fact: Fact): string {
  const at = index.position(fact);
  if (at < 0) return fact.text;
  const before = index.facts[index.neighbour(at, -1)];
  const after = index.facts[index.neighbour(at, 1)];
  const parts = [fact.text];
  if (before && pointsBack(fact.text)) parts.unshift(before.text);
  if (after && pointsBack(after.text)) parts.push(after.text);
  return parts.join(" ");
}
