import { describe, expect, it } from "vitest";
import { parseDoctor } from "../../lambda/core/parsing/doctor.js";
import { infoNumber, parseInfo } from "../../lambda/core/parsing/info.js";
import { atLeast, memorySnapshot, serverName } from "../../lambda/core/parsing/memory.js";
import { planRemediation } from "../../lambda/core/remediation/plan.js";
import { evaluate } from "../../lambda/core/rules/evaluate.js";
import { DEFAULT_THRESHOLDS } from "../../lambda/core/settings/thresholds.js";
import type { FindingCode } from "../../lambda/core/vocabulary/types.js";
import { BUILDS, FIXTURES, fixtureDoctor, fixtureText } from "../support/fixtures.js";

const read = (name: string) => {
  const info = parseInfo(fixtureText(name));
  const memory = memorySnapshot(info);
  if (!memory) throw new Error(`${name} has no used_memory`);
  return { info, memory, evaluation: evaluate({ memory }, DEFAULT_THRESHOLDS) };
};

/** Our finding for each of MEMORY DOCTOR's memory reports. */
const DOCTOR_PAIRS: Array<[FindingCode, string]> = [
  ["ALLOCATOR_FRAGMENTATION", "allocator-fragmentation"],
  ["ALLOCATOR_RSS_RETAINED", "allocator-rss"],
  ["PEAK_RETAINED", "peak"],
  ["RSS_OVERHEAD", "process-rss"],
];

describe.each(FIXTURES)("%s, captured from a real server", (name) => {
  it("reads allocator fragmentation as this server defines it, in agreement with its own allocator_frag_ratio", () => {
    const { info, memory } = read(name);
    if (memory.allocator?.startsWith("jemalloc")) {
      expect(memory.allocatorFragRatio).toBeCloseTo(infoNumber(info, "allocator_frag_ratio") ?? 0, 2);
      expect(memory.allocatorFragBytes).toBe(infoNumber(info, "allocator_frag_bytes"));
    } else {
      // libc: the allocator_* fields are placeholders the server fakes; none of them is believed.
      expect(memory.allocatorFragRatio).toBeUndefined();
      expect(memory.allocatorRssBytes).toBeUndefined();
      expect(memory.rssOverheadBytes).toBeUndefined();
    }
  });

  it("never contradicts MEMORY DOCTOR captured beside it", () => {
    const { evaluation } = read(name);
    const doctor = parseDoctor(fixtureDoctor(name));
    const codes = evaluation.findings.map((f) => f.code);
    expect(codes.includes("EMPTY_INSTANCE")).toBe(doctor.empty);
    const highTotal = codes.includes("FRAGMENTATION_HIGH") || codes.includes("FRAGMENTATION_MODERATE");
    expect(highTotal, "high-total-rss").toBe(doctor.issues.includes("high-total-rss"));
    for (const [code, issue] of DOCTOR_PAIRS) expect(codes.includes(code), code).toBe(doctor.issues.includes(issue as never));
  });
});

describe("per-version truth", () => {
  it("names Valkey as Valkey (it reports redis_version:7.2.4) and Redis as Redis", () => {
    expect(serverName(read("healthy-valkey-8.1-jemalloc").memory)).toBe("Valkey 8.1.1");
    expect(read("healthy-valkey-8.1-jemalloc").memory.redisVersion).toBe("7.2.4");
    expect(serverName(read("healthy-redis-8.0-libc").memory)).toBe("Redis 8.0.2");
    expect(serverName(read("healthy-7.0").memory)).toBe("Redis 7.0.15");
  });

  it.each([
    ["fragmented-jemalloc-7.0", "active"],
    ["fragmented-redis-8.0-jemalloc", "smallbins"],
    ["fragmented-valkey-8.1-jemalloc", "smallbins"],
    ["fragmented-valkey-8.1-libc", undefined],
  ])("%s counts allocator fragmentation as %s", (name, model) => {
    expect(read(name).memory.allocatorFragModel).toBe(model);
  });

  it("Redis 7.4+ leaves Lua's arena out of the ratio (INFO debug's allocator_allocated_lua), as the server does", () => {
    const { info, memory } = read("fragmented-redis-8.0-jemalloc");
    const allocated = infoNumber(info, "allocator_allocated") ?? 0;
    const lua = infoNumber(info, "allocator_allocated_lua") ?? 0;
    expect(lua).toBeGreaterThan(0);
    expect(memory.allocatorFragRatio).toBeCloseTo(1 + (memory.allocatorFragBytes ?? 0) / (allocated - lua), 4);
  });

  it.each(BUILDS.filter((b) => b.endsWith("-libc")))(
    "%s, fragmented: says libc keeps freed memory, and that neither repair can help",
    (build) => {
      const { memory, evaluation } = read(`fragmented-${build}`);
      const high = evaluation.findings.find((f) => f.code === "FRAGMENTATION_HIGH");
      expect(evaluation.status).toBe("CRITICAL");
      expect(high?.meaning).toMatch(/Memory freed inside libc malloc, which keeps it rather than returning it to the OS/);
      expect(high?.meaning).not.toMatch(/Lua, modules or a fork|allocator fragmentation \d/);
      expect(high?.nextStep).toMatch(/Fail over or restart in a quiet window.*jemalloc build/);
      const plan = planRemediation({ memory }, evaluation, DEFAULT_THRESHOLDS, { mode: "on", purge: true });
      expect(plan.actions).toEqual([]);
      expect(plan.settled.map((s) => s.reason).join(" ")).toMatch(/The allocator is libc: freed memory stays with it/);
      expect(plan.settled.map((s) => s.reason).join(" ")).not.toMatch(/not the kind active defrag fixes/);
    },
  );

  it("compares versions by major and minor", () => {
    expect(atLeast("7.4.0", "7.4")).toBe(true);
    expect(atLeast("7.2.4", "7.4")).toBe(false);
    expect(atLeast("8.0.2", "7.4")).toBe(true);
    expect(atLeast("10.0.0", "8.0")).toBe(true);
    expect(atLeast(undefined, "7.4")).toBe(false);
  });
});
