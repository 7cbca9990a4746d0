import { describe, expect, it } from "vitest";
import { evaluate } from "../../../lambda/core/rules/evaluate.js";
import type { PreviousObservation } from "../../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { fixtureText, snapshotOf } from "../../support/fixtures.js";

const run = (text: string, previous?: PreviousObservation, activedefrag = false) =>
  evaluate({ memory: snapshotOf(text), previous, defrag: { activedefrag } }, DEFAULT_THRESHOLDS);
const codes = (e: ReturnType<typeof run>) => e.findings.map((f) => f.code);

describe("LOADING (a real capture of Redis 8.0 loading a 1 GiB snapshot)", () => {
  it("holds every memory verdict, is UNKNOWN, and says why and how far it is", () => {
    const e = run(fixtureText("loading-redis-8.0-jemalloc"));
    expect(e.status).toBe("UNKNOWN");
    expect(codes(e)).toEqual(["LOADING"]);
    expect(e.findings[0]?.meaning).toMatch(/loading its dataset \(1% loaded, about 1 s to go\): .*verdicts are held/);
    expect(e.findings[0]?.summary).toBe("loading its dataset, 1% loaded");
  });

  it("a loaded server is judged as usual", () => {
    expect(codes(run(fixtureText("healthy-redis-8.0-jemalloc")))).not.toContain("LOADING");
  });
});
