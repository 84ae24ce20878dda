import { memoryBackend } from "../../src/store/memory-backend";
import { type StorageOptions, startStorage } from "../../src/store/storage";
import type { LogBackend } from "../../src/store/types";
import { silentLogger, tempStateDir } from "./corpus";

export const TEST_SECRET = "a-test-secret-of-some-length";

/**
 * The bot's storage as a test uses it: over `backend` (memory unless given), the log on for 30
 * days, a fresh STATE_DIR for its journal; `overrides` change any of that.
 */
export function testStorage(backend: LogBackend = memoryBackend(), overrides: Partial<StorageOptions> = {}) {
  return startStorage({
    stateDir: tempStateDir(),
    logDays: 30,
    secret: TEST_SECRET,
    logger: silentLogger,
    open: async () => ({ backend, close: async () => {} }),
    ...overrides,
  });
}
