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

/** A counting semaphore: at most `limit` tasks run at once, shared by every endpoint of a run. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<R>(task: () => Promise<R>): Promise<R> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
