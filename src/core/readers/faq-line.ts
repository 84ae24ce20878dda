/**
 * An FAQ's `Q:` and `A:` lines, on their own so that the plain-text reader (document.ts) can keep
 * them as prose without importing the FAQ reader, which imports document.ts (no import cycle).
 */

export const Q = /^\s*(?:q|question)\s*[:.)]\s*(\S[\s\S]*)$/i;
export const A = /^\s*(?:a|answer)\s*[:.)]\s*(\S[\s\S]*)$/i;

/** Whether a line starts a question or an answer of an FAQ (the plain-text reader keeps it as prose). */
export function isFaqLine(line: string): boolean {
  return Q.test(line) || A.test(line);
}
