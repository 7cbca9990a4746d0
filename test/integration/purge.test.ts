import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fill } from "../../scripts/lib/fragment.js";
import { RedisServer } from "../../scripts/lib/redisServer.js";
import { checkDocument } from "../support/check.js";

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

describe("MEMORY PURGE", () => {
  it("is applied only when configured, instead of defrag, and INFO read again shows the retained pages returned", async () => {
    const check = (remediation: Record<string, unknown>) => checkDocument([{ name: "cache", url: server.url, remediation }]);

    // Not configured: no purge, and no defrag either (it would not help).
    const before = (await check({ mode: "on" })).endpoints[0]?.nodes[0];
    expect(before?.findings.find((f) => f.code === "FRAGMENTATION_HIGH")?.meaning).toMatch(/active defrag will not help/);
    expect(before?.actions.map((a) => [a.action, a.outcome])).toEqual([["ENABLE_ACTIVEDEFRAG", "skipped"]]);

    // Configured: purge runs, and the re-read shows what changed.
    const node = (await check({ mode: "on", purge: true })).endpoints[0]?.nodes[0];
    const purge = node?.actions.find((a) => a.action === "MEMORY_PURGE");
    expect(purge).toMatchObject({ outcome: "applied", serverMessage: "OK" });
    // The verdict is the reading after the repair; the one before it is kept beside it.
    expect(node?.before?.status).not.toBe("OK");
    expect(node?.status).toBe("OK");
    expect(node?.metrics?.allocatorRssBytes).toBeLessThan((node?.before?.metrics.allocatorRssBytes ?? 0) / 2);
    expect(node?.changes?.some((c) => c.startsWith("allocator_rss_bytes"))).toBe(true);
  });
});
