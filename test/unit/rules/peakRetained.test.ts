import { describe, expect, it } from "vitest";
import { evaluate } from "../../../lambda/core/rules/evaluate.js";
import type { PreviousObservation } from "../../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { editedInfo, snapshotOf } from "../../support/fixtures.js";

const run = (text: string, previous?: PreviousObservation, activedefrag = false) =>
  evaluate({ memory: snapshotOf(text), previous, defrag: { activedefrag } }, DEFAULT_THRESHOLDS);

describe("PEAK_RETAINED says when the peak was, where the server tells (Redis 8.2+)", () => {
  it("names the time", () => {
    const text = editedInfo("peak-redis-8.0-jemalloc", { set: { used_memory_peak_time: "1795000000" } });
    expect(run(text).findings.find((f) => f.code === "PEAK_RETAINED")?.meaning).toMatch(/at 2026-11-18T\d\d:\d\d:\d\d\.000Z/);
  });
});
