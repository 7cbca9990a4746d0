import { describe, expect, it } from "vitest";
import { parseDoctor } from "../../../lambda/core/parsing/doctor.js";
import { evaluate } from "../../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS, resolveThresholds, type Thresholds } from "../../../lambda/core/settings/thresholds.js";
import type { Finding, FindingCode } from "../../../lambda/core/vocabulary/types.js";
import { MiB } from "../../../lambda/core/vocabulary/units.js";
import { DOCTOR_EMPTY, DOCTOR_HIGH_TOTAL_RSS, DOCTOR_PAIRS } from "../../support/doctor.js";
import { facts } from "../../support/evaluate.js";
import { editedInfo, FIXTURES, fixtureDoctor, fixtureText, readCapture as read, snapshotOf } from "../../support/fixtures.js";
import { historyOf } from "../../support/history.js";

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

/** The case with a history ending at its reading (test/support/history.ts). */
const grown = (c: Case, o: Parameters<typeof historyOf>[1]): Case => ({
  ...c,
  facts: { ...c.facts, history: historyOf(c.facts.memory, o) },
});

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
  MAXMEMORY_FORECAST: {
    // 57 MiB used of an 80 MiB maxmemory, growing 5 MiB an hour for the last hour: full in about 4.6 hours.
    failing: grown(edited("healthy-7.0", { maxmemory: String(80 * MiB) }), { bytesPerHour: 5 * MiB }),
    healthy: grown(edited("healthy-7.0", { maxmemory: String(80 * MiB) }), { bytesPerHour: 0 }),
  },
  FRAGMENTATION_RISING: {
    failing: grown(on("healthy-7.0"), { fragPerHour: 0.1 }),
    healthy: grown(on("healthy-7.0"), { fragPerHour: 0 }),
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

describe("agreement with Redis's own MEMORY DOCTOR", () => {
  it.each(FIXTURES)("%s: every memory issue the doctor reports, we report, and the reverse", (name) => {
    const doctor = parseDoctor(fixtureDoctor(name));
    const e = evaluate(facts(name), DEFAULT_THRESHOLDS);
    const ours = new Set(e.findings.map((f) => f.code));
    expect(ours.has(DOCTOR_EMPTY), `${DOCTOR_EMPTY} vs doctor empty`).toBe(doctor.empty);
    for (const [code, issue] of DOCTOR_PAIRS)
      expect(ours.has(code), `${code} vs doctor ${issue}`).toBe(doctor.issues.includes(issue));
    const highTotal = DOCTOR_HIGH_TOTAL_RSS.some((c) => ours.has(c));
    expect(highTotal).toBe(doctor.issues.includes("high-total-rss"));
    if (doctor.issues.length === 0) {
      expect(e.findings.filter((f) => /FRAGMENTATION|SWAP|RSS|PEAK/.test(f.code) && f.severity !== "INFO")).toEqual([]);
    }
  });
});

describe.each(FIXTURES)("%s, captured from a real server", (name) => {
  it("never contradicts MEMORY DOCTOR captured beside it", () => {
    const { evaluation } = read(name);
    const doctor = parseDoctor(fixtureDoctor(name));
    const codes = evaluation.findings.map((f) => f.code);
    expect(codes.includes(DOCTOR_EMPTY)).toBe(doctor.empty);
    const highTotal = DOCTOR_HIGH_TOTAL_RSS.some((c) => codes.includes(c));
    expect(highTotal, "high-total-rss").toBe(doctor.issues.includes("high-total-rss"));
    for (const [code, issue] of DOCTOR_PAIRS) expect(codes.includes(code), code).toBe(doctor.issues.includes(issue));
  });
});
