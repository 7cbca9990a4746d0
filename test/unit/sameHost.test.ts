import { describe, expect, it } from "vitest";
import type { RedisAccess } from "../../lambda/checker/ports.js";
import { runCheck } from "../../lambda/checker/runCheck.js";
import { hostOf, sameHostNodes } from "../../lambda/core/report/sameHost.js";
import type { SameHost } from "../../lambda/core/rules/facts.js";
import { maxmemoryUnset } from "../../lambda/core/rules/maxmemoryUnset.js";
import { endpointFromUrl } from "../../lambda/core/settings/endpoint.js";
import { DEFAULT_THRESHOLDS } from "../../lambda/core/settings/thresholds.js";
import { editedInfo, fixtureText, snapshotOf } from "../support/fixtures.js";
import { nodeFrom, reportOf } from "../support/reports.js";

/** The captures' host: total_system_memory:25276510208 (23.54 GiB). */
const TOTAL = 25276510208;
const GiB = 1024 ** 3;

const unset = (sameHost?: SameHost, text = fixtureText("healthy-7.0")) =>
  maxmemoryUnset({ memory: snapshotOf(text), sameHost }, DEFAULT_THRESHOLDS)[0];

describe("MAXMEMORY_UNSET on a host shared with other checked nodes", () => {
  it("alone on its host: 75% of the host's memory, as before", () => {
    const f = unset();
    expect(f?.meaning).toBe("No maxmemory limit: Redis grows until the host swaps or the OOM killer stops it.");
    expect(f?.nextStep).toBe(
      `Set maxmemory to about 17.66 GiB (75% of the host's 23.54 GiB), leaving room for fork copy-on-write and fragmentation, with CONFIG SET maxmemory ${Math.floor(TOTAL * 0.75)}, and in redis.conf so a restart keeps it. The checker does not change it.`,
    );
  });

  it("four instances on one host: the budget is divided, and the finding says so", () => {
    const f = unset({ host: "10.0.0.5", nodes: 4, unlimited: 4, limitedBytes: 0 });
    const each = Math.floor(Math.floor(TOTAL * 0.75) / 4);
    expect(f?.meaning).toBe(
      "No maxmemory limit: Redis grows until the host swaps or the OOM killer stops it. It shares its host (10.0.0.5) with 3 other instances this run checked.",
    );
    expect(f?.nextStep).toBe(
      `Set maxmemory to about 4.41 GiB: 75% of the host's 23.54 GiB, shared by the 4 instances this run checked on 10.0.0.5, leaving room for fork copy-on-write and fragmentation, with CONFIG SET maxmemory ${each}, and in redis.conf so a restart keeps it. The checker does not change it.`,
    );
  });

  it("what the others' own maxmemory holds comes off the budget first", () => {
    const f = unset({ host: "10.0.0.5", nodes: 3, unlimited: 2, limitedBytes: 8 * GiB });
    const each = Math.floor((Math.floor(TOTAL * 0.75) - 8 * GiB) / 2);
    expect(f?.nextStep).toMatch(
      /^Set maxmemory to about 4\.83 GiB: 75% of the host's 23\.54 GiB, less the 8\.00 GiB the others' maxmemory already holds, shared by the 2 instances without a limit among the 3 this run checked on 10\.0\.0\.5, /,
    );
    expect(f?.nextStep).toContain(`CONFIG SET maxmemory ${each},`);
  });

  it("when the others' limits already take the host's 75%, it says to lower them rather than suggest a size", () => {
    const f = unset({ host: "10.0.0.5", nodes: 2, unlimited: 1, limitedBytes: 20 * GiB });
    expect(f?.nextStep).toBe(
      "The maxmemory of the other instances this run checked on 10.0.0.5 already adds up to 20.00 GiB, 75% or more of the host's 23.54 GiB: lower theirs to make room for a limit here, leaving room for fork copy-on-write and fragmentation. The checker does not change it.",
    );
  });

  it("without total_system_memory, it still says the budget is shared", () => {
    const text = editedInfo("healthy-7.0", { drop: /^total_system_memory/ });
    expect(unset({ host: "10.0.0.5", nodes: 2, unlimited: 2, limitedBytes: 0 }, text)?.nextStep).toMatch(
      /^Set maxmemory to about 75% of the host's memory divided among the 2 instances this run checked on 10\.0\.0\.5, .*CONFIG SET maxmemory BYTES/,
    );
  });
});

describe("sameHostNodes: which of a run's nodes share a host", () => {
  it("the same address on other ports with the same total_system_memory; a process listed twice counts once", () => {
    // Prepare: four processes on 10.0.0.5 (one with a 4 GiB limit, one listed under two endpoints), one alone on
    // 10.0.0.6, and 10.0.0.7's two ports answering from machines with different memory (a forwarder).
    const limited = { ...nodeFrom("healthy-7.0", "10.0.0.5:6382") };
    limited.metrics = { ...(limited.metrics as NonNullable<typeof limited.metrics>), maxmemory: 4 * GiB };
    const bigger = nodeFrom("healthy-7.0", "10.0.0.7:6380");
    bigger.metrics = { ...(bigger.metrics as NonNullable<typeof bigger.metrics>), totalSystemMemory: 2 * TOTAL };
    const twice = nodeFrom("healthy-7.0", "10.0.0.5:6381");
    const report = reportOf([
      ["a", nodeFrom("healthy-7.0", "10.0.0.5:6379")],
      ["a", nodeFrom("healthy-7.0", "10.0.0.5:6380")],
      ["a", twice],
      ["a", limited],
      ["b", { ...twice }],
      ["c", nodeFrom("healthy-7.0", "10.0.0.6:6379")],
      ["d", nodeFrom("healthy-7.0", "10.0.0.7:6379")],
      ["d", bigger],
    ]);

    // Act
    const shared = sameHostNodes(report.endpoints);

    // Assess
    const of = (address: string) => [...shared].filter(([n]) => n.address === address).map(([, h]) => h);
    expect(of("10.0.0.5:6379")).toEqual([{ host: "10.0.0.5", nodes: 4, unlimited: 3, limitedBytes: 4 * GiB }]);
    expect(of("10.0.0.5:6381")).toHaveLength(2);
    expect(of("10.0.0.5:6382")).toEqual([{ host: "10.0.0.5", nodes: 4, unlimited: 3, limitedBytes: 0 }]);
    expect(of("10.0.0.6:6379")).toEqual([]);
    expect(of("10.0.0.7:6379")).toEqual([]);
  });

  it("reads the host of IPv4, IPv6 and named addresses", () => {
    expect(hostOf("10.0.0.5:6379")).toBe("10.0.0.5");
    expect(hostOf("[::1]:6379")).toBe("::1");
    expect(hostOf("cache-1.example.com:6380")).toBe("cache-1.example.com");
  });
});

describe("a run that checks several nodes on one host", () => {
  /** Every address answers the healthy Redis 7.0 capture (no maxmemory), as a server on loopback would. */
  const redis: RedisAccess = {
    session: (_target, _timeouts, _signal, use) =>
      use({ read: async () => ({ info: fixtureText("healthy-7.0"), config: ["activedefrag", "no"] }), send: async () => "OK" }),
  };

  it("divides the suggested maxmemory among them, across endpoints, and leaves a node alone on its host as it was", async () => {
    const urls = [
      "redis://10.0.0.5:6379",
      "redis://10.0.0.5:6380",
      "redis://10.0.0.5:6381",
      "redis://10.0.0.5:6382",
      "redis://10.0.0.6:6379",
    ];
    const report = await runCheck(
      urls.map((url) => endpointFromUrl(url)),
      { redis },
    );
    const unsetOf = (i: number) => report.endpoints[i]?.nodes[0]?.findings.find((f) => f.code === "MAXMEMORY_UNSET");
    const each = Math.floor(Math.floor(TOTAL * 0.75) / 4);
    for (const i of [0, 1, 2, 3]) {
      expect(unsetOf(i)?.meaning).toMatch(/It shares its host \(10\.0\.0\.5\) with 3 other instances this run checked\.$/);
      expect(unsetOf(i)?.nextStep).toMatch(
        new RegExp(
          `^Set maxmemory to about 4\\.41 GiB: 75% of the host's 23\\.54 GiB, shared by the 4 instances this run checked on 10\\.0\\.0\\.5, .*CONFIG SET maxmemory ${each},`,
        ),
      );
    }
    expect(unsetOf(4)?.nextStep).toMatch(/^Set maxmemory to about 17\.66 GiB \(75% of the host's 23\.54 GiB\)/);
  });
});
