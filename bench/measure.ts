import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { RedisServer } from "../scripts/lib/redisServer.js";

/** What every benchmark measures with: the median, and a preload that reports a child process's peak RSS. */

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const PEAK_RSS = join(import.meta.dirname, "..", "scripts", "lib", "peakRss.cjs");

/** Writes the process's own peak RSS (KiB, scripts/lib/peakRss.cjs) to fd 3 at exit, whichever way it exits. */
export const PEAK_PRELOAD = `process.on("exit", () => require("node:fs").writeSync(3, String(require(${JSON.stringify(PEAK_RSS)}).ownPeakRssKiB())));\n`;

/**
 * A benchmark file run by itself (`npx tsx bench/FILE.ts [--runs 7] [--no-build]`): builds dist/ unless told
 * not to, then measures against one local redis-server, stopped whatever happens.
 */
export async function standalone<T>(measure: (port: number, runs: number) => T | Promise<T>): Promise<T> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "7" }, "no-build": { type: "boolean" } } });
  if (!values["no-build"]) {
    console.log("Building dist/…");
    execFileSync("npx", ["tsx", "scripts/build.ts"], { cwd: join(import.meta.dirname, ".."), stdio: "ignore" });
  }
  const server = await RedisServer.start();
  try {
    return await measure(server.port, Number(values.runs));
  } finally {
    await server.stop();
  }
}
