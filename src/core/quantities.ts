import { cjkQuantities } from "./cjk-numbers";
import { isUnspaced } from "./segment";

/**
 * Finds the figures in a sentence and what each one counts: "4,700 work groups", "two million
 * laid-off women", "twenty-five ministries", years ("In 1991"), ranges ("2001-2005") and durations
 * ("For 15 years"). General English number grammar only; nothing here knows any one document.
 */

export type QuantityKind = "count" | "year" | "range" | "duration" | "percent" | "money" | "date";

export interface Quantity {
  kind: QuantityKind;
  /** the figure as written, e.g. "5.86 million" or "twenty-five" */
  raw: string;
  value: number;
  /** what it counts, as written (e.g. "laid-off women"); empty when the text does not say */
  unit: string;
  /** character offset of `raw` in the sentence */
  start: number;
}

const SMALL = new Map<string, number>(
  Object.entries({
    zero: 0,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
    dozen: 12,
  }),
);
const SCALE = new Map<string, number>(
  Object.entries({
    hundred: 1e2,
    thousand: 1e3,
    million: 1e6,
    billion: 1e9,
    trillion: 1e12,
    k: 1e3,
    m: 1e6,
    bn: 1e9,
  }),
);
const DURATION_UNITS = /^(years?|months?|weeks?|days?|decades?|centuries|century|hours?)$/i;
const IRREGULAR_PLURALS = /^(women|men|people|children|staff|police|personnel|data|media)$/i;
const UNIT_STOP = new Set(
  "of the a an and or to in on at for by with have has had are is was were be been being that which who who's than from as more less over under about nearly some".split(
    " ",
  ),
);

const smallWords = [...SMALL.keys()].join("|");
const scaleWords = [...SCALE.keys()].join("|");
const NUMBER = new RegExp(
  [
    String.raw`(?<range>\b(?<from>1\d{3}|20\d{2})\s*(?:-|to|until)\s*(?<to>1\d{3}|20\d{2})\b)`,
    String.raw`(?<money>[$€£¥]\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:${scaleWords})\b)?)`,
    String.raw`(?<digits>\b\d{1,3}(?:,\d{3})+(?:\.\d+)?|\b\d+(?:\.\d+)?)(?<dscale>\s*(?:${scaleWords})\b)?(?<pct>\s*(?:%|percent\b|per cent\b))?`,
    String.raw`(?<words>\b(?:${smallWords})(?:-(?:${smallWords}))?\b(?:\s+(?:${scaleWords})\b)*)`,
  ].join("|"),
  "gi",
);

function wordValue(text: string): number {
  let total = 0;
  let current = 0;
  for (const part of text.toLowerCase().split(/[\s-]+/)) {
    const small = SMALL.get(part);
    const scale = SCALE.get(part);
    if (small !== undefined) current += small;
    else if (scale !== undefined) {
      current = (current || 1) * scale;
      if (scale >= 1e3) {
        total += current;
        current = 0;
      }
    }
  }
  return total + current;
}

/** The words after a figure that name what it counts: up to the first plural noun, at most 4 words. */
function unitAfter(rest: string): string {
  const quoted = /^\s*"([^"]{2,80})"/.exec(rest);
  if (quoted) return (quoted[1] as string).replace(/[.,;:]$/, "");
  const tokens = rest.match(/^[\s]*([A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,3})/)?.[1]?.split(/\s+/) ?? [];
  const unit: string[] = [];
  for (const token of tokens) {
    const lower = token.toLowerCase();
    if (UNIT_STOP.has(lower)) break;
    unit.push(token);
    if ((lower.endsWith("s") && !lower.endsWith("ss")) || IRREGULAR_PLURALS.test(lower)) break;
  }
  return unit.join(" ");
}

const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?`;
const CLOCK = String.raw`\d{1,2}(?::\d{2})?(?:\s*(?:-|to)\s*\d{1,2}(?::\d{2})?)?\s*(?:am|pm|a\.m\.|p\.m\.)`;
// Days and times a timetable gives: "December 12", "12 March", "Thursdays", "Tue 2-4 pm", "9:00 to 10:15 am".
const DATE = new RegExp(
  [
    String.raw`\b${MONTH}\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?`,
    String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}\b(?:,?\s+\d{4}\b)?`,
    String.raw`\b${WEEKDAY}\b(?:\s+${CLOCK})?`,
    String.raw`\b\d{1,2}:\d{2}\s*(?:-|to)\s*${CLOCK}`,
    String.raw`\b${CLOCK}`,
  ].join("|"),
  "gi",
);

/** Calendar days, weekdays and times of day: what "when" asks for, besides years. */
function dateSpans(sentence: string): Quantity[] {
  // A cheap test: most sentences name no month, weekday or clock time.
  if (
    !/\d\s*[ap]\.?m\b|day|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)/i.test(
      sentence,
    )
  )
    return [];
  const out: Quantity[] = [];
  for (const m of sentence.matchAll(DATE)) {
    const raw = m[0].trim();
    // "may" and "sat" are English words: a month or a weekday only next to a figure.
    if (/^(may|sat|sun|mar)$/i.test(raw)) continue;
    out.push({ kind: "date", raw, value: 0, unit: "", start: m.index ?? 0 });
  }
  return out;
}

/** All figures in a sentence, in order of appearance. */
export function extractQuantities(sentence: string): Quantity[] {
  const dates = dateSpans(sentence);
  const inDate = (at: number) => dates.some((d) => at >= d.start && at < d.start + d.raw.length);
  const out: Quantity[] = [];
  for (const m of sentence.matchAll(NUMBER)) {
    const g = m.groups ?? {};
    const start = m.index ?? 0;
    // "12" in "December 12" is a day, not a count; a year in a full date stays a year too.
    if (inDate(start) && !(g.digits && /^(1[5-9]\d{2}|20\d{2})$/.test(g.digits))) continue;
    const raw = m[0].trim();
    const after = sentence.slice(start + m[0].length);
    if (g.range) {
      out.push({ kind: "range", raw, value: Number(g.from), unit: "", start });
      continue;
    }
    if (g.money) {
      const scaleWord = /([a-z]+)$/i.exec(g.money)?.[1]?.toLowerCase();
      const n = Number(g.money.replace(/[^\d.]/g, "").replace(/\.$/, "")) * (SCALE.get(scaleWord ?? "") ?? 1);
      out.push({ kind: "money", raw, value: n, unit: unitAfter(after), start });
      continue;
    }
    if (g.digits) {
      // Ordinals and section numbers ("19th", "1)") are not quantities.
      if (/^(st|nd|rd|th)\b|^\)/i.test(after)) continue;
      const base = Number(g.digits.replace(/,/g, ""));
      const scaleWord = g.dscale?.trim().toLowerCase();
      const value = scaleWord ? base * (SCALE.get(scaleWord) ?? 1) : base;
      if (g.pct) {
        out.push({ kind: "percent", raw, value, unit: unitAfter(after), start });
        continue;
      }
      const unit = unitAfter(after);
      const yearLike = !scaleWord && !g.digits.includes(",") && /^(1[5-9]\d{2}|20\d{2})$/.test(g.digits);
      if (yearLike && !(unit && /s$/i.test(unit) && !DURATION_UNITS.test(unit))) {
        out.push({ kind: "year", raw, value, unit: "", start });
        continue;
      }
      out.push({ kind: DURATION_UNITS.test(unit) ? "duration" : "count", raw, value, unit, start });
      continue;
    }
    if (g.words) {
      // "Five-Year Plan", "two millions": adjectives and names, not counts.
      if (after.startsWith("-")) continue;
      const value = wordValue(g.words);
      const unit = unitAfter(after);
      if (/^(hundred|thousand|million|billion)s$/i.test(unit)) continue;
      // "one" alone is mostly a pronoun ("one of the ..."); keep it only when it counts something.
      if (value <= 1 && !unit) continue;
      out.push({ kind: DURATION_UNITS.test(unit) ? "duration" : "count", raw, value, unit, start });
    }
  }
  // Chinese and Japanese numerals in characters ("十七个部委") have their own grammar.
  const extra = isUnspaced(sentence) ? [...dates, ...cjkQuantities(sentence)] : dates;
  if (extra.length) return [...out, ...extra].sort((a, b) => a.start - b.start);
  return out;
}

/** Families of measurement units, for questions like "how big" or "how heavy". */
export type Measure = "size" | "length" | "weight" | "volume" | "money" | "age";

const UNIT_FAMILIES: Record<Exclude<Measure, "money" | "age" | "size">, RegExp> = {
  length: /\b(k?m|metres?|meters?|kilometres?|kilometers?|miles?|feet|foot|ft|inch(es)?|cm|mm|yards?)\b/i,
  weight: /\b(tonnes?|tons?|kg|kilo(gram)?s?|grams?|g|pounds?|lbs?|ounces?|oz)\b/i,
  volume: /\b(litres?|liters?|gallons?|cubic|m3|ml|barrels?)\b/i,
};
const AREA = /\b(hectares?|ha|acres?|square|sq|km2|m2)\b/i;

/** Whether a figure is a measurement of the given kind ("3.5 hectares" is a size). */
export function measures(q: Quantity, measure: Measure): boolean {
  switch (measure) {
    case "money":
      return q.kind === "money";
    case "age":
      return q.kind === "duration" || q.kind === "year";
    case "size":
      return AREA.test(q.unit) || UNIT_FAMILIES.length.test(q.unit) || UNIT_FAMILIES.volume.test(q.unit);
    default:
      return UNIT_FAMILIES[measure].test(q.unit);
  }
}
