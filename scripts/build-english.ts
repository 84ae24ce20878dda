import { ENGLISH_CACHE, writeEnglishCache } from "../src/core/english";
import { buildEnglishData } from "../src/core/english-build";

/**
 * Runs at install (`postinstall`): builds the English word data from WordNet, its lemmatizer and
 * SUBTLEX once, so that no start of the bot pays for it. If it cannot, the bot builds it on first use.
 */

const started = performance.now();
try {
  writeEnglishCache(buildEnglishData());
  console.log(`English word data built in ${Math.round(performance.now() - started)} ms: ${ENGLISH_CACHE}`);
} catch (error) {
  console.warn(
    `English word data not built now (${(error as Error).message}); the bot builds it on first use.`,
  );
}
