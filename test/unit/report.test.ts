import { describe, expect, it } from "vitest";
import { compactReport, type NodeReport, uncheckedNode } from "../../lambda/core/report/report.js";
import { nodeFrom, reportOf } from "../support/reports.js";

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe("compactReport (a Lambda result must stay under 6 MB)", () => {
  it("leaves a report that fits untouched", () => {
    const report = reportOf([["cache", nodeFrom("healthy-7.0", "10.0.0.1:6379")]]);
    expect(compactReport(report, 5 * 1024 * 1024)).toBe(report);
  });

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
