/** What every benchmark measures with: the median, and a preload that reports a child process's peak RSS. */

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Writes the process's peak RSS (KiB) to fd 3 at exit, whichever way it exits. */
export const PEAK_PRELOAD = `process.on("exit", () => require("node:fs").writeSync(3, String(process.resourceUsage().maxRSS)));\n`;
