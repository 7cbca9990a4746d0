import { describe, expect, it } from "vitest";
import { type ConfigError, parseConfigDocument } from "../../../../lambda/core/endpoints/config.js";

describe("managed entries in the endpoints document", () => {
  it("accepts each form, alone or beside hosts", () => {
    expect(parseConfigDocument({ elasticache: { replicationGroups: ["sessions-prod"] } }, "t").managed).toHaveLength(1);
    expect(parseConfigDocument({ elasticache: "all", tags: { team: "payments" } }, "t").managed[0]?.tags).toEqual({
      team: "payments",
    });
    const both = parseConfigDocument(
      {
        endpoints: [{ url: "redis://10.0.0.1:6379" }],
        managed: [{ memorydb: "all" }, { elasticacheServerless: { caches: ["api"] } }],
      },
      "t",
    );
    expect([both.endpoints.length, both.managed.length]).toEqual([1, 2]);
  });

  it("names what is wrong: a typo, two services in one entry, an empty list", () => {
    const problems = (doc: unknown) => {
      try {
        parseConfigDocument(doc, "secret sessions");
      } catch (e) {
        return (e as ConfigError).problems.join("; ");
      }
      return "";
    };
    expect(problems({ elasticache: { replicationGroup: ["x"] } })).toMatch(/unknown key "replicationGroup"/);
    expect(problems({ elasticache: "all", memorydb: "all" })).toMatch(
      /exactly one of "elasticache", "memorydb" or "elasticacheServerless"/,
    );
    expect(problems({ memorydb: { clusters: [] } })).toMatch(/lists nothing/);
    expect(problems({ managed: [] })).toMatch(/lists no managed resources/);
    expect(problems({ elasticache: "all", read: "sometimes" })).toMatch(/read/);
    expect(problems({ elasticache: "all", password: "hunter2", raed: "auto" })).not.toContain("hunter2");
  });
});
