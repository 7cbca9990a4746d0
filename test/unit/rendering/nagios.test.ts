import { describe, expect, it } from "vitest";
import { formatNagios } from "../../../lambda/core/rendering/nagios.js";
import { endpointLevels, type NodeReport } from "../../../lambda/core/report/report.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { editedInfo } from "../../support/fixtures.js";
import { nodeFrom, nodeFromText, reportOf } from "../../support/reports.js";

const report = reportOf([
  ["cache-prod", nodeFrom("fragmented-jemalloc-7.0", "10.0.0.1:6379")],
  ["cache-prod", nodeFrom("healthy-7.0", "10.0.0.2:6379")],
  ["queue", nodeFrom("maxmemory-allkeys-lru-7.0", "10.0.0.3:6379")],
]);
for (const e of report.endpoints) e.levels = endpointLevels(DEFAULT_THRESHOLDS);

describe("--format nagios (monitoring-plugin convention)", () => {
  const text = formatNagios(report);
  const [first = "", ...long] = text.trimEnd().split("\n");

  it("one status line naming the worst node, then performance data after |", () => {
    expect(first).toMatch(/^CRITICAL - 1 of 3 nodes critical: cache-prod 10\.0\.0\.1:6379 FRAGMENTATION_HIGH/);
    const perf = first.split(" | ")[1] ?? "";
    expect(perf).toMatch(/'frag_ratio_10\.0\.0\.1:6379'=[\d.]+;2;4;0/);
    expect(perf).toMatch(/'used_memory_10\.0\.0\.1:6379'=\d+B;;;0/);
    // allkeys-lru: a full cache evicts and stays WARNING, so there is no critical level to draw.
    expect(perf).toMatch(/'maxmemory_used_10\.0\.0\.3:6379'=[\d.]+%;80;;0;100/);
    expect(first.split("|")).toHaveLength(2);
  });

  it("long output after, every node with its findings", () => {
    expect(long[0]).toBe("CRITICAL cache-prod 10.0.0.1:6379");
    expect(long.join("\n")).toMatch(/WARNING queue 10\.0\.0\.3:6379\n {2}WARNING MAXMEMORY_PRESSURE/);
  });

  it("OK says so; a server's text cannot inject a | into the status line", () => {
    const ok = reportOf([["sessions", nodeFrom("healthy-7.0", "10.0.0.9:6379")]]);
    expect(formatNagios(ok).split("\n")[0]).toMatch(/^OK - 1 of 1 nodes ok \| /);
    const hostile = reportOf([
      [
        "a|b",
        { ...nodeFrom("healthy-7.0", "10.0.0.9:6379"), status: "UNKNOWN", error: { code: "ERROR", message: "x | y\u001b[2J" } },
      ],
    ]);
    const line = formatNagios(hostile).split("\n")[0] ?? "";
    expect(line.split("|")).toHaveLength(2);
    expect(formatNagios(hostile)).not.toContain("\u001b");
  });
});

const MiB = 1024 * 1024;

/** The Nagios output of one node: its status line's performance data, by label. */
function perf(n: NodeReport): { status: string; data: Record<string, string> } {
  const report = reportOf([["e", n]]);
  for (const e of report.endpoints) e.levels = endpointLevels(DEFAULT_THRESHOLDS);
  const [status = "", data = ""] = (formatNagios(report).split("\n")[0] ?? "").split(" | ");
  const entries = data.split(" ").map((d) => /^'([a-z_]+)_[^']*'=(.*)$/.exec(d)?.slice(1, 3) as [string, string]);
  return { status, data: Object.fromEntries(entries) };
}

describe("Nagios performance data: warn and crit only where the check applies", () => {
  it.each([
    "empty-7.0",
    "empty-redis-8.0-jemalloc",
    "empty-redis-8.0-libc",
    "empty-valkey-8.1-jemalloc",
    "empty-valkey-8.1-libc",
  ])("%s: an OK node under the empty-instance floor carries its ratio, but no level it would cross", (fixture) => {
    const { status, data } = perf(nodeFrom(fixture, "10.0.0.1:6379"));
    expect(status).toBe("OK - 1 of 1 nodes ok");
    // The ratio (6 to 13 on an empty server) is still graphed; only the levels are left out.
    expect(data.frag_ratio).toMatch(/^(\d+\.\d+);;;0$/);
    expect(Number(data.frag_ratio?.split(";")[0])).toBeGreaterThan(DEFAULT_THRESHOLDS.fragmentationCriticalRatio);
  });

  it("a fragmented node over both byte floors keeps both levels (real Redis 7.0 capture, 163 MiB over used memory)", () => {
    const { status, data } = perf(nodeFrom("fragmented-jemalloc-7.0", "10.0.0.1:6379"));
    expect(status).toMatch(/^CRITICAL/);
    expect(data.frag_ratio).toBe("10.0155;2;4;0");
  });

  it("between the floors (70 MiB over used memory), a ratio above 4 is a WARNING: the crit level is left out", () => {
    const used = 18964088;
    const text = editedInfo("fragmented-jemalloc-7.0", {
      set: { used_memory_rss: String(used + 70 * MiB), mem_fragmentation_bytes: String(70 * MiB) },
    });
    const n = nodeFromText(text, "10.0.0.1:6379");
    expect(n.status).toBe("WARNING");
    expect(perf(n).data.frag_ratio).toMatch(/^4\.\d+;2;;0$/);
  });

  it("a healthy node with a few MiB over used memory: the ratio alone can raise nothing, so no levels", () => {
    expect(perf(nodeFrom("healthy-7.0", "10.0.0.1:6379")).data.frag_ratio).toMatch(/^1\.\d+;;;0$/);
  });

  it("while the dataset loads every verdict is held: no levels on any figure", () => {
    const n = nodeFromText(editedInfo("loading-redis-8.0-jemalloc", { set: { maxmemory: "20000000" } }), "10.0.0.1:6379");
    expect(n.status).toBe("UNKNOWN");
    const { data } = perf(n);
    expect(data.frag_ratio).toMatch(/;;;0$/);
    expect(data.maxmemory_used).toMatch(/^86\.49%;;;0;100$/);
  });

  it("maxmemory: crit only under a policy that refuses writes when full", () => {
    expect(perf(nodeFrom("maxmemory-noeviction-7.0", "10.0.0.1:6379")).data.maxmemory_used).toBe("100%;80;95;0;100");
    expect(perf(nodeFrom("maxmemory-allkeys-lru-7.0", "10.0.0.1:6379")).data.maxmemory_used).toMatch(/;80;;0;100$/);
  });
});
