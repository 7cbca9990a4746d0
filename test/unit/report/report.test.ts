import { describe, expect, it } from "vitest";
import { compactReport, type NodeReport, uncheckedNode } from "../../../lambda/core/report/report.js";
import { nodeFrom, reportOf } from "../../support/reports.js";

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

// The 10,000-node cases of both describes are in the scale project: test/scale/report/report.test.ts.

describe("compactReport (a Lambda result must stay under 6 MB)", () => {
  it("leaves a report that fits untouched", () => {
    const report = reportOf([["cache", nodeFrom("healthy-7.0", "10.0.0.1:6379")]]);
    expect(compactReport(report, 5 * 1024 * 1024)).toBe(report);
  });

  it("leaves OK nodes out when even their addresses do not fit", () => {
    const nodes: Array<[string, NodeReport]> = Array.from({ length: 2000 }, (_, i) => [
      `c${i}`,
      i === 7
        ? uncheckedNode(`c${i}`, "10.9.9.9:6379", { code: "TIMEOUT", message: "timed out" }, 3)
        : nodeFrom("healthy-7.0", `10.1.${i >> 8}.${i & 255}:6379`),
    ]);
    const compact = compactReport(reportOf(nodes), 300_000);
    expect(compact.compacted).toMatch(/OK nodes are left out/);
    expect(compact.endpoints.flatMap((e) => e.nodes).map((n) => n.address)).toEqual(["10.9.9.9:6379"]);
    expect(compact.endpoints).toHaveLength(2000);
  });
});

describe("compactReport, a whole fleet unreachable", () => {
  it("as a last resort leaves out the last endpoints and says how many", () => {
    const nodes: Array<[string, NodeReport]> = Array.from({ length: 1000 }, (_, i) => [
      `node-${i}`,
      uncheckedNode(`node-${i}`, "127.0.0.1:41234", { code: "TIMEOUT", message: "timed out" }, 3),
    ]);
    const compact = compactReport(reportOf(nodes), 50_000);
    expect(size(compact)).toBeLessThanOrEqual(50_000);
    expect(compact.compacted).toMatch(/; \d+ of 1000 endpoints are left out \(see the logs\)/);
    expect(compact.counts.UNKNOWN).toBe(1000);
  });
});
