import { join } from "node:path";

/** What every benchmark measures with: the median, and a preload that reports a child process's peak RSS. */

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const PEAK_RSS = join(import.meta.dirname, "..", "scripts", "lib", "peakRss.cjs");

/** Writes the process's own peak RSS (KiB, scripts/lib/peakRss.cjs) to fd 3 at exit, whichever way it exits. */
export const PEAK_PRELOAD = `process.on("exit", () => require("node:fs").writeSync(3, String(require(${JSON.stringify(PEAK_RSS)}).ownPeakRssKiB())));\n`;
