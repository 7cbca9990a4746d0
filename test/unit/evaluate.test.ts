import { describe, expect, it } from "vitest";
import { parseDoctor } from "../../lambda/core/parsing/doctor.js";
import { evaluate } from "../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS, resolveThresholds, type Thresholds } from "../../lambda/core/settings/thresholds.js";
import type { FindingCode } from "../../lambda/core/vocabulary/types.js";
import { MiB } from "../../lambda/core/vocabulary/units.js";
import { editedInfo, FIXTURES, fixtureDoctor, fixtureText, snapshotOf } from "../support/fixtures.js";

const facts = (name: string, extra: Partial<NodeFacts> = {}): NodeFacts => ({ memory: snapshotOf(fixtureText(name)), ...extra });
const run = (f: NodeFacts, t: Partial<Thresholds> = {}) => evaluate(f, resolveThresholds(t));
const codes = (e: ReturnType<typeof run>) => e.findings.map((f) => f.code);
const finding = (e: ReturnType<typeof run>, code: FindingCode) => e.findings.find((f) => f.code === code);

describe("empty instance", () => {
  it("is OK despite a fragmentation ratio above 7 (real empty Redis 7.0)", () => {
    const m = snapshotOf(fixtureText("empty-7.0"));
    expect(m.fragmentationRatio).toBeGreaterThan(7);
    const e = run({ memory: m });
    expect(e.status).toBe("OK");
    expect(codes(e)).toContain("EMPTY_INSTANCE");
    expect(codes(e)).not.toContain("FRAGMENTATION_HIGH");
  });

  it("explains a high ratio on little memory when the empty rule is lowered", () => {
    const e = run(facts("empty-7.0"), { emptyBelowBytes: 0, doctorMinBytes: 64 * MiB });
    expect(e.status).toBe("OK");
    expect(finding(e, "FRAGMENTATION_SMALL")?.severity).toBe("INFO");
  });

  it("an empty server's baseline RSS stays under the warning floor even without the empty rule", () => {
    const e = run(facts("empty-7.0"), { emptyBelowBytes: 0 });
    expect(e.status).toBe("OK");
    expect(e.findings.find((f) => f.code.startsWith("FRAGMENTATION"))?.severity).toBe("INFO");
  });
});

describe("FRAGMENTATION_HIGH", () => {
  it("healthy data: no fragmentation finding", () => {
    const e = run(facts("healthy-7.0"));
    expect(e.status).toBe("OK");
    expect(codes(e).filter((c) => c.startsWith("FRAGMENTATION"))).toEqual([]);
  });

  it("is CRITICAL above ratio 4 with over 100 MiB fragmented, and names allocator fragmentation", () => {
    const e = run(facts("fragmented-jemalloc-7.0"));
    const f = finding(e, "FRAGMENTATION_HIGH");
    expect(e.status).toBe("CRITICAL");
    expect(f).toMatchObject({ severity: "CRITICAL", metric: "mem_fragmentation_ratio", threshold: 4 });
    expect(f?.meaning).toMatch(/allocator fragmentation/);
    expect(f?.meaning).toMatch(/not a leak/);
    expect(f?.nextStep).toMatch(/activedefrag/);
  });

  it("with defrag already on, the next step explains why it is idle instead of saying enable it", () => {
    const e = run(facts("fragmented-jemalloc-7.0", { defrag: { activedefrag: true, ignoreBytes: 1024 * MiB } }));
    expect(finding(e, "FRAGMENTATION_HIGH")?.nextStep).toMatch(/on but idle.*active-defrag-ignore-bytes \(1\.00 GiB\)/);
  });

  it("stays WARNING when the ratio is critical but the bytes are below the critical floor", () => {
    const e = run(facts("fragmented-jemalloc-7.0"), { fragmentationCriticalMinBytes: 1024 * MiB });
    expect(finding(e, "FRAGMENTATION_HIGH")).toMatchObject({ severity: "WARNING", threshold: 2 });
    expect(finding(e, "FRAGMENTATION_HIGH")?.meaning).toMatch(/Not CRITICAL/);
  });

  it("thresholds are overridable: a warning ratio of 20 turns it into context", () => {
    const e = run(facts("fragmented-jemalloc-7.0"), { fragmentationWarningRatio: 20, fragmentationCriticalRatio: 30 });
    expect(e.status).toBe("OK");
    expect(finding(e, "FRAGMENTATION_MODERATE")?.severity).toBe("INFO");
  });

  it("a high ratio that is retained pages, not allocator fragmentation, says active defrag will not help", () => {
    const m = snapshotOf(fixtureText("peak-large-values-7.0"));
    expect(m.allocatorFragRatio).toBeLessThan(1.1);
    const e = run({ memory: m });
    expect(finding(e, "FRAGMENTATION_HIGH")?.meaning).toMatch(/active defrag will not help/);
    expect(finding(e, "FRAGMENTATION_HIGH")?.nextStep).toMatch(/MEMORY PURGE/);
    expect(codes(e)).toEqual(expect.arrayContaining(["ALLOCATOR_RSS_RETAINED", "PEAK_RETAINED"]));
    expect(codes(e)).not.toContain("ALLOCATOR_FRAGMENTATION");
  });

  it("a jemalloc server too old to report the allocator breakdown: the cause is unknown", () => {
    const text = editedInfo("fragmented-jemalloc-7.0", { drop: /^(allocator_|rss_overhead)/ });
    const e = run({ memory: snapshotOf(text) });
    expect(finding(e, "FRAGMENTATION_HIGH")?.meaning).toMatch(/does not say where it lives/);
  });
});

describe("SWAPPED_OUT", () => {
  it("healthy: RSS above used memory is not swap", () => {
    expect(codes(run(facts("healthy-7.0")))).not.toContain("SWAPPED_OUT");
  });

  it.each([
    [0.82, "WARNING"],
    [0.7, "CRITICAL"],
  ])("RSS at %s of used memory is %s", (share, severity) => {
    // Prepare: the healthy capture with its RSS lowered, as the OS shows a swapped-out process.
    const used = snapshotOf(fixtureText("healthy-7.0")).usedMemory;
    const rss = Math.round(used * share);
    const text = editedInfo("healthy-7.0", {
      set: {
        used_memory_rss: String(rss),
        mem_fragmentation_ratio: share.toFixed(2),
        mem_fragmentation_bytes: String(rss - used),
      },
    });
    const e = run({ memory: snapshotOf(text) });
    expect(finding(e, "SWAPPED_OUT")?.severity).toBe(severity);
    expect(codes(e)).not.toContain("FRAGMENTATION_HIGH");
  });
});

describe("maxmemory", () => {
  it("noeviction at its limit is CRITICAL: writes fail", () => {
    const e = run(facts("maxmemory-noeviction-7.0"));
    expect(finding(e, "MAXMEMORY_PRESSURE")).toMatchObject({ severity: "CRITICAL", threshold: 95 });
    expect(finding(e, "MAXMEMORY_PRESSURE")?.meaning).toMatch(/OOM/);
  });

  it("allkeys-lru at its limit is WARNING: evicting as designed", () => {
    const e = run(facts("maxmemory-allkeys-lru-7.0"));
    expect(finding(e, "MAXMEMORY_PRESSURE")).toMatchObject({ severity: "WARNING", threshold: 80 });
    expect(finding(e, "MAXMEMORY_PRESSURE")?.meaning).toMatch(/evicted so far/);
  });

  it("the 80% warning level is the runbook's and can be raised per endpoint", () => {
    expect(run(facts("maxmemory-allkeys-lru-7.0"), { memoryWarningPercent: 101 }).status).toBe("OK");
  });

  it("no maxmemory is advice with a suggested value, never a status", () => {
    const e = run(facts("healthy-7.0"));
    expect(e.status).toBe("OK");
    expect(finding(e, "MAXMEMORY_UNSET")?.nextStep).toMatch(/75% of the host's/);
    expect(finding(e, "NOEVICTION_POLICY")?.severity).toBe("INFO");
  });
});

describe("ACTIVE_DEFRAG", () => {
  it("is silent when defrag is off", () => {
    expect(codes(run(facts("fragmented-jemalloc-7.0", { defrag: { activedefrag: false } })))).not.toContain("ACTIVE_DEFRAG");
  });

  it("reports defrag on and its progress since the previous check", () => {
    const now = snapshotOf(fixtureText("fragmented-jemalloc-7.0"));
    const e = run({
      memory: now,
      defrag: { activedefrag: true },
      previous: { at: "2026-11-24T10:00:00Z", allocatorFragBytes: (now.allocatorFragBytes ?? 0) + 50 * MiB },
    });
    expect(finding(e, "ACTIVE_DEFRAG")?.meaning).toMatch(/enabled.*fell by 50\.0 MiB/);
  });
});

describe("agreement with Redis's own MEMORY DOCTOR", () => {
  const pairs: Array<[FindingCode[], string]> = [
    [["EMPTY_INSTANCE"], "empty"],
    [["ALLOCATOR_FRAGMENTATION"], "allocator-fragmentation"],
    [["ALLOCATOR_RSS_RETAINED"], "allocator-rss"],
    [["RSS_OVERHEAD"], "process-rss"],
    [["PEAK_RETAINED"], "peak"],
  ];

  it.each(FIXTURES)("%s: every memory issue the doctor reports, we report, and the reverse", (name) => {
    const doctor = parseDoctor(fixtureDoctor(name));
    const e = evaluate(facts(name), DEFAULT_THRESHOLDS);
    const ours = new Set(codes(e));
    for (const [findingCodes, issue] of pairs) {
      const theirs = issue === "empty" ? doctor.empty : doctor.issues.includes(issue as never);
      expect(
        findingCodes.some((c) => ours.has(c)),
        `${findingCodes} vs doctor ${issue}`,
      ).toBe(theirs);
    }
    const highTotal = ["FRAGMENTATION_HIGH", "FRAGMENTATION_MODERATE"].some((c) => ours.has(c as FindingCode));
    expect(highTotal).toBe(doctor.issues.includes("high-total-rss"));
    if (doctor.issues.length === 0) {
      expect(e.findings.filter((f) => /FRAGMENTATION|SWAP|RSS|PEAK/.test(f.code) && f.severity !== "INFO")).toEqual([]);
    }
  });
});
