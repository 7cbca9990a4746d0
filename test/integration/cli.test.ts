import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { fill } from "../../scripts/lib/fragment.js";
import { freePort, RedisServer } from "../../scripts/lib/redisServer.js";
import { runCli } from "../support/capture.js";

const exec = promisify(execFile);
let ok: RedisServer;
let warn: RedisServer;
let closed: number;

beforeAll(async () => {
  [ok, warn] = await Promise.all([
    RedisServer.start(),
    RedisServer.start({ config: ["maxmemory 16mb", "maxmemory-policy allkeys-lru"] }),
  ]);
  const c = warn.client();
  await fill(c, 20 * 1024 * 1024, 1000);
  c.disconnect();
  closed = await freePort();
});
afterAll(async () => {
  await Promise.all([ok?.stop(), warn?.stop()]);
});

describe("redis-memory-checker CLI", () => {
  it("exit codes follow the monitoring-plugin convention: worst over all endpoints", async () => {
    expect((await runCli([ok.url])).code).toBe(0);
    expect((await runCli([ok.url, warn.url])).code).toBe(1);
    expect((await runCli([ok.url, `redis://127.0.0.1:${closed}`, "--connect-timeout", "500"])).code).toBe(3);
  });

  it("prints a table and the findings for people", async () => {
    const { stdout } = await runCli([warn.url]);
    expect(stdout).toMatch(/^redis-memory-checker .*: WARNING/);
    expect(stdout).toMatch(/node\s+role\s+server\s+slots\/master\s+status\s+used\s+rss/);
    expect(stdout).toMatch(/WARNING MAXMEMORY_PRESSURE: .* allkeys-lru, Redis evicts keys/);
    expect(stdout).toMatch(/next: /);
  });

  it("--format nagios and prometheus on real servers, with the same exit codes and nothing on stderr", async () => {
    const nagios = await runCli([ok.url, warn.url, "--format", "nagios"]);
    expect(nagios.code).toBe(1);
    const [first = ""] = nagios.stdout.split("\n");
    expect(first).toMatch(new RegExp(`^WARNING - 1 of 2 nodes warning: 127\\.0\\.0\\.1:${warn.port} MAXMEMORY_PRESSURE`));
    expect(first).toMatch(new RegExp(`'maxmemory_used_127\\.0\\.0\\.1:${warn.port}'=[\\d.]+%;80;95;0;100`));
    expect(nagios.stderr).toBe("");
    const prom = await runCli([ok.url, "--format", "prometheus"]);
    expect(prom.code).toBe(0);
    expect(prom.stdout).toContain(
      `redis_memory_checker_status{endpoint="127.0.0.1:${ok.port}",node="127.0.0.1:${ok.port}",role="master"} 0`,
    );
    expect((await runCli([ok.url, "--json", "--format", "nagios"])).code).toBe(64);
  });

  it("--json prints the documented report shape", async () => {
    const { stdout } = await runCli([ok.url, "--json"]);
    const report = JSON.parse(stdout) as CheckReport;
    expect(report).toMatchObject({ schemaVersion: 2, status: "OK", counts: { OK: 1, WARNING: 0, CRITICAL: 0, UNKNOWN: 0 } });
    expect(report.endpoints[0]).toMatchObject({ name: `127.0.0.1:${ok.port}`, target: ok.url, status: "OK" });
    const node = report.endpoints[0]?.nodes[0];
    expect(node).toMatchObject({ address: `127.0.0.1:${ok.port}`, role: "master", status: "OK" });
    expect(node?.metrics).toMatchObject({ usedMemory: expect.any(Number), fragmentationRatio: expect.any(Number) });
    expect(node?.findings[0]).toMatchObject({
      code: expect.any(String),
      severity: expect.any(String),
      meaning: expect.any(String),
    });
  });

  it("--config reads the Secrets Manager document; a bad field is named, exit 65", async () => {
    const dir = tmpdir();
    const good = join(dir, `rmc-good-${process.pid}.json`);
    const bad = join(dir, `rmc-bad-${process.pid}.json`);
    writeFileSync(good, JSON.stringify({ endpoints: [{ name: "cache", host: "127.0.0.1", port: ok.port }] }));
    writeFileSync(bad, JSON.stringify({ endpoints: [{ name: "cache", host: "127.0.0.1", port: "six" }] }));
    const g = await runCli(["--config", good, "--json"]);
    expect(g.code).toBe(0);
    expect((JSON.parse(g.stdout) as CheckReport).endpoints[0]?.name).toBe("cache");
    const b = await runCli(["--config", bad]);
    expect(b.code).toBe(65);
    expect(b.stderr).toMatch(/endpoints\[0\]\.port/);
    expect((await runCli(["--config", join(dir, "does-not-exist.json")])).code).toBe(66);
  });

  it("usage errors exit 64", async () => {
    expect((await runCli(["--remediate", "maybe"])).code).toBe(64);
    expect((await runCli(["--bogus"])).code).toBe(64);
    expect((await runCli(["http://example"])).code).toBe(64);
  });

  it("with no URL it checks redis://127.0.0.1:6379", async () => {
    const { stdout } = await runCli(["--json", "--connect-timeout", "500"]);
    expect((JSON.parse(stdout) as CheckReport).endpoints[0]?.target).toBe("redis://127.0.0.1:6379");
  });

  it("runs as `npm run check` in its own process", async () => {
    const { stdout } = await exec("npm", ["run", "-s", "check", "--", ok.url, "--json"], {
      cwd: join(import.meta.dirname, "..", ".."),
    });
    expect((JSON.parse(stdout) as CheckReport).status).toBe("OK");
  });
});
