import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const PEAK_RSS = join(import.meta.dirname, "..", "..", "scripts", "lib", "peakRss.cjs");
const MiB = 1024;

// The benchmark's peak-RSS figures (bench/measure.ts, scripts/lib/lambda-runner.mjs) are the measured
// process's own, whatever size the process that started it.
describe.runIf(existsSync("/proc/self/status"))("a child's own peak RSS", () => {
  it("is not its parent's, as getrusage's maxRSS is after a fork from a large process", () => {
    // Arrange: this process holds 256 MiB when it starts the child.
    const ballast = Buffer.alloc(256 * MiB * 1024, 1);
    // Act
    const r = spawnSync(
      process.execPath,
      [
        "-e",
        `console.log(JSON.stringify({ own: require(${JSON.stringify(PEAK_RSS)}).ownPeakRssKiB(), maxRSS: process.resourceUsage().maxRSS }))`,
      ],
      { encoding: "utf8" },
    );
    // Assess
    const { own, maxRSS } = JSON.parse(r.stdout) as { own: number; maxRSS: number };
    expect(ballast.length).toBe(256 * MiB * 1024);
    expect(maxRSS).toBeGreaterThan(256 * MiB);
    expect(own).toBeGreaterThan(10 * MiB);
    expect(own).toBeLessThan(128 * MiB);
  });
});
