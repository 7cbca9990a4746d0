/**
 * The run's time budget, the one home of its deadlines and their signals. Every phase has an absolute
 * deadline (epoch ms) inside the time Lambda gives the invocation, so a hanging AWS service or Redis node
 * costs at most its share, and the publish (and the state commit or rollback after it) always has its
 * window. A deadline reaches the work it bounds in one of two ways: `signalAt` (a call aborted at its
 * phase's deadline) or `beforeDeadline` (a node's check, given up at the checks' deadline).
 *
 *   start ── setupBy ──────────── checksBy ── claimsBy ── publishBy ── end ── Lambda's deadline
 *   secrets and state read │ Redis checks │ claims │ publish   │ commit or rollback │ safety
 */
export interface RunBudget {
  start: number;
  /** Secrets and the state table read (in parallel); a state read still unanswered falls back to stateless alerting. */
  setupBy: number;
  /** Redis checks; stragglers are reported as DEADLINE_EXCEEDED. */
  checksBy: number;
  /** Alert-state claims written before the publish. */
  claimsBy: number;
  /** The SNS publish; one not done by then is abandoned, rolled back, and fails the invocation. */
  publishBy: number;
  /** Commit or rollback of the state; the invocation has returned or failed by then. */
  end: number;
}

/** Kept back from Lambda's own deadline: the runtime's shutdown and the last log lines. */
export const SAFETY_MARGIN_MS = 500;
/** The setup phase takes at most a quarter of the time before the checks' deadline, and never more than this. */
export const SETUP_MAX_MS = 10_000;

/**
 * `publishWindowMs` is reserved after the checks for claims, publish and commit: the handler's
 * `PUBLISH_WINDOW_MS`, which the stack sets from `publishWindowMs` of its timeout (core/settings/defaults.ts).
 * When the invocation has less time than that, the shares shrink in proportion rather than leaving the
 * checks no time at all.
 */
export function planBudget(now: number, remainingMs: number, publishWindowMs: number): RunBudget {
  const end = now + Math.max(0, remainingMs - SAFETY_MARGIN_MS);
  const usable = end - now;
  const window = Math.min(publishWindowMs, usable / 2);
  const checksBy = end - window;
  const setupBy = now + Math.min(SETUP_MAX_MS, (checksBy - now) / 4);
  return {
    start: now,
    setupBy: Math.floor(setupBy),
    checksBy: Math.floor(checksBy),
    claimsBy: Math.floor(checksBy + window * 0.2),
    publishBy: Math.floor(checksBy + window * 0.7),
    end: Math.floor(end),
  };
}

/** Aborts at `deadline` (epoch ms); without one (the CLI), never: the AWS clients' own timeouts bound each call. */
export function signalAt(deadline: number | undefined): AbortSignal {
  return deadline === undefined ? new AbortController().signal : AbortSignal.timeout(Math.max(1, deadline - Date.now()));
}

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
