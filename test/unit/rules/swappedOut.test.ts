import { describe, expect, it } from "vitest";
import { codes, facts, finding, run } from "../../support/evaluate.js";
import { editedInfo, fixtureText, snapshotOf } from "../../support/fixtures.js";

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
