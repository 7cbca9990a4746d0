import { describe, expect, it } from "vitest";
import type { SameHost } from "../../../lambda/core/rules/facts.js";
import { maxmemoryUnset } from "../../../lambda/core/rules/maxmemoryUnset.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { facts, finding, run } from "../../support/evaluate.js";
import { editedInfo, fixtureText, snapshotOf } from "../../support/fixtures.js";

/** The captures' host: total_system_memory:25276510208 (23.54 GiB). */
const TOTAL = 25276510208;
const GiB = 1024 ** 3;

const unset = (sameHost?: SameHost, text = fixtureText("healthy-7.0")) =>
  maxmemoryUnset({ memory: snapshotOf(text), sameHost }, DEFAULT_THRESHOLDS)[0];

describe("maxmemory", () => {
  it("no maxmemory is advice with a suggested value, never a status", () => {
    const e = run(facts("healthy-7.0"));
    expect(e.status).toBe("OK");
    expect(finding(e, "MAXMEMORY_UNSET")?.nextStep).toMatch(/75% of the host's/);
    expect(finding(e, "NOEVICTION_POLICY")?.severity).toBe("INFO");
  });
});

describe("MAXMEMORY_UNSET on a host shared with other checked nodes", () => {
  it("alone on its host: 75% of the host's memory, as before", () => {
    const f = unset();
    expect(f?.meaning).toBe("No maxmemory limit: Redis grows until the host swaps or the OOM killer stops it.");
    expect(f?.nextStep).toBe(
      `Set maxmemory to about 17.66 GiB (75% of the host's 23.54 GiB), leaving room for fork copy-on-write and fragmentation, with CONFIG SET maxmemory ${Math.floor(TOTAL * 0.75)}, and in redis.conf so a restart keeps it. The checker does not change it.`,
    );
  });

  it("four instances on one host: the budget is divided, and the finding says so", () => {
    const f = unset({ host: "10.0.0.5", nodes: 4, unlimited: 4, limitedBytes: 0 });
    const each = Math.floor(Math.floor(TOTAL * 0.75) / 4);
    expect(f?.meaning).toBe(
      "No maxmemory limit: Redis grows until the host swaps or the OOM killer stops it. It shares its host (10.0.0.5) with 3 other instances this run checked.",
    );
    expect(f?.nextStep).toBe(
      `Set maxmemory to about 4.41 GiB: 75% of the host's 23.54 GiB, shared by the 4 instances this run checked on 10.0.0.5, leaving room for fork copy-on-write and fragmentation, with CONFIG SET maxmemory ${each}, and in redis.conf so a restart keeps it. The checker does not change it.`,
    );
  });

  it("what the others' own maxmemory holds comes off the budget first", () => {
    const f = unset({ host: "10.0.0.5", nodes: 3, unlimited: 2, limitedBytes: 8 * GiB });
    const each = Math.floor((Math.floor(TOTAL * 0.75) - 8 * GiB) / 2);
    expect(f?.nextStep).toMatch(
      /^Set maxmemory to about 4\.83 GiB: 75% of the host's 23\.54 GiB, less the 8\.00 GiB the others' maxmemory already holds, shared by the 2 instances without a limit among the 3 this run checked on 10\.0\.0\.5, /,
    );
    expect(f?.nextStep).toContain(`CONFIG SET maxmemory ${each},`);
  });

  it("when the others' limits already take the host's 75%, it says to lower them rather than suggest a size", () => {
    const f = unset({ host: "10.0.0.5", nodes: 2, unlimited: 1, limitedBytes: 20 * GiB });
    expect(f?.nextStep).toBe(
      "The maxmemory of the other instances this run checked on 10.0.0.5 already adds up to 20.00 GiB, 75% or more of the host's 23.54 GiB: lower theirs to make room for a limit here, leaving room for fork copy-on-write and fragmentation. The checker does not change it.",
    );
  });

  it("without total_system_memory, it still says the budget is shared", () => {
    const text = editedInfo("healthy-7.0", { drop: /^total_system_memory/ });
    expect(unset({ host: "10.0.0.5", nodes: 2, unlimited: 2, limitedBytes: 0 }, text)?.nextStep).toMatch(
      /^Set maxmemory to about 75% of the host's memory divided among the 2 instances this run checked on 10\.0\.0\.5, .*CONFIG SET maxmemory BYTES/,
    );
  });
});
