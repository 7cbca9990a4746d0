import { describe, expect, it } from "vitest";
import { parseDefragConfig } from "../../../lambda/core/parsing/defragConfig.js";

describe("parseDefragConfig", () => {
  it("reads the CONFIG GET *defrag* reply", () => {
    expect(
      parseDefragConfig([
        "activedefrag",
        "yes",
        "active-defrag-ignore-bytes",
        "104857600",
        "active-defrag-threshold-lower",
        "10",
      ]),
    ).toEqual({
      activedefrag: true,
      ignoreBytes: 104857600,
      thresholdLowerPercent: 10,
      source: "config",
    });
    expect(parseDefragConfig([])).toEqual({
      activedefrag: undefined,
      ignoreBytes: undefined,
      thresholdLowerPercent: undefined,
      source: "config",
    });
  });
});
