/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Resolves with `fn`'s value, or with `onTimeout()` once `deadline` (epoch ms) passes; `fn`'s signal is
 * aborted then, so it can drop its connection instead of waiting for its own timeouts.
 */
export async function beforeDeadline<R>(
  deadline: number | undefined,
  fn: (signal: AbortSignal) => Promise<R>,
  onTimeout: () => R,
): Promise<R> {
  const controller = new AbortController();
  if (deadline === undefined) return fn(controller.signal);
  const remaining = deadline - Date.now();
  if (remaining <= 0) return onTimeout();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<R>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(onTimeout());
    }, remaining);
  });
  try {
    return await Promise.race([fn(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
