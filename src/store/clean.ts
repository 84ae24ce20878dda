/**
 * Text as the question log stores it: as typed, less what PostgreSQL cannot hold or nobody can
 * read. The README promises control characters are removed; PostgreSQL also refuses the NUL byte
 * (0x00) in text, which once stopped the whole log. Lone UTF-16 surrogates (half an emoji) become
 * U+FFFD, as they would on the way to UTF-8 anyway.
 */

// C0 controls other than tab and newlines, DEL and C1: the same set the answering side removes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(text: string): string {
  return text.replace(CONTROL, "").replace(LONE_SURROGATE, "\uFFFD");
}

export function storableOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : storableText(text);
}

/**
 * Whether the database refused the rows themselves (SQLSTATE class 22, a data exception such as
 * an invalid byte; 23, a broken constraint; 54, a value too large), rather than failed to run the
 * statement (down, timed out): only such a batch is worth splitting to find the row at fault.
 */
export function isRowRejection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}
