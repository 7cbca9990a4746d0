import { describe, expect, it } from "vitest";
import { checkFailed } from "../../lambda/core/rules/checkFailed.js";
import { evaluate } from "../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../lambda/core/rules/facts.js";
import { resolveThresholds, type Thresholds } from "../../lambda/core/settings/thresholds.js";
import type { Finding, FindingCode } from "../../lambda/core/vocabulary/types.js";
import { MiB } from "../../lambda/core/vocabulary/units.js";
import { editedInfo, fixtureText, snapshotOf } from "../support/fixtures.js";

/**
 * Every finding code, each with a real capture that raises it and one that does not. Keyed by FindingCode:
 * a new code without a row here fails the compile.
 */
type Case = { facts: NodeFacts; thresholds?: Partial<Thresholds> };
const on = (name: string, extra: Partial<NodeFacts> = {}, thresholds?: Partial<Thresholds>): Case => ({
  facts: { memory: snapshotOf(fixtureText(name)), ...extra },
  thresholds,
});
const edited = (name: string, set: Record<string, string>, extra: Partial<NodeFacts> = {}): Case => ({
  facts: { memory: snapshotOf(editedInfo(name, { set })), ...extra },
});
const swapped = (() => {
  const used = snapshotOf(fixtureText("healthy-7.0")).usedMemory;
  const rss = Math.round(used * 0.7);
  return edited("healthy-7.0", {
    used_memory_rss: String(rss),
    mem_fragmentation_ratio: "0.70",
    mem_fragmentation_bytes: String(rss - used),
  });
})();

const CASES: Record<Exclude<FindingCode, "CHECK_FAILED">, { failing: Case; healthy: Case }> = {
  EMPTY_INSTANCE: { failing: on("empty-7.0"), healthy: on("healthy-7.0") },
  FRAGMENTATION_HIGH: { failing: on("fragmented-jemalloc-7.0"), healthy: on("healthy-7.0") },
  FRAGMENTATION_MODERATE: {
    failing: on("fragmented-jemalloc-7.0", {}, { fragmentationWarningRatio: 20, fragmentationCriticalRatio: 30 }),
    healthy: on("healthy-7.0"),
  },
  FRAGMENTATION_SMALL: {
    failing: on("empty-7.0", {}, { emptyBelowBytes: 0, doctorMinBytes: 64 * MiB }),
    healthy: on("healthy-7.0"),
  },
  ALLOCATOR_FRAGMENTATION: { failing: on("fragmented-jemalloc-7.0"), healthy: on("healthy-7.0") },
  ALLOCATOR_RSS_RETAINED: { failing: on("peak-large-values-7.0"), healthy: on("healthy-7.0") },
  RSS_OVERHEAD: {
    // The real capture with 200 MiB of RSS outside the allocator, as a fork's copy-on-write leaves it.
    failing: edited("healthy-redis-8.0-jemalloc", {
      used_memory_rss: String(63_471_616 + 200 * MiB),
      rss_overhead_ratio: "4.30",
      rss_overhead_bytes: String(200 * MiB),
    }),
    healthy: on("healthy-7.0"),
  },
  PEAK_RETAINED: { failing: on("peak-large-values-7.0"), healthy: on("healthy-7.0") },
  SWAPPED_OUT: { failing: swapped, healthy: on("healthy-7.0") },
  MAXMEMORY_PRESSURE: { failing: on("maxmemory-allkeys-lru-7.0"), healthy: on("healthy-7.0") },
  MAXMEMORY_UNSET: { failing: on("healthy-7.0"), healthy: on("maxmemory-allkeys-lru-7.0") },
  NOEVICTION_POLICY: { failing: on("maxmemory-noeviction-7.0"), healthy: on("maxmemory-allkeys-lru-7.0") },
  EVICTION_POLICY_MISMATCH: {
    failing: on("maxmemory-noeviction-7.0", { usage: "cache" }),
    healthy: on("maxmemory-allkeys-lru-7.0", { usage: "cache" }),
  },
  ACTIVE_DEFRAG_OFF: {
    failing: on("fragmented-jemalloc-7.0", { defrag: { activedefrag: false } }),
    healthy: on("fragmented-jemalloc-7.0", { defrag: { activedefrag: true } }),
  },
  ACTIVE_DEFRAG: {
    failing: on("fragmented-jemalloc-7.0", { defrag: { activedefrag: true } }),
    healthy: on("fragmented-jemalloc-7.0", { defrag: { activedefrag: false } }),
  },
  NON_JEMALLOC_ALLOCATOR: { failing: on("fragmented-redis-8.0-libc"), healthy: on("fragmented-redis-8.0-jemalloc") },
  LOADING: { failing: on("loading-redis-8.0-jemalloc"), healthy: on("healthy-redis-8.0-jemalloc") },
  FORK_IN_PROGRESS: { failing: on("fork-redis-8.0-jemalloc"), healthy: on("healthy-redis-8.0-jemalloc") },
  INFO_FIELD_INVALID: { failing: edited("healthy-7.0", { used_memory_rss: "-5" }), healthy: on("healthy-7.0") },
  CLOUDWATCH_READING: {
    failing: {
      facts: {
        memory: { usedMemory: 2e9, engine: "redis" },
        cloudwatch: {
          at: "2026-11-24T10:04:00.000Z",
          reason: "INFO failed: TIMEOUT",
          fallback: true,
          unavailable: ["maxmemory-policy"],
          perMinute: {},
        },
      },
    },
    healthy: on("healthy-7.0"),
  },
  CLUSTER_DISCOVERY_FAILED: {
    failing: on("healthy-7.0", { discoveryError: "NOPERM this user has no permissions to run the 'cluster|nodes' command" }),
    healthy: on("healthy-7.0"),
  },
};

const findings = (c: Case): Finding[] => evaluate(c.facts, resolveThresholds(c.thresholds)).findings;

describe.each(Object.entries(CASES))("%s", (code, { failing, healthy }) => {
  it("is raised by its failing capture, with what was measured and what to do", () => {
    const f = findings(failing).find((x) => x.code === code);
    expect(f).toBeDefined();
    expect(f?.meaning.length).toBeGreaterThan(20);
    expect(f?.nextStep?.length ?? 0).toBeGreaterThan(10);
  });

  it("is not raised by its healthy capture", () => {
    expect(findings(healthy).map((x) => x.code)).not.toContain(code);
  });
});

describe("CHECK_FAILED", () => {
  it("comes from a failed reading, never from the rules over one that succeeded", () => {
    const f = checkFailed("cache-prod", { code: "TIMEOUT", message: "no reply within 2000 ms" });
    expect(f).toMatchObject({ code: "CHECK_FAILED", severity: "UNKNOWN", measured: "TIMEOUT" });
    expect(f.nextStep).toBeTruthy();
    expect(findings(on("healthy-7.0")).map((x) => x.code)).not.toContain("CHECK_FAILED");
  });
});
