import type { RunProgress } from "../checker/runCheck.js";

/** A run this long shows a progress line; a shorter one never flickers. */
export const PROGRESS_AFTER_MS = 1000;
const REDRAW_MS = 100;

export interface ProgressLine {
  update(p: RunProgress): void;
  /** Erases the line before the report prints. */
  done(): void;
}

/**
 * `checked 12 of 40 endpoints (57 nodes), 2 failed` on one self-overwriting stderr line, only where a
 * person watches: a terminal, not a pipe, not CI, and not a machine format on stdout.
 */
export function progressLine(
  err: { write(s: string): unknown; isTTY?: boolean },
  enabled: boolean,
  now: () => number = Date.now,
): ProgressLine {
  const started = now();
  let shown = false;
  let last = 0;
  if (!enabled || !err.isTTY) return { update: () => undefined, done: () => undefined };
  return {
    update(p) {
      const t = now();
      if (t - started < PROGRESS_AFTER_MS || t - last < REDRAW_MS) return;
      last = t;
      shown = true;
      err.write(`\r\u001b[Kchecked ${p.endpointsDone} of ${p.endpointsTotal} endpoints (${p.nodes} nodes), ${p.failures} failed`);
    },
    done() {
      if (shown) err.write("\r\u001b[K");
    },
  };
}
