/**
 * Languages written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese):
 * words and sentences come from Intl.Segmenter (ICU's dictionaries), so they are indexed and
 * matched like words of any other language.
 */

const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

// Particles that carry grammar, not meaning; dropped on both sides, like English stop words.
const PARTICLES = new Set(
  "的 了 是 在 和 与 及 也 都 就 把 被 之 吗 呢 吧 啊 着 过 个 这 那 有 已 の は が を に で と も へ や か ね よ".split(
    " ",
  ),
);

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: "word" });
const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: "sentence" });

/** Whether a text holds a script written without spaces between words. */
export function isUnspaced(text: string): boolean {
  return UNSPACED.test(text);
}

/** The words of a run of text in any script, lower-cased as given; particles left out. */
export function segmentWords(text: string): string[] {
  const out: string[] = [];
  for (const s of wordSegmenter.segment(text)) {
    if (s.isWordLike && !PARTICLES.has(s.segment)) out.push(s.segment);
  }
  return out;
}

/** Sentences of a paragraph in a language without spaces ("。" ends one with no space after it). */
export function segmentSentences(text: string): string[] {
  const out: string[] = [];
  for (const s of sentenceSegmenter.segment(text)) {
    const t = s.segment.trim();
    if (t) out.push(t);
  }
  return out;
}
