/**
 * Polls until `find` returns something, for replies that arrive after an HTTP 200 or a dispatch.
 * The default bound is generous (30 s): on a 2-core machine shared by several test runs (load 20
 * and more) a reply that takes milliseconds alone took over 5 s, and a test must not fail only
 * because the machine is busy.
 */
export async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
