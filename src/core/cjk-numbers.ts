/**
 * Chinese and Japanese numerals written in characters ("十七个部委", "三千名", "两百"), as counts:
 * English number words have their grammar in quantities.ts; these have this one.
 */

const DIGITS = new Map<string, number>(
  Object.entries({
    零: 0,
    〇: 0,
    一: 1,
    二: 2,
    两: 2,
    三: 3,
    四: 4,
    五: 5,
    六: 6,
    七: 7,
    八: 8,
    九: 9,
  }),
);
const UNITS = new Map<string, number>(Object.entries({ 十: 10, 百: 100, 千: 1000 }));
const BIG = new Map<string, number>(Object.entries({ 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 }));

const NUMERAL = /[零〇一二两三四五六七八九十百千万萬亿億]+/gu;

/** The value of a numeral such as 十七 (17), 三千五百 (3500), 两万 (20000). */
export function cjkNumeralValue(text: string): number {
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of text) {
    const unit = UNITS.get(ch);
    const big = BIG.get(ch);
    if (DIGITS.has(ch)) digit = DIGITS.get(ch) as number;
    else if (unit !== undefined) {
      section += (digit || 1) * unit;
      digit = 0;
    } else if (big !== undefined) {
      total += (section + digit || 1) * big;
      section = 0;
      digit = 0;
    }
  }
  return total + section + digit;
}

/** A count as quantities.ts's Quantity has it (declared here: quantities.ts imports this file). */
export interface CjkCount {
  kind: "count";
  raw: string;
  value: number;
  unit: string;
  start: number;
}

export function cjkQuantities(sentence: string): CjkCount[] {
  const out: CjkCount[] = [];
  for (const m of sentence.matchAll(NUMERAL)) {
    const raw = m[0];
    const start = m.index ?? 0;
    // A lone 一 or 万 is mostly part of a word (统一, 一起, 万一), not a count.
    if (raw.length === 1 && !/[二两三四五六七八九十]/u.test(raw)) continue;
    // Part of a longer word on either side ("十分" very, "千万" by all means): only before a measure word or noun.
    const value = cjkNumeralValue(raw);
    if (value < 2) continue;
    out.push({ kind: "count", raw, value, unit: "", start });
  }
  return out;
}
