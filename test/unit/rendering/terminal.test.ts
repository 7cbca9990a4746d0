import { describe, expect, it } from "vitest";
import { formatReport } from "../../../lambda/core/rendering/terminal.js";
import { nodeFrom, reportOf } from "../../support/reports.js";

describe("formatReport", () => {
  const report = reportOf([
    ["cache-prod", nodeFrom("fragmented-jemalloc-7.0", "10.0.0.1:6379")],
    ["sessions", nodeFrom("healthy-7.0", "10.0.0.2:6379")],
  ]);

  it("puts the worst endpoint first with what was measured and what to do", () => {
    const text = formatReport(report);
    expect(text.indexOf("cache-prod")).toBeLessThan(text.indexOf("sessions"));
    expect(text).toMatch(/CRITICAL/);
    expect(text).toMatch(/CRITICAL FRAGMENTATION_HIGH: .*ratio/);
    expect(text).toMatch(/next: .*activedefrag/);
  });

  it("keeps healthy nodes short unless verbose", () => {
    const quiet = formatReport(report);
    const verbose = formatReport(report, { verbose: true });
    expect(verbose.length).toBeGreaterThan(quiet.length);
    expect(quiet).not.toContain("NOEVICTION_POLICY");
    expect(verbose).toContain("NOEVICTION_POLICY");
  });
});
