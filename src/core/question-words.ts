/**
 * Question words of other languages the bot reads, as the English cue they stand for, so that
 * "сколько министерств" is read the way "how many ministries" is. One table per language, never
 * per document; the content words of the question stay as they are, to match the document's.
 */

type Cue = "how many" | "how much" | "how long" | "when" | "who" | "where" | "what year";

const LANGUAGES: Record<string, Record<string, Cue>> = {
  ru: {
    сколько: "how many",
    когда: "when",
    кто: "who",
    где: "where",
    "как долго": "how long",
    "в каком году": "what year",
  },
  uk: { скільки: "how many", коли: "when", хто: "who", де: "where" },
  es: {
    cuántos: "how many",
    cuántas: "how many",
    cuánto: "how much",
    cuánta: "how much",
    cuándo: "when",
    quién: "who",
    quiénes: "who",
    dónde: "where",
    "en qué año": "what year",
  },
  pt: {
    quantos: "how many",
    quantas: "how many",
    quanto: "how much",
    quando: "when",
    quem: "who",
    onde: "where",
  },
  fr: {
    combien: "how many",
    quand: "when",
    qui: "who",
    où: "where",
    "en quelle année": "what year",
    "depuis quand": "when",
  },
  it: { quanti: "how many", quante: "how many", quanto: "how much", quando: "when" },
  de: {
    "wie viele": "how many",
    "wie viel": "how much",
    wieviel: "how much",
    wieviele: "how many",
    wann: "when",
    wer: "who",
    "wie lange": "how long",
    "in welchem jahr": "what year",
  },
  nl: { hoeveel: "how many", wanneer: "when", wie: "who", waar: "where" },
  pl: { ile: "how many", kiedy: "when", kto: "who", gdzie: "where" },
  zh: {
    多少: "how many",
    多久: "how long",
    什么时候: "when",
    何时: "when",
    哪一年: "what year",
    哪年: "what year",
    谁: "who",
    哪里: "where",
    在哪: "where",
  },
  ja: {
    いくつ: "how many",
    何人: "how many",
    どのくらい: "how much",
    いつ: "when",
    誰: "who",
    だれ: "who",
    どこ: "where",
  },
};

const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const CUES = new Map<string, Cue>();
for (const table of Object.values(LANGUAGES))
  for (const [word, cue] of Object.entries(table)) CUES.set(word, cue);

const escapeRegExp = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Longer phrases first ("wie viele" before "wie"); one pass over the question for all languages.
const byLength = [...CUES.keys()].sort((a, b) => b.length - a.length);
const spaced = byLength.filter((w) => !UNSPACED.test(w)).map(escapeRegExp);
const unspaced = byLength.filter((w) => UNSPACED.test(w)).map(escapeRegExp);
// Words of spaced scripts match whole; Chinese and Japanese ones anywhere (no spaces to find).
const PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${spaced.join("|")})(?![\\p{L}\\p{N}])|${unspaced.join("|")}`,
  "giu",
);

/** The question with foreign question words replaced by their English cue. */
export function englishCues(question: string): string {
  return question.replace(PATTERN, (word) => ` ${CUES.get(word.toLowerCase()) ?? word} `);
}
