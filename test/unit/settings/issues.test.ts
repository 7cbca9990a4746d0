import { describe, expect, it } from "vitest";
import { formatPath, suggest } from "../../../lambda/core/settings/issues.js";

describe("suggest", () => {
  const thresholds = [
    "fragmentationWarningRatio",
    "fragmentationCriticalRatio",
    "peakRatio",
    "swapWarningRatio",
    "doctorTotalRatio",
  ];

  it("one or two edits away, case and separators aside", () => {
    expect(suggest("remedation", ["remediation", "timeouts"])).toBe(' (did you mean "remediation"?)');
    expect(suggest("PEAK_RATIO", thresholds)).toBe(' (did you mean "peakRatio"?)');
  });

  it("a key made of a known key's words names every key it could be, up to three", () => {
    expect(suggest("fragmentationRatio", thresholds)).toBe(
      ' (did you mean "fragmentationWarningRatio" or "fragmentationCriticalRatio"?)',
    );
    expect(suggest("warningRatio", thresholds)).toBe(' (did you mean "fragmentationWarningRatio" or "swapWarningRatio"?)');
  });

  it("nothing when nothing is close, or too much is", () => {
    expect(suggest("colour", thresholds)).toBe("");
    expect(suggest("ratio", thresholds)).toBe("");
  });
});

describe("formatPath", () => {
  it("writes a path as the document reads", () => {
    expect(formatPath([])).toBe("(document)");
    expect(formatPath(["endpoints", 2, "tls"])).toBe("endpoints[2].tls");
    expect(formatPath([0, "url"])).toBe("[0].url");
  });
});
