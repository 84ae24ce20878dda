/**
 * `work`'s result if it settles within `ms`, else `late` (the work goes on; nobody waits for it).
 * The one race against a timeout: the question log's write, Discord's callback window.
 */
export async function within<T, L>(work: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<L>((resolve) => {
        timer = setTimeout(() => resolve(late), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
