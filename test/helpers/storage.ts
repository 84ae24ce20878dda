import { cpSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { memoryBackend } from "../../src/store/memory-backend";
import { openMemoryStore } from "../../src/store/open";
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

/**
 * An in-memory PGlite store started from the empty data folder the global setup made
 * (test/helpers/pglite-template.ts) instead of running initdb again; migrated from empty.
 */
export const memoryStore = () => openMemoryStore({ template: inject("pgliteTemplate").tar });

/** A fresh STATE_DIR whose embedded database exists but is empty (unmigrated), as after a first start. */
export function seededStateDir(): string {
  const dir = tempStateDir();
  cpSync(inject("pgliteTemplate").dir, join(dir, "pgdata"), { recursive: true });
  return dir;
}
