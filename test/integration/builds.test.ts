import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpointFromUrl } from "../../lambda/core/endpoints/endpoint.js";
import { infoNumber, parseInfo } from "../../lambda/core/parsing/info.js";
import { memorySnapshot } from "../../lambda/core/parsing/memory.js";
import type { NodeReport } from "../../lambda/core/report/report.js";
import { REQUIRED_BUILDS, type ServerBuild, serverBuild } from "../../scripts/lib/binaries.js";
import { fragment } from "../../scripts/lib/fragment.js";
import { eventually, RedisServer } from "../../scripts/lib/redisServer.js";
import { check } from "../support/check.js";
import { DOCTOR_HIGH_TOTAL_RSS, DOCTOR_PAIRS } from "../support/doctor.js";

/**
 * Every server build the bench has (Redis 7.0 from Debian and with its own jemalloc, Redis 8.0 and Valkey
 * 8.1 with jemalloc and with libc), fragmented for real: the verdict, agreement with the server's own
 * allocator_frag_ratio and MEMORY DOCTOR, and the repair (active defrag turning on and the ratio falling
 * where the build can defrag; the right refusal where it cannot).
 */
const MISSING: Array<[string, string]> = [];
const BUILDS = REQUIRED_BUILDS.flatMap((id) => {
  try {
    return [serverBuild(id)];
  } catch (e) {
    MISSING.push([id, (e as Error).message]);
    return [];
  }
});
const servers = new Map<string, RedisServer>();
const first = new Map<string, NodeReport>();
/** A dry-run check and the server's own INFO, read back to back before anything was changed. */
const untouched = new Map<string, { node: NodeReport; info: ReturnType<typeof parseInfo> }>();

beforeAll(async () => {
  // Defrag starts above active-defrag-ignore-bytes (100 MB by default): the same fill leaves 99 MiB of
  // allocator fragmentation on Valkey 9.1 (a tighter allocator) and 160 MiB on Redis 7.0, so the floor is set
  // below both, and every build shows what its defrag does.
  for (const b of BUILDS) {
    servers.set(b.id, await RedisServer.start({ binary: b.binary, config: ["active-defrag-ignore-bytes 64mb"] }));
  }
  // Fragment them all at once: the writes are the slow part, and the servers work in parallel.
  await Promise.all(
    [...servers.values()].map(async (s) => {
      const c = s.client();
      await fragment(c, { keys: 350_000 });
      c.disconnect();
    }),
  );
  await new Promise((r) => setTimeout(r, 1500));
  for (const b of BUILDS) {
    const server = servers.get(b.id) as RedisServer;
    const c = server.client();
    const [report, text] = await Promise.all([
      check([endpointFromUrl(server.url, { remediate: "dry-run" })]),
      c.info("everything").then(async (all) => `${all}\r\n${await c.info("debug")}`),
    ]);
    c.disconnect();
    untouched.set(b.id, { node: report.endpoints[0]?.nodes[0] as NodeReport, info: parseInfo(text) });
  }
  const report = await check(
    BUILDS.map((b) => ({ ...endpointFromUrl((servers.get(b.id) as RedisServer).url, { remediate: "on" }), name: b.id })),
  );
  for (const e of report.endpoints) first.set(e.name, e.nodes[0] as NodeReport);
}, 180_000);
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.stop()));
});

// A build that is not installed fails here, with the command that installs it; the others still run.
it.each(MISSING)("%s is installed", (_id, fix) => {
  throw new Error(fix);
});

describe.each(BUILDS.map((b) => [b.label, b] as const))("%s, fragmented for real", (_label, build: ServerBuild) => {
  const node = () => first.get(build.id) as NodeReport;

  it("is found: FRAGMENTATION_HIGH, on the right engine, in agreement with MEMORY DOCTOR", () => {
    const n = node();
    const codes = n.findings.map((f) => f.code);
    const high = n.before?.findings ?? n.findings;
    expect(high.map((f) => f.code)).toContain("FRAGMENTATION_HIGH");
    expect(["WARNING", "CRITICAL"]).toContain(n.before?.status ?? n.status);
    expect(n.metrics?.engine).toBe(build.engine);
    expect(n.metrics?.engineVersion).toBe(build.version);
    expect(n.doctor).toBeDefined();
    // The doctor was read with the first reading: compare it with the first reading's findings.
    const firstCodes = (n.before?.findings ?? n.findings).map((f) => f.code);
    expect(DOCTOR_HIGH_TOTAL_RSS.some((c) => firstCodes.includes(c))).toBe(n.doctor?.issues.includes("high-total-rss"));
    for (const [code, issue] of DOCTOR_PAIRS) expect(firstCodes.includes(code), code).toBe(n.doctor?.issues.includes(issue));
    expect(codes.length).toBeGreaterThan(0);
  });

  it("reads allocator fragmentation as the server itself defines it", () => {
    const { node: n, info } = untouched.get(build.id) as { node: NodeReport; info: ReturnType<typeof parseInfo> };
    const serverSays = infoNumber(info, "allocator_frag_ratio");
    expect(serverSays, "the server's allocator_frag_ratio").toBeDefined();
    if (build.allocator === "libc") {
      expect(n.metrics?.allocatorFragRatio).toBeUndefined();
      expect(serverSays).toBe(1);
    } else if (build.jemalloc === "system" && build.engine === "valkey") {
      // Valkey on the system jemalloc measures no small-bin slack (always 0): the checker leaves it unknown.
      expect(infoNumber(info, "allocator_frag_bytes")).toBe(0);
      expect(memorySnapshot(info)?.systemJemalloc?.unmeasuredSlackBytes).toBeGreaterThan(50 * 1024 * 1024);
      expect(n.metrics?.allocatorFragRatio).toBeUndefined();
    } else {
      // The checker's reading of the very INFO text the server printed (a server's allocator figures keep
      // moving for seconds after a mass delete, so two reads apart need not agree): INFO rounds to 1/100.
      const ours = memorySnapshot(info)?.allocatorFragRatio;
      expect(ours, "the checker's allocator fragmentation ratio").toBeDefined();
      expect(Math.abs((ours as number) - (serverSays as number))).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(n.metrics?.allocatorFragRatio).toBeDefined();
    }
  });

  if (build.defrag) {
    it("turns active defrag on, and the ratio falls", async () => {
      const n = node();
      expect(n.actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG")?.outcome).toBe("applied");
      expect(n.metrics?.activeDefragEnabled).toBe(true);
      const before = n.before?.metrics.fragmentationRatio ?? 0;
      const c = (servers.get(build.id) as RedisServer).client();
      const fell = await eventually(async () => {
        const ratio = Number(/mem_fragmentation_ratio:([\d.]+)/.exec(await c.info("memory"))?.[1]);
        return ratio < before * 0.7 ? ratio : undefined;
      }, 60_000);
      c.disconnect();
      expect(fell).toBeLessThan(before);
    }, 70_000);
  } else if (build.allocator === "libc") {
    it("says libc keeps freed memory: defrag and MEMORY PURGE cannot help; a restart or a jemalloc build does", () => {
      const n = node();
      const high = n.findings.find((f) => f.code === "FRAGMENTATION_HIGH");
      expect(high?.meaning).toMatch(/Memory freed inside libc malloc/);
      expect(high?.nextStep).toMatch(/restart in a quiet window.*jemalloc build/);
      expect(n.actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG")).toMatchObject({ outcome: "skipped" });
      expect(n.actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG")?.reason).toMatch(/The allocator is libc/);
    });
  } else if (build.jemalloc === "system" && build.engine === "valkey") {
    it("recognises Valkey on the system jemalloc: explains the slack it cannot measure, and does not try defrag", () => {
      const n = node();
      const high = n.findings.find((f) => f.code === "FRAGMENTATION_HIGH");
      expect(high?.meaning).toMatch(/can neither measure apart nor move: Valkey linked with the system jemalloc/);
      expect(high?.meaning).not.toMatch(/large values|-\d/);
      const defrag = n.actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG");
      expect(defrag).toMatchObject({ outcome: "unsupported" });
      expect(defrag?.serverMessage).toBeUndefined();
      expect(defrag?.reason).toMatch(/was not sent/);
    });
  } else {
    it("reports the build's refusal of active defrag as unsupported", () => {
      const defrag = node().actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG");
      expect(defrag?.outcome).toBe("unsupported");
      expect(defrag?.serverMessage).toMatch(/modified Jemalloc/);
    });
  }
});
