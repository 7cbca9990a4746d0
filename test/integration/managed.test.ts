import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from "@aws-sdk/client-cloudwatch";
import {
  DescribeCacheClustersCommand,
  DescribeCacheParametersCommand,
  DescribeReplicationGroupsCommand,
  DescribeServerlessCachesCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  ModifyCacheParameterGroupCommand,
} from "@aws-sdk/client-elasticache";
import { DescribeClustersCommand, DescribeParametersCommand, ListTagsCommand, MemoryDBClient } from "@aws-sdk/client-memorydb";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assumedRole } from "../../lambda/adapters/aws/accounts.js";
import { awsMetrics, lazyCloudWatchClient } from "../../lambda/adapters/aws/managed/cloudwatch.js";
import { awsDiscovery } from "../../lambda/adapters/aws/managed/discovery.js";
import { awsParameterGroups, lazyParameterGroupClients } from "../../lambda/adapters/aws/parameterGroups.js";
import { ioredisAccess } from "../../lambda/adapters/redis/client.js";
import { runCheck } from "../../lambda/checker/runCheck.js";
import { parseConfigDocument } from "../../lambda/core/endpoints/config.js";
import { resolveManaged } from "../../lambda/core/endpoints/managed/entry.js";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { fragment } from "../../scripts/lib/fragment.js";
import { freePort, RedisServer } from "../../scripts/lib/redisServer.js";
import { cacheClusters, memorydbClusters, metricData, replicationGroups, serverlessCaches, tags } from "../support/awsShapes.js";
import { runCli } from "../support/capture.js";

const elasticache = mockClient(ElastiCacheClient);
const memorydb = mockClient(MemoryDBClient);
const cloudwatch = mockClient(CloudWatchClient);
let primary: RedisServer;
let replicaPort: number;

/** What CloudWatch says of each metric, per node dimension value; answered for whatever ids the run asks. */
function answerMetrics(byNode: Record<string, Record<string, number>>, at = new Date()) {
  cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
    const values: Record<string, number> = {};
    for (const q of input.MetricDataQueries ?? []) {
      const dims = q.MetricStat?.Metric?.Dimensions ?? [];
      const node = dims.map((d) => d.Value).join("/");
      const v = byNode[node]?.[q.MetricStat?.Metric?.MetricName ?? ""];
      if (v !== undefined && q.Id) values[q.Id] = v;
    }
    return metricData(values, at);
  });
}

beforeAll(async () => {
  // The primary answers INFO but refuses CONFIG, as ElastiCache does; the replica's port is closed.
  primary = await RedisServer.start({ config: ['rename-command CONFIG ""'] });
  const c = primary.client();
  await fragment(c, { keys: 300_000 });
  c.disconnect();
  replicaPort = await freePort();
  await new Promise((r) => setTimeout(r, 1500));
});
afterAll(async () => {
  await primary?.stop();
});
beforeEach(() => {
  for (const m of [elasticache, memorydb, cloudwatch]) m.reset();
  elasticache.on(DescribeReplicationGroupsCommand).resolves(replicationGroups(primary.port, replicaPort));
  // As the API answers: one cluster when asked by id, every cluster of the account when asked for none.
  elasticache.on(DescribeCacheClustersCommand).callsFake((input: { CacheClusterId?: string }) => {
    const all = cacheClusters(primary.port, replicaPort);
    const id = input.CacheClusterId;
    return { ...all, CacheClusters: all.CacheClusters?.filter((c) => !id || c.CacheClusterId === id) };
  });
  elasticache
    .on(DescribeCacheParametersCommand)
    .resolves({ Parameters: [{ ParameterName: "activedefrag", ParameterValue: "no", Source: "user", DataType: "string" }] });
  elasticache.on(ModifyCacheParameterGroupCommand).resolves({ CacheParameterGroupName: "sessions-redis7" });
});

async function check(document: unknown): Promise<CheckReport> {
  const aws = lazyParameterGroupClients();
  return runCheck(resolveManaged(parseConfigDocument(document, "test")), {
    redis: ioredisAccess,
    parameterGroups: awsParameterGroups(aws),
    discovery: awsDiscovery(aws),
    metrics: awsMetrics(lazyCloudWatchClient("eu-west-1")),
    deadline: Date.now() + 30_000,
  });
}

describe("an ElastiCache replication group named in one small document", () => {
  it("lists its nodes, reads the primary with INFO and the unreachable replica from CloudWatch, in one metrics call", async () => {
    answerMetrics({
      "sessions-prod-002/0001": {
        BytesUsedForCache: 3_221_225_472,
        MemoryFragmentationRatio: 5.4,
        DatabaseMemoryUsagePercentage: 61.2,
        SwapUsage: 0,
        Evictions: 0,
      },
    });
    const report = await check({
      elasticache: { replicationGroups: ["sessions-prod"] },
      region: "eu-west-1",
      remediation: { mode: "dry-run" },
    });

    const e = report.endpoints[0];
    expect(e).toMatchObject({
      name: "sessions-prod",
      managed: { service: "elasticache", resource: "sessions-prod", read: "auto" },
    });
    expect(e?.nodes).toHaveLength(2);
    const [read, fromCloudWatch] = [
      e?.nodes.find((n) => n.address.endsWith(`:${primary.port}`)),
      e?.nodes.find((n) => n.address.endsWith(`:${replicaPort}`)),
    ];
    // The primary: INFO, fragmented for real, defrag state from the discovered parameter group.
    expect(read?.role).toBe("master");
    expect(read?.findings.map((f) => f.code)).toContain("FRAGMENTATION_HIGH");
    expect(read?.metrics?.activeDefragEnabled).toBe(false);
    expect(read?.findings.map((f) => f.code)).not.toContain("CLOUDWATCH_READING");
    // The replica: INFO failed, CloudWatch had fresh figures: judged on them, and it says so.
    expect(fromCloudWatch?.role).toBe("replica");
    expect(fromCloudWatch?.status).toBe("CRITICAL");
    expect(fromCloudWatch?.metrics).toMatchObject({ usedMemory: 3_221_225_472, fragmentationRatio: 5.4 });
    const cw = fromCloudWatch?.findings.find((f) => f.code === "CLOUDWATCH_READING");
    expect(cw).toMatchObject({ severity: "WARNING" });
    expect(cw?.meaning).toMatch(/INFO failed: CONNECTION_REFUSED/);
    expect(cw?.meaning).toMatch(/allocator breakdown/);
    // The repair goes through the group discovery found, in the endpoint's mode.
    expect(e?.actions?.[0]).toMatchObject({
      outcome: "dry-run",
      command: "elasticache:ModifyCacheParameterGroup sessions-redis7 activedefrag=yes",
    });
    expect(cloudwatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expect(elasticache).toHaveReceivedCommandTimes(DescribeCacheParametersCommand, 1);
    expect(elasticache).not.toHaveReceivedCommand(ModifyCacheParameterGroupCommand);
    // A named group's members are described by id, never the account's whole list: the IAM grant can name
    // exactly these clusters (-c managedResources).
    expect(elasticache).toHaveReceivedCommandTimes(DescribeCacheClustersCommand, 2);
    expect(elasticache).toHaveReceivedCommandWith(DescribeCacheClustersCommand, { CacheClusterId: "sessions-prod-001" });
    expect(elasticache).toHaveReceivedCommandWith(DescribeCacheClustersCommand, { CacheClusterId: "sessions-prod-002" });
  });

  it("with neither INFO nor fresh CloudWatch data, the node is UNKNOWN and says both", async () => {
    answerMetrics({ "sessions-prod-002/0001": { BytesUsedForCache: 1_000_000 } }, new Date(Date.now() - 60 * 60_000));
    const report = await check({ elasticache: { replicationGroups: ["sessions-prod"] } });
    const replica = report.endpoints[0]?.nodes.find((n) => n.address.endsWith(`:${replicaPort}`));
    expect(replica?.status).toBe("UNKNOWN");
    expect(replica?.error?.message).toMatch(
      /connection refused.*CloudWatch: CloudWatch's newest datapoint is from .* older than 10 minutes/s,
    );
  });

  it('"read": "cloudwatch" opens no connection at all', async () => {
    answerMetrics({
      "sessions-prod-001/0001": {
        BytesUsedForCache: 500_000_000,
        MemoryFragmentationRatio: 1.1,
        DatabaseMemoryUsagePercentage: 20,
      },
      "sessions-prod-002/0001": {
        BytesUsedForCache: 500_000_000,
        MemoryFragmentationRatio: 1.1,
        DatabaseMemoryUsagePercentage: 20,
      },
    });
    const connections = async () => {
      const c = primary.client();
      const n = Number(/total_connections_received:(\d+)/.exec(await c.info("stats"))?.[1]);
      c.disconnect();
      return n;
    };
    const before = await connections();
    const report = await check({ elasticache: "all", read: "cloudwatch" });
    const nodes = report.endpoints[0]?.nodes ?? [];
    expect(nodes.map((n) => n.status)).toEqual(["OK", "OK"]);
    expect(nodes.every((n) => n.findings.some((f) => f.code === "CLOUDWATCH_READING" && f.severity === "INFO"))).toBe(true);
    // Only this test's own two INFO connections reached the server.
    expect(await connections()).toBe(before + 1);
  });

  it("tag filters keep only the resources carrying every tag", async () => {
    elasticache.on(ListTagsForResourceCommand).resolves(tags({ team: "payments", env: "prod" }));
    answerMetrics({});
    const kept = await check({ elasticache: "all", tags: { team: "payments" }, read: "cloudwatch" });
    expect(kept.endpoints.map((e) => e.name)).toEqual(["sessions-prod"]);
    const none = await check({ elasticache: "all", tags: { team: "search" } });
    expect(none.endpoints[0]).toMatchObject({ status: "UNKNOWN", error: { code: "DISCOVERY_FAILED" } });
    expect(none.endpoints[0]?.error?.message).toMatch(/no resource matched/);
  });

  it("a refused listing is an UNKNOWN endpoint with the service's reason, never silence", async () => {
    elasticache.on(DescribeReplicationGroupsCommand).rejects(
      Object.assign(
        new Error(
          "User: arn:aws:sts::123456789012:assumed-role/checker is not authorized to perform: elasticache:DescribeReplicationGroups",
        ),
        {
          name: "AccessDeniedException",
        },
      ),
    );
    const report = await check({ elasticache: "all" });
    expect(report.status).toBe("UNKNOWN");
    expect(report.endpoints[0]?.error).toMatchObject({ code: "DISCOVERY_FAILED" });
    expect(report.endpoints[0]?.error?.message).toMatch(/not authorized to perform: elasticache:DescribeReplicationGroups/);
  });
});

describe("the CLI's --config takes the same documents", () => {
  it("discovers and checks with the caller's own AWS credentials", async () => {
    answerMetrics({ "sessions-prod-002/0001": { BytesUsedForCache: 1e8, MemoryFragmentationRatio: 1.1 } });
    const file = join(mkdtempSync(join(tmpdir(), "rmc-")), "fleet.json");
    writeFileSync(file, JSON.stringify({ elasticache: { replicationGroups: ["sessions-prod"] }, region: "eu-west-1" }));
    const { code, stdout } = await runCli(["--config", file, "--json"]);
    const report = JSON.parse(stdout) as CheckReport;
    expect(report.endpoints.map((e) => [e.name, e.managed?.service, e.nodes.length])).toEqual([
      ["sessions-prod", "elasticache", 2],
    ]);
    expect(code).toBe(2);
    expect(elasticache).toHaveReceivedCommandWith(DescribeReplicationGroupsCommand, { ReplicationGroupId: "sessions-prod" });
  });
});

describe("metrics of resources in another region", () => {
  it("are read in the resource's region, one call per region", async () => {
    answerMetrics({ "sessions-prod-001/0001": { BytesUsedForCache: 1e8, MemoryFragmentationRatio: 1.1 } });
    const regions: Array<string | undefined> = [];
    const aws = lazyParameterGroupClients();
    const entries = resolveManaged(
      parseConfigDocument(
        {
          managed: [
            { elasticache: "all", region: "us-east-1", read: "cloudwatch" },
            { memorydb: "all", read: "cloudwatch" },
          ],
        },
        "t",
      ),
    );
    memorydb.on(DescribeClustersCommand).resolves(memorydbClusters());
    await runCheck(entries, {
      redis: ioredisAccess,
      discovery: awsDiscovery(aws),
      metrics: awsMetrics(async (region) => {
        regions.push(region);
        return new CloudWatchClient({ region: region ?? "eu-west-1" });
      }),
    });
    expect(regions.sort()).toEqual(["us-east-1", undefined]);
    expect(cloudwatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 2);
  });
});

describe("resources in another account (roleArn)", () => {
  const ROLE = "arn:aws:iam::210987654321:role/redis-memory-reader";

  it("lists, reads metrics and reads the parameter group through the role's account", async () => {
    answerMetrics({ "sessions-prod-002/0001": { BytesUsedForCache: 1e8, MemoryFragmentationRatio: 1.1 } });
    const seen: string[] = [];
    const real = lazyParameterGroupClients();
    const aws = {
      elasticache: (region?: string, roleArn?: string) => {
        seen.push(`elasticache ${region} ${roleArn}`);
        return real.elasticache(region, roleArn);
      },
      memorydb: (region?: string, roleArn?: string) => real.memorydb(region, roleArn),
    };
    const report = await runCheck(
      resolveManaged(parseConfigDocument({ elasticache: "all", region: "eu-central-1", roleArn: ROLE, read: "cloudwatch" }, "t")),
      {
        redis: ioredisAccess,
        discovery: awsDiscovery(aws),
        parameterGroups: awsParameterGroups(aws),
        metrics: awsMetrics(async (region, roleArn) => {
          seen.push(`cloudwatch ${region} ${roleArn}`);
          return new CloudWatchClient({ region: region ?? "eu-west-1" });
        }),
      },
    );
    expect(report.endpoints[0]?.name).toBe("sessions-prod");
    expect(new Set(seen)).toEqual(new Set([`elasticache eu-central-1 ${ROLE}`, `cloudwatch eu-central-1 ${ROLE}`]));
  });

  it("assumes the role with the function's own credentials, for the shortest session", async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: "ASIAEXAMPLEEXAMPLE01",
        SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        SessionToken: "FwoGZXIvYXdzEXAMPLE",
        Expiration: new Date("2026-11-24T11:00:00Z"),
      },
      AssumedRoleUser: { AssumedRoleId: "AROAEXAMPLE:redis-memory-checker", Arn: `${ROLE}/redis-memory-checker` },
    });
    const credentials = await assumedRole(ROLE)();
    expect(credentials).toMatchObject({ accessKeyId: "ASIAEXAMPLEEXAMPLE01", sessionToken: "FwoGZXIvYXdzEXAMPLE" });
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: ROLE,
      RoleSessionName: "redis-memory-checker",
      DurationSeconds: 900,
    });
    sts.restore();
  });
});

describe("ElastiCache Serverless and MemoryDB", () => {
  it("a Serverless cache is read from CloudWatch, against its configured storage limit", async () => {
    elasticache.on(DescribeServerlessCachesCommand).resolves(serverlessCaches());
    answerMetrics({ "api-cache": { BytesUsedForCache: 9_300_000_000, Evictions: 1200 } });
    const report = await check({ elasticacheServerless: { caches: ["api-cache"] } });
    const n = report.endpoints[0]?.nodes[0];
    expect(report.endpoints[0]?.managed).toMatchObject({ service: "elasticache-serverless", read: "cloudwatch" });
    expect(n?.metrics?.memoryUsedPercent).toBe(93);
    expect(n?.findings.map((f) => f.code)).toContain("MAXMEMORY_PRESSURE");
    expect(n?.findings.find((f) => f.code === "CLOUDWATCH_READING")?.meaning).toMatch(
      /Serverless publishes no MemoryFragmentationRatio.*Evictions 1200\/min|Evictions 1200\/min.*Serverless/s,
    );
  });

  it("MemoryDB clusters: nodes from the shards, metrics by ClusterName and NodeName, defrag from DescribeParameters", async () => {
    memorydb.on(DescribeClustersCommand).resolves(memorydbClusters());
    memorydb.on(ListTagsCommand).resolves({ TagList: [] });
    memorydb.on(DescribeParametersCommand).resolves({ Parameters: [{ Name: "activedefrag", Value: "yes" }] });
    answerMetrics({
      "orders/orders-0001-001": {
        BytesUsedForMemoryDB: 2_000_000_000,
        MemoryFragmentationRatio: 1.2,
        DatabaseMemoryUsagePercentage: 40,
      },
      "orders/orders-0001-002": {
        BytesUsedForMemoryDB: 2_000_000_000,
        MemoryFragmentationRatio: 1.2,
        DatabaseMemoryUsagePercentage: 40,
      },
    });
    const report = await check({ memorydb: "all", read: "cloudwatch", remediation: { mode: "on" } });
    const e = report.endpoints[0];
    expect(e?.name).toBe("orders");
    expect(e?.nodes.map((n) => n.address)).toEqual([
      "orders-0001-001.orders.abc123.memorydb.eu-west-1.amazonaws.com:6379",
      "orders-0001-002.orders.abc123.memorydb.eu-west-1.amazonaws.com:6379",
    ]);
    expect(e?.nodes.every((n) => n.metrics?.activeDefragEnabled === true)).toBe(true);
    expect(e?.status).toBe("OK");
    expect(memorydb).toHaveReceivedCommandWith(DescribeParametersCommand, { ParameterGroupName: "orders-valkey7" });
  });
});
