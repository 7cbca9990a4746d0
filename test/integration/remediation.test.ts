import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpointFromUrl } from "../../lambda/core/endpoints/endpoint.js";
import { defragRedisServer } from "../../scripts/lib/binaries.js";
import { fill, fragment } from "../../scripts/lib/fragment.js";
import { eventually, RedisServer } from "../../scripts/lib/redisServer.js";
import { check, checkDocument } from "../support/check.js";
import { serverPool } from "../support/serverPool.js";

// The repairs, made for real on real servers: active defrag turned on, and MEMORY PURGE. (Every build's own
// answer to active defrag is builds.test.ts's; the parameter group's, parameterGroup.test.ts's.)

const start = serverPool();

describe("active defrag on the defrag-capable build", () => {
  it("is enabled by the checker and fragmentation falls", async () => {
    // Prepare
    const server = await start({ binary: defragRedisServer() });
    const c = server.client();
    await fragment(c, { keys: 350_000 });
    await new Promise((res) => setTimeout(res, 1500));
    const endpoint = endpointFromUrl(server.url, { remediate: "on" });

    // Act
    const first = (await check([endpoint])).endpoints[0]?.nodes[0];

    // Assess: applied, and the re-read shows it on.
    expect(first?.status).toBe("CRITICAL");
    const defrag = first?.actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG");
    expect(defrag?.outcome).toBe("applied");
    expect(first?.metrics?.activeDefragEnabled).toBe(true);
    expect(first?.before?.metrics.activeDefragEnabled).toBe(false);
    expect(first?.changes).toContain("activedefrag no -> yes");
    const before = first?.before?.metrics.fragmentationRatio ?? 0;
    const beforeAlloc = first?.before?.metrics.allocatorFragBytes ?? 0;
    const fell = await eventually(async () => {
      const info = await c.info("memory");
      const ratio = Number(/mem_fragmentation_ratio:([\d.]+)/.exec(info)?.[1]);
      return ratio < before * 0.7 ? ratio : undefined;
    }, 45_000);
    expect(fell).toBeLessThan(before);

    // A later check sees defrag on, reports it already enabled, and measures its progress.
    const second = (
      await check([endpoint], {
        previous: () => ({ at: "the first check", allocatorFragBytes: beforeAlloc, activeDefragHits: 0 }),
      })
    ).endpoints[0]?.nodes[0];
    expect(second?.actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG")?.outcome).toBe("already-enabled");
    expect(second?.findings.find((f) => f.code === "ACTIVE_DEFRAG")?.meaning).toMatch(/allocator fragmentation fell by/);
    // Whatever is still fragmented, no finding asks for what is already on.
    expect(second?.findings.map((f) => f.nextStep ?? "")).not.toContainEqual(expect.stringMatching(/^Enable active defrag/));
    c.disconnect();
  });
});

describe("MEMORY PURGE", () => {
  let server: RedisServer;

  beforeAll(async () => {
    // Pages jemalloc keeps after a peak of large values: a high ratio that active defrag cannot fix.
    server = await RedisServer.start();
    const c = server.client();
    await fill(c, 200 * 1024 * 1024, 64 * 1024, "big:");
    await fill(c, 12 * 1024 * 1024, 256, "small:");
    const keys = await c.keys("big:*");
    for (let i = 0; i < keys.length; i += 500) await c.del(...keys.slice(i, i + 500));
    c.disconnect();
    await new Promise((r) => setTimeout(r, 1500));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("is applied only when configured, instead of defrag, and INFO read again shows the retained pages returned", async () => {
    const checkCache = (remediation: Record<string, unknown>) => checkDocument([{ name: "cache", url: server.url, remediation }]);

    // Not configured: no purge, and no defrag either (it would not help).
    const before = (await checkCache({ mode: "on" })).endpoints[0]?.nodes[0];
    expect(before?.findings.find((f) => f.code === "FRAGMENTATION_HIGH")?.meaning).toMatch(/active defrag will not help/);
    expect(before?.actions.map((a) => [a.action, a.outcome])).toEqual([["ENABLE_ACTIVEDEFRAG", "skipped"]]);

    // Configured: purge runs, and the re-read shows what changed.
    const node = (await checkCache({ mode: "on", purge: true })).endpoints[0]?.nodes[0];
    const purge = node?.actions.find((a) => a.action === "MEMORY_PURGE");
    expect(purge).toMatchObject({ outcome: "applied", serverMessage: "OK" });
    // The verdict is the reading after the repair; the one before it is kept beside it.
    expect(node?.before?.status).not.toBe("OK");
    expect(node?.status).toBe("OK");
    expect(node?.metrics?.allocatorRssBytes).toBeLessThan((node?.before?.metrics.allocatorRssBytes ?? 0) / 2);
    expect(node?.changes?.some((c) => c.startsWith("allocator_rss_bytes"))).toBe(true);
  });
});
