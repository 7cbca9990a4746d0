import { describe, expect, it } from "vitest";
import { parseConfigDocument } from "../../../lambda/core/endpoints/config.js";
import { endpointFromUrl } from "../../../lambda/core/endpoints/endpoint.js";
import { clashText, nameClashes, type PlacedEntry, placeDocument } from "../../../lambda/core/endpoints/names.js";

const fromUrl = (url: string, n: number): PlacedEntry => ({
  entry: endpointFromUrl(url),
  place: `the command line URL ${n}`,
  named: false,
});

describe("endpoint names are unique over every document of a run (issue 21)", () => {
  it("two documents: both places named, the document's source and the entry's index", () => {
    const a = placeDocument(
      parseConfigDocument(
        {
          endpoints: [
            { name: "x", host: "h1" },
            { name: "cache", host: "h2" },
          ],
        },
        "a",
      ),
      "secret a",
    );
    const b = placeDocument(parseConfigDocument([{ name: "cache", url: "redis://u:hunter2@h3:6379" }], "b"), "secret b");
    const clashes = nameClashes([...a, ...b]);
    expect(clashes.map((c) => [c.name, c.entries.map((p) => p.place)])).toEqual([
      ["cache", ["secret a endpoints[1]", "secret b [0]"]],
    ]);
    expect(clashText(clashes[0] as (typeof clashes)[0])).toBe(
      'the name "cache" is given to secret a endpoints[1] and to secret b [0]: alert state and messages key on the name, so give each its own',
    );
    expect(JSON.stringify(clashes.map(clashText))).not.toContain("hunter2");
  });

  it("within one document, and an unnamed endpoint by its address against a command-line URL", () => {
    const doc = placeDocument(
      parseConfigDocument({ endpoints: [{ host: "10.0.0.1" }, { name: "a", host: "h" }, { name: "a", host: "i" }] }, "f"),
      "--config f.json",
    );
    const clashes = nameClashes([fromUrl("redis://10.0.0.1:6379", 1), ...doc]);
    expect(clashes.map(clashText)).toEqual([
      'the name "10.0.0.1:6379" is given to the command line URL 1 and to --config f.json endpoints[0] (an endpoint without "name" is named by its host and port): alert state and messages key on the name, so give each its own',
      'the name "a" is given to --config f.json endpoints[1] and to --config f.json endpoints[2]: alert state and messages key on the name, so give each its own',
    ]);
  });

  it("managed entries: a written name counts, a name made of the selection does not (two regions may share it)", () => {
    const doc = placeDocument(
      parseConfigDocument(
        {
          endpoints: [{ name: "sessions", host: "h" }],
          managed: [
            { elasticache: "all", region: "eu-west-1" },
            { elasticache: "all", region: "us-east-1" },
            { name: "sessions", memorydb: "all" },
          ],
        },
        "f",
      ),
      "secret fleet",
    );
    expect(nameClashes(doc).map((c) => c.entries.map((p) => p.place))).toEqual([
      ["secret fleet endpoints[0]", "secret fleet managed[2]"],
    ]);
  });

  it("distinct names are no clash", () => {
    expect(nameClashes([fromUrl("redis://h:1", 1), fromUrl("redis://h:2", 2)])).toEqual([]);
  });
});
