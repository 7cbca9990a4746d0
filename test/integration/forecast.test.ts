import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoStateStore } from "../../lambda/adapters/aws/stateStore.js";
import { ioredisAccess } from "../../lambda/adapters/redis/client.js";
import { lifecyclePolicy } from "../../lambda/checker/lifecyclePolicy.js";
import { runCheck } from "../../lambda/checker/runCheck.js";
import { endpointFromUrl } from "../../lambda/core/endpoints/endpoint.js";
import { HISTORY_MAX_SAMPLES } from "../../lambda/core/forecast/history.js";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { fill } from "../../scripts/lib/fragment.js";
import { RedisServer } from "../../scripts/lib/redisServer.js";
import { DynaliteBench } from "../support/dynalite.js";
import { nodeFromText, reportOf } from "../support/reports.js";

const MiB = 1024 * 1024;
const SETTINGS = { consecutive: 1, reminderMs: 6 * 3600_000 };
let bench: DynaliteBench;
let redis: RedisServer;

beforeAll(async () => {
  bench = await DynaliteBench.start("unused");
  // A datastore (noeviction) with a 96 MiB limit.
  redis = await RedisServer.start({ config: ["maxmemory 96mb", "maxmemory-policy noeviction"] });
});
afterAll(async () => {
  await Promise.all([bench?.stop(), redis?.stop()]);
});

async function store(): Promise<DynamoStateStore> {
  const name = `forecast-${Date.now()}`;
  await bench.createTable(name);
  return new DynamoStateStore(bench.doc(), name, () => new Date());
}

const signal = () => AbortSignal.timeout(5000);

/** This server's own INFO with used_memory as it was then: an earlier run's reading. */
async function earlierReport(name: string, usedBytes: number): Promise<CheckReport> {
  const c = redis.client();
  const info = (await c.info("everything")).replace(/^used_memory:\d+/m, `used_memory:${usedBytes}`);
  c.disconnect();
  return reportOf([[name, nodeFromText(info, `127.0.0.1:${redis.port}`)]]);
}

describe("forecasts from the history the state table keeps (dynalite)", () => {
  it("a growing node fires MAXMEMORY_FORECAST on a run before it crosses 80%", async () => {
    // Prepare: the node holds 40 MiB now; the last two hours' runs saw it grow 12 MiB an hour.
    const c = redis.client();
    await fill(c, 40 * MiB, 1000);
    const used = Number(/used_memory:(\d+)/.exec(await c.info("memory"))?.[1]);
    c.disconnect();
    const states = await store();
    const name = `127.0.0.1:${redis.port}`;
    const minutesAgo = [120, 105, 90, 75, 60, 45, 30, 15];
    for (const m of minutesAgo) {
      const at = new Date(Date.now() - m * 60_000);
      const policy = lifecyclePolicy(states, SETTINGS, () => at);
      await policy.prepare?.(signal());
      const selection = await policy.select(
        await earlierReport(name, Math.round(used - (12 * MiB * m) / 60)),
        "check",
        { allEndpoints: true },
        signal(),
      );
      await selection.commit?.(signal());
    }

    // Act: this run, reading the real server, with the state's history.
    const policy = lifecyclePolicy(states, SETTINGS);
    await policy.prepare?.(signal());
    const report = await runCheck([endpointFromUrl(redis.url, {})], {
      redis: ioredisAccess,
      previous: policy.previous?.bind(policy),
    });
    const selection = await policy.select(report, "check", { allEndpoints: true }, signal());
    await selection.commit?.(signal());

    // Assess
    const node = report.endpoints[0]?.nodes[0];
    expect(node?.metrics?.memoryUsedPercent).toBeLessThan(80);
    expect(node?.findings.find((f) => f.code === "MAXMEMORY_PRESSURE")).toBeUndefined();
    const forecast = node?.findings.find((f) => f.code === "MAXMEMORY_FORECAST");
    expect(forecast?.severity).toBe("WARNING");
    expect(forecast?.meaning).toMatch(/grows 1[12]\.\d MiB an hour \(high confidence: 9 samples over 2\.0 h\)/);
    expect(node?.status).toBe("WARNING");
    expect(selection.items.map((i) => i.kind)).toEqual(["FIRING"]);
    // The state keeps the history, bounded.
    const saved = (await states.loadAll(signal())).get(`node#${name}#${name}`);
    expect(saved?.history).toHaveLength(9);
    expect(saved?.history?.length).toBeLessThanOrEqual(HISTORY_MAX_SAMPLES);
  });
});
