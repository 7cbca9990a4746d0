import { describe, expect, it } from "vitest";
import { advance, type LifecycleSettings, type NodeState, vanish } from "../../../lambda/core/alerting/lifecycle.js";
import type { NodeReport } from "../../../lambda/core/report/report.js";
import type { Status } from "../../../lambda/core/vocabulary/types.js";
import { MiB } from "../../../lambda/core/vocabulary/units.js";

const SETTINGS: LifecycleSettings = { consecutive: 2, reminderMs: 6 * 3600_000 };
const T0 = Date.parse("2026-11-24T10:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function node(status: Status, ratio = status === "OK" ? 1.2 : 6, extra: Partial<NodeReport> = {}): NodeReport {
  return {
    address: "10.0.0.1:6379",
    role: "master",
    status,
    durationMs: 2,
    metrics: {
      engine: "redis",
      usedMemory: 50 * MiB,
      fragmentationRatio: ratio,
      fragmentationBytes: (ratio - 1) * 50 * MiB,
      allocatorFragBytes: (ratio - 1) * 40 * MiB,
    },
    findings: [],
    actions: [],
    ...extra,
  };
}

/** Runs a sequence of checks five minutes apart and returns the kinds announced. */
function run(statuses: Array<Status | NodeReport>, settings = SETTINGS, start?: NodeState) {
  let state = start;
  const kinds: Array<string | undefined> = [];
  const items: Array<ReturnType<typeof advance>["item"]> = [];
  statuses.forEach((s, i) => {
    const t = advance(state, "cache", typeof s === "string" ? node(s) : s, at(i * 5), settings);
    state = t.next;
    kinds.push(t.item?.kind);
    items.push(t.item);
  });
  return { kinds, state: state as NodeState, items };
}

describe("alert lifecycle", () => {
  it("announces a new status once it is confirmed, not before", () => {
    expect(run(["OK", "CRITICAL", "CRITICAL", "CRITICAL"]).kinds).toEqual([undefined, undefined, "FIRING", undefined]);
  });

  it("with consecutive = 1 it announces at once", () => {
    expect(run(["CRITICAL"], { ...SETTINGS, consecutive: 1 }).kinds).toEqual(["FIRING"]);
  });

  it("announces a change of status (WARNING to CRITICAL) with the previous status", () => {
    const { kinds, items } = run(["WARNING", "WARNING", "CRITICAL", "CRITICAL"]);
    expect(kinds).toEqual([undefined, "FIRING", undefined, "CHANGED"]);
    expect(items[3]?.previousStatus).toBe("WARNING");
  });

  it("does not flap on a value hovering at a threshold", () => {
    const { kinds } = run(["WARNING", "WARNING", "OK", "WARNING", "OK", "WARNING", "OK", "WARNING"]);
    expect(kinds.filter(Boolean)).toEqual(["FIRING"]);
  });

  it("reminds at the interval while the status lasts", () => {
    const checks: Status[] = Array.from({ length: 12 * 6 + 3 }, () => "CRITICAL"); // 6 h of 5-minute checks, and a bit
    const { kinds } = run(checks);
    expect(kinds.filter((k) => k === "FIRING")).toHaveLength(1);
    expect(kinds.filter((k) => k === "REMINDER")).toHaveLength(1);
    expect(kinds.indexOf("REMINDER") * 5).toBeGreaterThanOrEqual(6 * 60);
  });

  it("resolves with how long it lasted and the trend since the alert began", () => {
    const { kinds, items } = run([
      node("OK"),
      node("CRITICAL", 8),
      node("CRITICAL", 8),
      node("CRITICAL", 6),
      node("OK", 1.3),
      node("OK", 1.2),
    ]);
    expect(kinds).toEqual([undefined, undefined, "FIRING", undefined, undefined, "RESOLVED"]);
    const resolved = items[5];
    expect(resolved?.previousStatus).toBe("CRITICAL");
    expect(resolved?.since).toBe(at(5).toISOString());
    expect(resolved?.trend?.join("\n")).toMatch(/8\.00 -> 1\.20, .*since the alert began \(20 min ago\)/);
  });

  it("every alert carries the trend since the last check", () => {
    const { items } = run([node("CRITICAL", 9), node("CRITICAL", 8)]);
    expect(items[1]?.trend?.[0]).toMatch(
      /^mem_fragmentation_ratio 9\.00 -> 8\.00, fragmented 400\.0 MiB -> 350\.0 MiB since the last check \(5 min ago\)/,
    );
  });

  it("says whether active defrag, enabled by the checker, is helping", () => {
    const applied = {
      action: "ENABLE_ACTIVEDEFRAG" as const,
      command: "CONFIG SET activedefrag yes",
      outcome: "applied" as const,
      reason: "",
    };
    const first = run([node("CRITICAL", 8), node("CRITICAL", 8, { actions: [applied] })]);
    expect(first.kinds[1]).toBe("FIRING");
    expect(first.items[1]?.trend?.join()).toMatch(/enabled by the checker in this run/);
    const later = advance(first.state, "cache", node("CRITICAL", 3), at(6 * 60 + 10), SETTINGS);
    expect(later.item?.kind).toBe("REMINDER");
    expect(later.item?.trend?.join()).toMatch(
      /Active defrag, enabled by the checker .* ago, is helping: allocator fragmentation 280\.0 MiB -> 80\.0 MiB/,
    );
  });

  it("an action taken on a node that stays OK is still told", () => {
    const purge = { action: "MEMORY_PURGE" as const, command: "MEMORY PURGE", outcome: "applied" as const, reason: "" };
    expect(run([node("OK", 1.2, { actions: [purge] })]).kinds).toEqual(["ACTION"]);
  });

  it("bumps the version on every step (the conditional write's guard)", () => {
    expect(run(["OK", "OK", "OK"]).state.version).toBe(3);
  });
});

describe("a node the endpoint no longer lists", () => {
  const critical = run(["CRITICAL", "CRITICAL"]).state;

  it("is RESOLVED as no longer reported once its absence is confirmed, and its state removed", () => {
    // Prepare: the node was CRITICAL; two checks in a row without it (consecutive = 2).
    const first = vanish(critical, at(60), SETTINGS);
    expect(first.item).toBeUndefined();
    expect(first.next?.missing).toEqual({ count: 1, firstSeen: at(60).toISOString() });

    // Act
    const second = vanish(first.next as NodeState, at(65), SETTINGS);

    // Assess
    expect(second.next).toBeUndefined();
    expect(second.item).toMatchObject({
      kind: "RESOLVED",
      vanished: true,
      previousStatus: "CRITICAL",
      since: at(0).toISOString(),
    });
  });

  it("an OK node's state is removed silently", () => {
    const ok = run(["OK"]).state;
    expect(vanish(vanish(ok, at(10), SETTINGS).next as NodeState, at(15), SETTINGS)).toEqual({});
  });

  it("a node that comes back before its absence is confirmed keeps its alert, with the count cleared", () => {
    const away = vanish(critical, at(60), SETTINGS).next as NodeState;
    const back = advance(away, "cache", node("CRITICAL"), at(65), SETTINGS);
    expect(back.item).toBeUndefined();
    expect(back.next.missing).toBeUndefined();
    expect(back.next.status).toBe("CRITICAL");
  });
});
