import { describe, expect, it } from "vitest";
import { infoNumber, parseInfo } from "../../../lambda/core/parsing/info.js";
import { atLeast, forkName, memorySnapshot, serverName } from "../../../lambda/core/parsing/memory.js";
import { editedInfo, FIXTURES, fixtureText, readCapture as read, snapshotOf } from "../../support/fixtures.js";
import { bgsave } from "../../support/forks.js";

describe("memorySnapshot", () => {
  it("tolerates servers without the newer memory fields (Redis 3/4 style)", () => {
    // Prepare: the fragmented capture without the fields Redis added in 4.0 and 5.0.
    const text = editedInfo("fragmented-debian-7.0", {
      drop: /^(allocator_|rss_overhead|mem_fragmentation_bytes|active_defrag)/,
    });

    // Act
    const m = memorySnapshot(parseInfo(text));

    // Assess: fragmented bytes fall back to RSS minus used memory.
    expect(m?.allocatorFragRatio).toBeUndefined();
    expect(m?.fragmentationBytes).toBe((m?.usedMemoryRss ?? 0) - (m?.usedMemory ?? 0));
  });

  it("returns no snapshot for text that is not INFO", () => {
    expect(memorySnapshot(parseInfo("hello\nworld"))).toBeUndefined();
  });
});

describe("memorySnapshot ratios", () => {
  it("recomputes ratios from the exact bytes INFO reports, not its two-decimal rounding", () => {
    // Prepare: a real capture whose printed ratio is rounded.
    const info = parseInfo(fixtureText("fragmented-jemalloc-7.0"));
    const rss = infoNumber(info, "used_memory_rss") ?? 0;
    const fragBytes = infoNumber(info, "mem_fragmentation_bytes") ?? 0;

    // Act
    const m = memorySnapshot(info);

    // Assess
    expect(m?.fragmentationRatio).toBeCloseTo(rss / (rss - fragBytes), 3);
    expect(m?.allocatorFragRatio).toBeCloseTo(
      (infoNumber(info, "allocator_active") ?? 0) / (infoNumber(info, "allocator_allocated") ?? 1),
      3,
    );
    expect(Math.abs((m?.fragmentationRatio ?? 0) - (infoNumber(info, "mem_fragmentation_ratio") ?? 0))).toBeLessThan(0.006);
  });
});

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

  it("compares versions by major and minor", () => {
    expect(atLeast("7.4.0", "7.4")).toBe(true);
    expect(atLeast("7.2.4", "7.4")).toBe(false);
    expect(atLeast("8.0.2", "7.4")).toBe(true);
    expect(atLeast("10.0.0", "8.0")).toBe(true);
    expect(atLeast(undefined, "7.4")).toBe(false);
  });
});

describe("Valkey 9.0's atomic slot migration fork (slot_migration_fork_in_progress)", () => {
  it("Valkey 8.1's real capture has no such flag and no fork", () => {
    expect(snapshotOf(editedInfo("fragmented-valkey-8.1-jemalloc")).fork).toBeUndefined();
  });
});

describe("Redis 8.4+'s atomic slot migration snapshot: a BGSAVE as far as INFO goes", () => {
  it.each([
    ["8.4.0", "0", "a standalone server has no slots to migrate"],
    ["8.2.1", "1", "before 8.4 there is no atomic slot migration"],
  ])("Redis %s with cluster_enabled:%s: a BGSAVE (%s)", (version, cluster) => {
    const m = snapshotOf(bgsave(version, cluster));
    expect(m.fork?.maybeSlotMigration).toBeUndefined();
    expect(forkName(m)).toBe("BGSAVE");
  });
});

describe("release candidates are read as the release they precede", () => {
  it("compares by feature level: x.y.2zz is x.(y+1)'s pre-release", () => {
    expect(atLeast("7.3.240", "7.4")).toBe(true); // Redis 7.4-rc1
    expect(atLeast("7.3.241", "7.4")).toBe(true); // Redis 7.4-rc2
    expect(atLeast("7.1.240", "7.4")).toBe(false); // Redis 7.2-rc1
    expect(atLeast("7.1.240", "7.2")).toBe(true);
    expect(atLeast("7.9.240", "8.0")).toBe(true); // Valkey 8.0.0-rc1 and rc2
    expect(atLeast("7.9.224", "8.0")).toBe(true); // Redis 8.0-m01
    expect(atLeast("7.9.240", "8.1")).toBe(false);
    expect(atLeast("7.3.99", "7.4")).toBe(false);
    expect(atLeast("255.255.255", "8.0")).toBe(true); // unstable
  });

  it.each([
    ["fragmented-redis-8.0-jemalloc", { redis_version: "7.3.240" }, "smallbins"],
    ["fragmented-redis-8.0-jemalloc", { redis_version: "7.1.240" }, "active"],
    ["fragmented-valkey-8.1-jemalloc", { valkey_version: "7.9.240" }, "smallbins"],
  ])("%s as %j counts allocator fragmentation as %s", (name, set, model) => {
    const info = parseInfo(editedInfo(name, { set }));
    const m = memorySnapshot(info);
    expect(m?.allocatorFragModel).toBe(model);
    // A 7.4 RC defines allocator_frag_* as 7.4 does: its own ratio and ours agree.
    if (model === "smallbins") expect(m?.allocatorFragRatio).toBeCloseTo(Number(info.fields.allocator_frag_ratio), 2);
  });
});
