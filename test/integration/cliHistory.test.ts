import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sample } from "../../lambda/core/forecast/history.js";
import { historyDocument, historyKey, parseHistoryDocument } from "../../lambda/core/forecast/historyDocument.js";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { fill } from "../../scripts/lib/fragment.js";
import { RedisServer } from "../../scripts/lib/redisServer.js";
import { runCli } from "../support/capture.js";

const MiB = 1024 * 1024;
let redis: RedisServer;
let runId: string;

beforeAll(async () => {
  // A datastore (noeviction) with a 96 MiB limit, holding about 40 MiB.
  redis = await RedisServer.start({ config: ["maxmemory 96mb", "maxmemory-policy noeviction"] });
  const c = redis.client();
  await fill(c, 40 * MiB, 1000);
  runId = /run_id:(\w+)/.exec(await c.info("server"))?.[1] as string;
  c.disconnect();
});
afterAll(async () => {
  await redis?.stop();
});

const fileIn = () => join(mkdtempSync(join(tmpdir(), "rmc-history-")), "history.json");

describe("the CLI's --history FILE", () => {
  it("is created on the first run and gains a sample each run", async () => {
    // Prepare
    const file = fileIn();

    // Act
    await runCli([redis.url, "--history", file, "--json"]);
    // Samples are kept to the second: a second run within the same second replaces the first's.
    await new Promise((r) => setTimeout(r, 1100));
    await runCli([redis.url, "--history", file, "--json"]);

    // Assess
    const histories = parseHistoryDocument(readFileSync(file, "utf8"));
    const samples = histories.get(historyKey(`127.0.0.1:${redis.port}`, `127.0.0.1:${redis.port}`));
    expect(samples).toHaveLength(2);
    expect(samples?.[1]).toMatchObject({ limit: 96 * MiB, run: runId.slice(0, 12) });
  });

  it("forecasts a growing node before it crosses 80%: MAXMEMORY_FORECAST, with the rate and the time", async () => {
    // Prepare: the last two hours of this server, growing 12 MiB an hour toward its 96 MiB limit.
    const c = redis.client();
    const used = Number(/used_memory:(\d+)/.exec(await c.info("memory"))?.[1]);
    c.disconnect();
    const now = Math.round(Date.now() / 1000);
    const history: Sample[] = Array.from({ length: 8 }, (_, i) => ({
      t: now - (8 - i) * 900,
      used: Math.round(used - (12 * MiB * (8 - i)) / 4),
      limit: 96 * MiB,
      run: runId.slice(0, 12),
    }));
    const file = fileIn();
    const name = `127.0.0.1:${redis.port}`;
    writeFileSync(file, historyDocument(new Map([[historyKey(name, name), history]])));

    // Act
    const { code, stdout } = await runCli([redis.url, "--history", file, "--json"]);

    // Assess
    const report = JSON.parse(stdout) as CheckReport;
    const node = report.endpoints[0]?.nodes[0];
    expect(node?.metrics?.memoryUsedPercent).toBeLessThan(80);
    const forecast = node?.findings.find((f) => f.code === "MAXMEMORY_FORECAST");
    expect(forecast?.severity).toBe("WARNING");
    expect(forecast?.meaning).toMatch(
      /grows 1[12]\.\d MiB an hour \(high confidence: 9 samples over .*reaches maxmemory, 96\.0 MiB, in about/,
    );
    expect(node?.forecast?.hoursToLimit).toBeGreaterThan(1);
    expect(node?.forecast?.hoursToLimit).toBeLessThan(6);
    expect(code).toBe(1);
    const nagios = await runCli([redis.url, "--history", file, "--format", "nagios"]);
    expect(nagios.stdout).toMatch(/'hours_to_full_127\.0\.0\.1:\d+'=\d+(\.\d+)?;;;0/);
  });

  it("a file that is not a history is an error naming it, and is left as it was", async () => {
    const file = fileIn();
    writeFileSync(file, '{"version": 1, "nodes": {},}');

    const { code, stderr } = await runCli([redis.url, "--history", file]);

    expect(code).toBe(65);
    expect(stderr).toBe(
      `redis-memory-checker: --history ${file}: not valid JSON at line 1, column 28: a comma before "}": JSON allows no trailing comma\n`,
    );
    expect(readFileSync(file, "utf8")).toBe('{"version": 1, "nodes": {},}');
  });
});
