import { describe, expect, it } from "vitest";
import { compactReport, type NodeReport, uncheckedNode } from "../../../lambda/core/report/report.js";
import { nodeFrom, reportOf } from "../../support/reports.js";

/**
 * compactReport (core/report/report.ts) over 10,000 nodes: the `scale` project, so that the unit layer stays
 * fast. The rest of its tests are in test/unit/report/report.test.ts.
 */

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe("compactReport (a Lambda result must stay under 6 MB)", () => {
  it("10,000 nodes: OK nodes lose their detail, nodes that need attention stay whole, the counts cover all", () => {
    // Prepare
    const nodes: Array<[string, NodeReport]> = Array.from({ length: 10_000 }, (_, i) => [
      `c${i}`,
      i % 100 === 0
        ? nodeFrom("fragmented-jemalloc-7.0", `10.0.${i >> 8}.${i & 255}:6379`)
        : nodeFrom("healthy-7.0", `10.0.${i >> 8}.${i & 255}:6379`),
    ]);
    const report = reportOf(nodes);
    expect(size(report)).toBeGreaterThan(5 * 1024 * 1024);

    // Act
    const compact = compactReport(report, 5 * 1024 * 1024);

    // Assess
    expect(size(compact)).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(compact.compacted).toMatch(/OK nodes are listed without their metrics/);
    expect(compact.counts).toEqual(report.counts);
    expect(compact.endpoints[0]?.nodes[0]).toEqual(report.endpoints[0]?.nodes[0]);
    expect(compact.endpoints[1]?.nodes[0]).toEqual({
      address: "10.0.0.1:6379",
      role: "master",
      status: "OK",
      durationMs: 3,
      findings: [],
      actions: [],
    });
  });
});

describe("compactReport, a whole fleet unreachable", () => {
  it("10,000 unreachable nodes keep their errors, within 5 MiB", () => {
    const nodes: Array<[string, NodeReport]> = Array.from({ length: 10_000 }, (_, i) => [
      `node-${i}`,
      uncheckedNode(
        `node-${i}`,
        "127.0.0.1:41234",
        { code: "CONNECTION_REFUSED", message: "connection refused (connect ECONNREFUSED 127.0.0.1:41234)" },
        3,
      ),
    ]);
    const report = reportOf(nodes);
    const compact = compactReport(report, 5 * 1024 * 1024);
    expect(size(compact)).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(compact.endpoints).toHaveLength(10_000);
    expect(compact.endpoints[9999]?.nodes[0]?.error?.code).toBe("CONNECTION_REFUSED");
    expect(compact.compacted).toMatch(/nodes that could not be checked carry only their error/);
  });
});
