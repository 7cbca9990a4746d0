/**
 * Resolves with `fn`'s value, or with `onTimeout()` once `deadline` (epoch ms) passes. At the deadline
 * `fn`'s signal is aborted, so it drops its connection instead of waiting for its own timeouts, and this
 * waits up to `settleMs` for it to finish doing so: a caller holding a concurrency slot keeps it until the
 * abandoned work's socket is closed, so the limit bounds open sockets, not just running checks.
 */
export async function beforeDeadline<R>(
  deadline: number | undefined,
  fn: (signal: AbortSignal) => Promise<R>,
  onTimeout: () => R,
  settleMs = 250,
): Promise<R> {
  const controller = new AbortController();
  if (deadline === undefined) return fn(controller.signal);
  const remaining = deadline - Date.now();
  if (remaining <= 0) return onTimeout();
  const work = fn(controller.signal);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), remaining);
  });
  try {
    const first = await Promise.race([work.then((value) => ({ value })), expired]);
    if (first !== "expired") return first.value;
    controller.abort();
    let settle: NodeJS.Timeout | undefined;
    await Promise.race([
      work.catch(() => undefined),
      new Promise((resolve) => {
        settle = setTimeout(resolve, settleMs);
      }),
    ]);
    clearTimeout(settle);
    return onTimeout();
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
