/**
 * A process's own peak RSS, in KiB: Linux's VmHWM (/proc/self/status). getrusage's maxRSS is not it on
 * Linux: exec keeps the high-water mark of the memory the child was forked with, so a process started by a
 * large one (the benchmark, holding 100 servers' connections) reads at least its parent's RSS at the fork.
 * Elsewhere, maxRSS. Plain CommonJS: the benchmark's preload and lambda-runner.mjs load it as they are.
 */
exports.ownPeakRssKiB = () => {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(require("node:fs").readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]);
  } catch {
    // Not Linux: no /proc.
  }
  return process.resourceUsage().maxRSS;
};
