import { beforeAll, describe, expect, it } from "vitest";
import { parseConfigDocument } from "../../lambda/core/endpoints/config.js";
import { resolveEndpoints } from "../../lambda/core/endpoints/endpoint.js";
import type { CheckReport, NodeReport } from "../../lambda/core/report/report.js";
import { DEFAULT_TIMEOUTS } from "../../lambda/core/settings/defaults.js";
import { fill, fragment } from "../../scripts/lib/fragment.js";
import { freePort, type RedisServer } from "../../scripts/lib/redisServer.js";
import { check } from "../support/check.js";
import { DOCTOR_EMPTY, DOCTOR_HIGH_TOTAL_RSS, DOCTOR_PAIRS } from "../support/doctor.js";
import { serverPool } from "../support/serverPool.js";

const PASSWORD = "s3cret-Passw0rd";
const CHECKER_PASSWORD = "checker-pw-123";
const start = serverPool();

const node = (report: CheckReport, name: string): NodeReport => {
  const n = report.endpoints.find((e) => e.name === name)?.nodes[0];
  if (!n) throw new Error(`no node for ${name}`);
  return n;
};
const codes = (n: NodeReport) => n.findings.map((f) => f.code);

describe("the checker against real redis-server processes", () => {
  let empty: RedisServer;
  let healthy: RedisServer;
  let fragmented: RedisServer;
  let full: RedisServer;
  let renamed: RedisServer;
  let acl: RedisServer;
  let closedPort: number;
  let report: CheckReport;

  beforeAll(async () => {
    [empty, healthy, fragmented, full, renamed, acl] = await Promise.all([
      start(),
      start(),
      start(),
      start({ config: ["maxmemory 32mb", "maxmemory-policy noeviction"] }),
      start({ config: ['rename-command CONFIG ""'] }),
      start({
        config: [`requirepass ${PASSWORD}`, `user checker on >${CHECKER_PASSWORD} -@all +info +config|get +memory|doctor`],
      }),
    ]);
    closedPort = await freePort();
    const h = healthy.client();
    const f = fragmented.client();
    const m = full.client();
    const a = acl.client({ password: PASSWORD });
    const r = renamed.client();
    await Promise.all([
      fill(h, 20 * 1024 * 1024, 400),
      fragment(f, { keys: 300_000 }),
      fill(m, 30 * 1024 * 1024, 1000).catch(() => undefined),
      fragment(a, { keys: 300_000 }),
      fragment(r, { keys: 300_000 }),
    ]);
    for (const c of [h, f, m, a, r]) c.disconnect();
    // serverCron refreshes RSS and allocator statistics; let it run a few times.
    await new Promise((res) => setTimeout(res, 1500));

    const doc = parseConfigDocument(
      {
        defaults: { remediation: { mode: "on" } },
        endpoints: [
          { name: "empty", url: empty.url },
          { name: "healthy", url: healthy.url },
          { name: "fragmented-debian", url: fragmented.url },
          { name: "near-maxmemory", url: full.url },
          { name: "config-renamed", url: renamed.url, remediation: { parameterGroup: "redis7-defrag" } },
          { name: "acl-no-config-set", host: "127.0.0.1", port: acl.port, username: "checker", password: CHECKER_PASSWORD },
          { name: "wrong-password", url: `redis://default:not-the-password@127.0.0.1:${acl.port}` },
          { name: "closed-port", url: `redis://127.0.0.1:${closedPort}`, timeouts: { connectMs: 1000 } },
        ],
      },
      "test",
    );
    report = await check(resolveEndpoints(doc));
  });

  it("an empty Redis is OK whatever its ratio", () => {
    const n = node(report, "empty");
    expect(n.status).toBe("OK");
    expect(n.metrics?.fragmentationRatio).toBeGreaterThan(2);
    expect(codes(n)).toContain("EMPTY_INSTANCE");
    expect(n.doctor?.empty).toBe(true);
  });

  it("a healthy Redis with data is OK", () => {
    const n = node(report, "healthy");
    expect(n.status).toBe("OK");
    expect(n.actions).toEqual([]);
  });

  it("never contradicts MEMORY DOCTOR on the same server", () => {
    const checked = report.endpoints.flatMap((e) => e.nodes).filter((n) => n.doctor);
    expect(checked.length).toBeGreaterThanOrEqual(5);
    for (const n of checked) {
      const ours = codes(n);
      expect(ours.includes(DOCTOR_EMPTY), n.address).toBe(n.doctor?.empty);
      const highTotal = DOCTOR_HIGH_TOTAL_RSS.some((c) => ours.includes(c));
      expect(highTotal, `${n.address} high-total-rss`).toBe(n.doctor?.issues.includes("high-total-rss"));
      for (const [code, issue] of DOCTOR_PAIRS) {
        expect(ours.includes(code), `${n.address} ${code}`).toBe(n.doctor?.issues.includes(issue));
      }
    }
  });

  it("fragmentation on Debian's build is found, and the defrag refusal is reported as unsupported", () => {
    const n = node(report, "fragmented-debian");
    expect(["WARNING", "CRITICAL"]).toContain(n.status);
    expect(codes(n)).toEqual(expect.arrayContaining(["FRAGMENTATION_HIGH", "ALLOCATOR_FRAGMENTATION"]));
    expect(n.doctor?.issues).toEqual(expect.arrayContaining(["high-total-rss", "allocator-fragmentation"]));
    const defrag = n.actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG");
    expect(defrag?.outcome).toBe("unsupported");
    expect(defrag?.serverMessage).toMatch(/modified Jemalloc/);
    expect(n.before).toBeUndefined();
  });

  it("near maxmemory with noeviction is CRITICAL, and nothing changes maxmemory", async () => {
    const n = node(report, "near-maxmemory");
    expect(n.status).toBe("CRITICAL");
    expect(n.findings[0]?.code).toBe("MAXMEMORY_PRESSURE");
    const c = full.client();
    expect(await c.config("GET", "maxmemory")).toEqual(["maxmemory", String(32 * 1024 * 1024)]);
    c.disconnect();
  });

  it("with CONFIG renamed away, it still reads maxmemory from INFO and points to the parameter group", () => {
    const n = node(report, "config-renamed");
    expect(n.metrics?.maxmemoryPolicy).toBe("noeviction");
    expect(n.metrics?.activeDefragEnabled).toBeUndefined();
    const defrag = n.actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG");
    expect(defrag?.outcome).toBe("command-unavailable");
    expect(defrag?.nextStep).toMatch(/parameter group redis7-defrag/);
  });

  it("an ACL user without CONFIG SET gets a no-permission outcome, not a crash", () => {
    const n = node(report, "acl-no-config-set");
    expect(codes(n)).toContain("FRAGMENTATION_HIGH");
    const defrag = n.actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG");
    expect(defrag?.outcome).toBe("no-permission");
    expect(defrag?.serverMessage).toMatch(/NOPERM/);
  });

  it("a wrong password is UNKNOWN with the cause, and the password is never printed", () => {
    const n = node(report, "wrong-password");
    expect(n.status).toBe("UNKNOWN");
    expect(n.error?.code).toBe("AUTH_FAILED");
    const text = JSON.stringify(report);
    for (const secret of ["not-the-password", PASSWORD, CHECKER_PASSWORD]) expect(text).not.toContain(secret);
  });

  it("a closed port is UNKNOWN and every other endpoint was still checked", () => {
    const n = node(report, "closed-port");
    expect(n.error?.code).toBe("CONNECTION_REFUSED");
    // CRITICAL outranks UNKNOWN: a known crisis is not hidden behind a node that could not be checked.
    expect(report.status).toBe("CRITICAL");
    expect(report.endpoints).toHaveLength(8);
    expect(report.counts.UNKNOWN).toBe(2);
    // The refused port answered at once; no endpoint took longer than the whole run.
    expect(node(report, "closed-port").durationMs).toBeLessThan(DEFAULT_TIMEOUTS.connectMs);
    for (const e of report.endpoints) expect(e.durationMs).toBeLessThanOrEqual(report.durationMs);
  });
});
