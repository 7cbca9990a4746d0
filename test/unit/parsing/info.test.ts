import { describe, expect, it } from "vitest";
import { infoNumber, infoRecords, parseInfo, parseInfoRecord } from "../../../lambda/core/parsing/info.js";
import { memorySnapshot } from "../../../lambda/core/parsing/memory.js";
import { editedInfo, FIXTURES, fixtureText } from "../../support/fixtures.js";

describe("parseInfo", () => {
  it.each(FIXTURES)("parses every section of real INFO output (%s)", (name) => {
    // Act
    const info = parseInfo(fixtureText(name));

    // Assess
    expect(Object.keys(info.sections)).toEqual(expect.arrayContaining(["server", "memory", "stats", "replication", "keyspace"]));
    expect(info.sections.memory?.used_memory).toMatch(/^\d+$/);
    expect(infoNumber(info, "mem_fragmentation_ratio")).toBeGreaterThan(0);
  });

  it("keeps fields it has never heard of", () => {
    const info = parseInfo(editedInfo("healthy-7.0", { set: { valkey_version: "8.0.1", some_future_field: "42" } }));
    expect(info.fields.valkey_version).toBe("8.0.1");
    expect(infoNumber(info, "some_future_field")).toBe(42);
    expect(memorySnapshot(info)?.valkeyVersion).toBe("8.0.1");
  });

  it("parses keyspace and replica lines into records", () => {
    const info = parseInfo(fixtureText("healthy-7.0"));
    const dbs = infoRecords(info, "keyspace", /^db\d+$/);
    expect(Number(dbs.db0?.keys)).toBeGreaterThan(1000);
    expect(parseInfoRecord("ip=10.0.0.2,port=6380,state=online,offset=99,lag=0")).toEqual({
      ip: "10.0.0.2",
      port: "6380",
      state: "online",
      offset: "99",
      lag: "0",
    });
    expect(parseInfoRecord("jemalloc-5.2.1")).toBeUndefined();
  });

  it("accepts LF line endings and blank noise", () => {
    const info = parseInfo("# Memory\nused_memory:100\n\n# Stats\nevicted_keys:3\n");
    expect(info.sections.stats?.evicted_keys).toBe("3");
  });
});
