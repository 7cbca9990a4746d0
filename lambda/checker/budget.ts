/**
 * One time budget per invocation. Every phase has an absolute deadline (epoch ms) inside the time Lambda
 * gives the invocation, so a hanging AWS service or Redis node costs at most its share, and the publish
 * (and the state commit or rollback after it) always has its reserved window.
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
 * `publishWindowMs` is reserved after the checks for claims, publish and commit (the stack sets a tenth of
 * the function's timeout, at least 5 s). When the invocation has less time than that, the shares shrink in
 * proportion rather than leaving the checks no time at all.
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
