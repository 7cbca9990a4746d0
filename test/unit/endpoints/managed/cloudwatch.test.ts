import { describe, expect, it } from "vitest";
import { cloudwatchReading, metricQueries } from "../../../../lambda/core/endpoints/managed/cloudwatch.js";
import { evaluate } from "../../../../lambda/core/rules/evaluate.js";
import { DEFAULT_THRESHOLDS } from "../../../../lambda/core/settings/thresholds.js";
import { endpointOf, managedGroup } from "../../../support/managed.js";

const NOW = Date.parse("2026-11-24T10:05:00Z");
const AT = "2026-11-24T10:04:00.000Z";

describe("metricQueries", () => {
  it("one CloudWatch query per node and metric, none where the entry reads only INFO", () => {
    expect(metricQueries([endpointOf({ elasticache: "all" })]).queries).toHaveLength(12);
    expect(metricQueries([endpointOf({ elasticache: "all", read: "redis" })]).queries).toHaveLength(0);
    const [q] = metricQueries([endpointOf({ elasticache: "all" })]).queries;
    expect(q).toMatchObject({
      id: "q0",
      namespace: "AWS/ElastiCache",
      dimensions: { CacheClusterId: "sessions-prod-001", CacheNodeId: "0001" },
    });
  });
});

describe("the same rules on CloudWatch's figures", () => {
  const e = endpointOf({ elasticache: "all" });
  const node = managedGroup.nodes[1] ?? managedGroup.nodes[0];
  const read = (samples: Parameters<typeof cloudwatchReading>[2], fallback = false) => {
    if (!node) throw new Error("no node");
    const r = cloudwatchReading(e, node, samples, { reason: "test", fallback }, NOW);
    if ("missing" in r) throw new Error(r.missing);
    return evaluate({ memory: r.memory, cloudwatch: r.cloudwatch }, DEFAULT_THRESHOLDS);
  };

  it("a ratio of 5.4 on 3 GiB is CRITICAL fragmentation whose cause is not known", () => {
    const ev = read({
      bytesUsed: { value: 3 * 2 ** 30, at: AT },
      fragmentationRatio: { value: 5.4, at: AT },
      memoryPercent: { value: 61, at: AT },
    });
    expect(ev.status).toBe("CRITICAL");
    const high = ev.findings.find((f) => f.code === "FRAGMENTATION_HIGH");
    expect(high?.meaning).toMatch(/does not say where it lives/);
    expect(ev.findings.find((f) => f.code === "CLOUDWATCH_READING")?.severity).toBe("INFO");
  });

  it("DatabaseMemoryUsagePercentage 92 is memory pressure against the derived maxmemory", () => {
    const ev = read({
      bytesUsed: { value: 2e9, at: AT },
      fragmentationRatio: { value: 1.05, at: AT },
      memoryPercent: { value: 92, at: AT },
    });
    expect(ev.findings.find((f) => f.code === "MAXMEMORY_PRESSURE")?.measured).toBe(92);
  });

  it("an empty node's high ratio is still not an alert", () => {
    const ev = read({ bytesUsed: { value: 2_000_000, at: AT }, fragmentationRatio: { value: 7.1, at: AT } });
    expect(ev.status).toBe("OK");
    expect(ev.findings.map((f) => f.code)).toContain("EMPTY_INSTANCE");
  });

  it("a fallback (INFO failed) is a WARNING that says how to reach the node", () => {
    const ev = read({ bytesUsed: { value: 2e8, at: AT }, fragmentationRatio: { value: 1.1, at: AT } }, true);
    const f = ev.findings.find((x) => x.code === "CLOUDWATCH_READING");
    expect(f?.severity).toBe("WARNING");
    expect(f?.nextStep).toMatch(/VPC subnets, security group/);
    expect(f?.meaning).toMatch(/no recent datapoint of DatabaseMemoryUsagePercentage, SwapUsage, ActiveDefragHits, Evictions/);
  });

  it("no datapoint, or an old one, is no reading at all", () => {
    if (!node) throw new Error("no node");
    expect(cloudwatchReading(e, node, undefined, { reason: "t", fallback: true }, NOW)).toHaveProperty("missing");
    const old = cloudwatchReading(
      e,
      node,
      { bytesUsed: { value: 1, at: "2026-11-24T09:00:00.000Z" } },
      { reason: "t", fallback: true },
      NOW,
    );
    expect(old).toEqual({ missing: expect.stringMatching(/older than 10 minutes/) });
  });
});
