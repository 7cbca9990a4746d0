import { describe, expect, it } from "vitest";
import { cloudwatchReading, metricQueries } from "../../lambda/core/managed/cloudwatch.js";
import { endpointsFor } from "../../lambda/core/managed/expand.js";
import { evaluate } from "../../lambda/core/rules/evaluate.js";
import { type ConfigError, parseConfigDocument } from "../../lambda/core/settings/config.js";
import { type ResolvedEndpoint, resolveManaged } from "../../lambda/core/settings/endpoint.js";
import type { ManagedResource } from "../../lambda/core/settings/managed.js";
import { DEFAULT_THRESHOLDS } from "../../lambda/core/settings/thresholds.js";

const NOW = Date.parse("2026-11-24T10:05:00Z");
const AT = "2026-11-24T10:04:00.000Z";

const group: ManagedResource = {
  service: "elasticache",
  id: "sessions-prod",
  engine: "redis",
  engineVersion: "7.1.0",
  parameterGroup: "sessions-redis7",
  tls: true,
  nodes: [
    {
      id: "sessions-prod-001/0001",
      host: "10.0.1.10",
      port: 6379,
      role: "master",
      dimensions: { CacheClusterId: "sessions-prod-001", CacheNodeId: "0001" },
    },
    {
      id: "sessions-prod-002/0001",
      host: "10.0.2.10",
      port: 6379,
      role: "replica",
      dimensions: { CacheClusterId: "sessions-prod-002", CacheNodeId: "0001" },
    },
  ],
};

function endpointOf(document: unknown, resource: ManagedResource = group): ResolvedEndpoint {
  const [entry] = resolveManaged(parseConfigDocument(document, "test"));
  if (!entry) throw new Error("no managed entry");
  const [endpoint] = endpointsFor(entry, [resource]);
  if (!endpoint) throw new Error("no endpoint");
  return endpoint;
}

describe("managed entries in the endpoints document", () => {
  it("accepts each form, alone or beside hosts", () => {
    expect(parseConfigDocument({ elasticache: { replicationGroups: ["sessions-prod"] } }, "t").managed).toHaveLength(1);
    expect(parseConfigDocument({ elasticache: "all", tags: { team: "payments" } }, "t").managed[0]?.tags).toEqual({
      team: "payments",
    });
    const both = parseConfigDocument(
      {
        endpoints: [{ url: "redis://10.0.0.1:6379" }],
        managed: [{ memorydb: "all" }, { elasticacheServerless: { caches: ["api"] } }],
      },
      "t",
    );
    expect([both.endpoints.length, both.managed.length]).toEqual([1, 2]);
  });

  it("names what is wrong: a typo, two services in one entry, an empty list", () => {
    const problems = (doc: unknown) => {
      try {
        parseConfigDocument(doc, "secret sessions");
      } catch (e) {
        return (e as ConfigError).problems.join("; ");
      }
      return "";
    };
    expect(problems({ elasticache: { replicationGroup: ["x"] } })).toMatch(/unknown key "replicationGroup"/);
    expect(problems({ elasticache: "all", memorydb: "all" })).toMatch(
      /exactly one of "elasticache", "memorydb" or "elasticacheServerless"/,
    );
    expect(problems({ memorydb: { clusters: [] } })).toMatch(/lists nothing/);
    expect(problems({ managed: [] })).toMatch(/lists no managed resources/);
    expect(problems({ elasticache: "all", read: "sometimes" })).toMatch(/read/);
    expect(problems({ elasticache: "all", password: "hunter2", raed: "auto" })).not.toContain("hunter2");
  });
});

describe("a discovered resource becomes an endpoint", () => {
  it("named by its id, seeded on its primary, with TLS as the API says and its parameter group as the repair", () => {
    const e = endpointOf({ elasticache: "all", region: "eu-west-1", password: "token" });
    expect(e).toMatchObject({
      name: "sessions-prod",
      display: "elasticache:sessions-prod",
      target: { host: "10.0.1.10", port: 6379, password: "token", tls: {} },
      remediation: { parameterGroup: { name: "sessions-redis7", service: "elasticache", region: "eu-west-1" } },
      managed: { read: "auto", resourceId: "sessions-prod" },
    });
  });

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
  const node = group.nodes[1] ?? group.nodes[0];
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
