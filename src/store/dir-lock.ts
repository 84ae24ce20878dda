import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { resolve } from "node:path";

/**
 * PGlite does not lock its data folder: a second process opening it runs a second Postgres on the
 * same files (tested: both open and write). So the folder gets a lock file holding the owner's pid;
 * a lock left by a process that no longer exists (killed) is taken over.
 */

const LOCK_FILE = "bot.lock";
/** Folders this process holds: its own pid in a lock file is stale unless listed here (pid 1 in a container). */
const held = new Set<string>();

export class StateDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `STATE_DIR ${dir} is in use by another process (pid ${pid}; if none runs, delete ${dir}/${LOCK_FILE})`,
    );
    this.name = "StateDirLockedError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the folder's lock (creating the folder) and returns a function that releases it. */
export function lockStateDir(dir: string, pid = process.pid): () => void {
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, String(pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        held.delete(path);
        rmSync(path, { force: true });
      };
      process.on("exit", release);
      held.add(path);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(readFileSync(path, "utf8"), 10);
      const live = owner === pid ? held.has(path) : Number.isInteger(owner) && owner > 0 && alive(owner);
      if (live) {
        throw new StateDirLockedError(dir, owner);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock STATE_DIR ${dir}`);
}
