/**
 * Start-up progress for the terminal: silent for a quick load, a line on stderr that updates in
 * place once loading has taken longer than `afterMs`. The clock is injected for tests.
 */

export interface ProgressOptions {
  write: (text: string) => void;
  now?: () => number;
  afterMs?: number;
}

export function loadingProgress(options: ProgressOptions): {
  update(done: number, total: number): void;
  finish(documents: number, facts: number): void;
} {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const afterMs = options.afterMs ?? 1000;
  let shown = false;
  return {
    update(done, total) {
      if (!shown && now() - started < afterMs) return;
      shown = true;
      options.write(`\rReading documents: ${done} of ${total}`);
    },
    finish(documents, facts) {
      if (shown) options.write(`\rRead ${documents} documents: ${facts} facts.\n`);
    },
  };
}
