import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "../../../lambda/cli/args.js";

describe("parseCliArgs", () => {
  it("an option given twice is a usage error, not the last one silently winning", () => {
    expect(() => parseCliArgs(["--config", "a.json", "--config", "b.json"])).toThrow(UsageError);
    expect(() => parseCliArgs(["--remediate", "on", "--remediate=off"])).toThrow("--remediate is given twice: give it once");
  });

  it("URLs are positionals, in order; a flag given once is fine", () => {
    expect(parseCliArgs(["redis://a:1", "redis://b:2", "--verbose", "-v"]).urls).toEqual(["redis://a:1", "redis://b:2"]);
  });
});
