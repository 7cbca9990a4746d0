import { describe, expect, it } from "vitest";
import { formatPrometheus } from "../../../lambda/core/rendering/prometheus.js";
import { endpointLevels } from "../../../lambda/core/report/report.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { nodeFrom, reportOf } from "../../support/reports.js";

const report = reportOf([
  ["cache-prod", nodeFrom("fragmented-jemalloc-7.0", "10.0.0.1:6379")],
  ["cache-prod", nodeFrom("healthy-7.0", "10.0.0.2:6379")],
  ["queue", nodeFrom("maxmemory-allkeys-lru-7.0", "10.0.0.3:6379")],
]);
for (const e of report.endpoints) e.levels = endpointLevels(DEFAULT_THRESHOLDS);

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
