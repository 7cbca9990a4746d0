import { describe, expect, it } from "vitest";
import { facts, finding, run } from "../../support/evaluate.js";

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
});
