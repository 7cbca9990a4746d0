import { describe, expect, it } from "vitest";
import { evaluate } from "../../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../../lambda/core/rules/facts.js";
import { resolveThresholds, type Thresholds } from "../../../lambda/core/settings/thresholds.js";
import type { FindingCode } from "../../../lambda/core/vocabulary/types.js";
import { editedInfo, fixtureText, snapshotOf } from "../../support/fixtures.js";

const facts = (name: string, extra: Partial<NodeFacts> = {}): NodeFacts => ({ memory: snapshotOf(fixtureText(name)), ...extra });
const run = (f: NodeFacts, t: Partial<Thresholds> = {}) => evaluate(f, resolveThresholds(t));
const codes = (e: ReturnType<typeof run>) => e.findings.map((f) => f.code);
const finding = (e: ReturnType<typeof run>, code: FindingCode) => e.findings.find((f) => f.code === code);

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
