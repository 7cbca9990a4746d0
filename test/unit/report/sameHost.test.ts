import { describe, expect, it } from "vitest";
import { hostOf, sameHostNodes } from "../../../lambda/core/report/sameHost.js";
import { nodeFrom, reportOf } from "../../support/reports.js";

/** The captures' host: total_system_memory:25276510208 (23.54 GiB). */
const TOTAL = 25276510208;
const GiB = 1024 ** 3;

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
