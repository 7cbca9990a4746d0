import { describe, expect, it } from "vitest";
import { progressLine } from "../../lambda/cli/progress.js";
import { formatNagios } from "../../lambda/core/rendering/nagios.js";
import { formatPrometheus } from "../../lambda/core/rendering/prometheus.js";
import { endpointLevels } from "../../lambda/core/report/report.js";
import { DEFAULT_THRESHOLDS } from "../../lambda/core/settings/thresholds.js";
import { nodeFrom, reportOf } from "../support/reports.js";

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

describe("--format prometheus (node_exporter textfile collector)", () => {
  const text = formatPrometheus(report);

  it("HELP and TYPE before each family, labels for endpoint, node and role", () => {
    expect(text).toMatch(/^# HELP redis_memory_checker_status .+\n# TYPE redis_memory_checker_status gauge\n/);
    expect(text).toContain('redis_memory_checker_status{endpoint="cache-prod",node="10.0.0.1:6379",role="master"} 2');
    expect(text).toMatch(/redis_memory_checker_maxmemory_used_ratio\{endpoint="queue",node="10\.0\.0\.3:6379",role="master"\} 1/);
    expect(text).toMatch(/\nredis_memory_checker_last_run_timestamp_seconds 1795\d+\n$/);
    // Every sample line is `name{labels} number`.
    for (const line of text.split("\n").filter((l) => l && !l.startsWith("#")))
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[\d.e+-]+$/);
  });

  it("escapes label values as the exposition format says", () => {
    const odd = reportOf([['say "hi"\\\n', nodeFrom("healthy-7.0", "10.0.0.9:6379")]]);
    expect(formatPrometheus(odd)).toContain('endpoint="say \\"hi\\"\\\\\\n"');
  });
});

describe("the progress line", () => {
  const run = (isTTY: boolean, enabled = true) => {
    let t = 0;
    const written: string[] = [];
    const line = progressLine({ write: (s: string) => written.push(s), isTTY }, enabled, () => t);
    line.update({ endpointsDone: 1, endpointsTotal: 4, nodes: 3, failures: 0 });
    t = 1500;
    line.update({ endpointsDone: 2, endpointsTotal: 4, nodes: 7, failures: 1 });
    line.done();
    return written;
  };

  it("after a second on a terminal: nodes and failures so far, erased before the report", () => {
    expect(run(true)).toEqual(["\r\u001b[Kchecked 2 of 4 endpoints (7 nodes), 1 failed", "\r\u001b[K"]);
  });

  it("never in a pipe, nor when disabled (--json, nagios, prometheus, CI)", () => {
    expect(run(false)).toEqual([]);
    expect(run(true, false)).toEqual([]);
  });
});
