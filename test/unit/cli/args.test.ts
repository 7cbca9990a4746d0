import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "../../../lambda/cli/args.js";

describe("parseCliArgs", () => {
  it("reads URLs and options", () => {
    expect(parseCliArgs(["redis://a:1", "--json", "--remediate", "on", "--concurrency", "4"])).toMatchObject({
      urls: ["redis://a:1"],
      json: true,
      remediate: "on",
      concurrency: 4,
    });
  });

  it("refuses unknown flags, bad modes and numbers out of the shared bounds", () => {
    expect(() => parseCliArgs(["--jsn"])).toThrow(UsageError);
    expect(() => parseCliArgs(["--remediate", "always"])).toThrow(/--remediate must be off, dry-run or on/);
    expect(() => parseCliArgs(["--connect-timeout", "5"])).toThrow(/--connect-timeout must be a whole number from 100 to 60000/);
    expect(() => parseCliArgs(["--concurrency", "1e3"])).toThrow(/--concurrency/);
  });

  it("an option given twice is a usage error, not the last one silently winning", () => {
    expect(() => parseCliArgs(["--config", "a.json", "--config", "b.json"])).toThrow(UsageError);
    expect(() => parseCliArgs(["--remediate", "on", "--remediate=off"])).toThrow("--remediate is given twice: give it once");
  });

  it("URLs are positionals, in order; a flag given once is fine", () => {
    expect(parseCliArgs(["redis://a:1", "redis://b:2", "--verbose", "-v"]).urls).toEqual(["redis://a:1", "redis://b:2"]);
  });
});
