import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { speakWithOneVoice } from "../../../lambda/core/advice/oneVoice.js";
import { appliedAction, refusedAction } from "../../../lambda/core/remediation/decide.js";
import { diagnose } from "../../../lambda/core/remediation/diagnose.js";
import { evaluate } from "../../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import type { ActionResult, Finding, RemediationMode } from "../../../lambda/core/vocabulary/types.js";
import { fixtureText, snapshotOf } from "../../support/fixtures.js";

/** Every real capture. */
const CAPTURES = readdirSync(join(import.meta.dirname, "..", "..", "fixtures"))
  .filter((f) => f.endsWith(".info"))
  .map((f) => f.replace(/\.info$/, ""));

/** What the server says when a build cannot defrag (Debian's redis-server), in its own words. */
const UNSUPPORTED =
  "ERR Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution";

type Situation = {
  name: string;
  defrag?: boolean;
  configError?: string;
  mode: RemediationMode;
  /** How the server answers what is sent. */
  answer?: "OK" | "unsupported";
};
const SITUATIONS: Situation[] = [
  { name: "defrag off, dry-run", defrag: false, mode: "dry-run" },
  { name: "defrag off, repair on, applied", defrag: false, mode: "on", answer: "OK" },
  { name: "defrag off, repair on, refused as unsupported", defrag: false, mode: "on", answer: "unsupported" },
  { name: "defrag already on", defrag: true, mode: "on", answer: "OK" },
  { name: "CONFIG refused (a managed service)", configError: "ERR unknown command 'CONFIG'", mode: "dry-run" },
  { name: "remediation off", defrag: false, mode: "off" },
];

/** A node's report as the checker makes it: the diagnosis, the answers to what was sent, one voice over both. */
function report(capture: string, s: Situation): { findings: Finding[]; actions: ActionResult[] } {
  const facts: NodeFacts = {
    memory: snapshotOf(fixtureText(capture)),
    defrag: s.defrag === undefined ? undefined : { activedefrag: s.defrag },
    configError: s.configError,
  };
  const options = { mode: s.mode, purge: true };
  const { evaluation, decision } = diagnose(facts, DEFAULT_THRESHOLDS, options);
  const sent = decision.send.map((p) =>
    s.answer === "unsupported" && p.action === "ENABLE_ACTIVEDEFRAG" ? refusedAction(p, UNSUPPORTED, {}) : appliedAction(p, "OK"),
  );
  const actions = [...decision.settled, ...sent];
  const defragOn = s.defrag || sent.some((a) => a.action === "ENABLE_ACTIVEDEFRAG" && a.outcome === "applied");
  return {
    findings: speakWithOneVoice(
      { ...facts, defrag: { activedefrag: Boolean(defragOn) } },
      evaluation.findings,
      actions,
      DEFAULT_THRESHOLDS,
    ),
    actions,
  };
}

/** Everything the report says a person should do now. */
function steps(r: { findings: Finding[]; actions: ActionResult[] }): string[] {
  return [...r.findings.map((f) => f.nextStep), ...r.actions.flatMap((a) => (a.outcome === "applied" ? [] : [a.nextStep ?? ""]))];
}
function said(r: { findings: Finding[]; actions: ActionResult[] }): string[] {
  return [...r.findings.flatMap((f) => [f.meaning, f.nextStep]), ...r.actions.flatMap((a) => [a.reason, a.nextStep ?? ""])];
}

/** Advises turning defrag on now: the command in a next step, or a dry-run of it. */
const advisesDefrag = (r: ReturnType<typeof report>) =>
  steps(r).some((t) => /CONFIG SET activedefrag yes/.test(t)) ||
  r.actions.some((a) => a.action === "ENABLE_ACTIVEDEFRAG" && a.outcome === "dry-run");
/** Says defrag is not the fix here, or cannot run. */
const rulesOutDefrag = (r: ReturnType<typeof report>) =>
  said(r).some((t) =>
    /cannot run active defrag|has no active defrag|refuses active defrag|not the kind active defrag fixes|active defrag will not help|active defrag does not move|needs jemalloc|cannot defrag/i.test(
      t,
    ),
  );
/** Advises MEMORY PURGE as what to do. */
const advisesPurge = (r: ReturnType<typeof report>) =>
  steps(r).some((t) => /(Run )?MEMORY PURGE (returns|asks|to return)/.test(t));
/** Says MEMORY PURGE does nothing for this node. */
const rulesOutPurge = (r: ReturnType<typeof report>) =>
  said(r).some((t) => /MEMORY PURGE (replies OK but )?does nothing|MEMORY PURGE need jemalloc/i.test(t));

describe("one voice: no report both advises a command and rules it out", () => {
  const cases = CAPTURES.flatMap((c) => SITUATIONS.map((s) => [c, s.name, s] as const));
  it.each(cases)("%s, %s", (capture, _name, situation) => {
    const r = report(capture, situation);
    expect(advisesDefrag(r) && rulesOutDefrag(r), JSON.stringify(said(r), null, 1)).toBe(false);
    expect(advisesPurge(r) && rulesOutPurge(r), JSON.stringify(said(r), null, 1)).toBe(false);
    // Right after defrag was turned on, nothing says it is idle and to check its thresholds.
    if (situation.answer === "OK" && r.actions.some((a) => a.action === "ENABLE_ACTIVEDEFRAG" && a.outcome === "applied")) {
      expect(said(r).join(" ")).not.toMatch(/on but idle|CONFIG SET activedefrag yes/);
    }
  });
});

describe("one voice: the issue's cases", () => {
  it("a peak-retained node whose excess defrag does not move gets defrag as prevention, not as the fix", () => {
    const r = report("peak-large-values-7.0", SITUATIONS[0] as Situation);
    const off = r.findings.find((f) => f.code === "ACTIVE_DEFRAG_OFF");
    expect(off?.nextStep ?? "").not.toMatch(/CONFIG SET/);
  });

  it("after the server refused defrag as unsupported, nothing says to enable it and watch the ratio fall", () => {
    const r = report("fragmented-debian-7.0", SITUATIONS[2] as Situation);
    expect(r.actions.find((a) => a.action === "ENABLE_ACTIVEDEFRAG")?.outcome).toBe("unsupported");
    expect(said(r).join(" ")).not.toMatch(/watch the ratio fall|Run with remediation on/);
    expect(r.findings.find((f) => f.code === "FRAGMENTATION_HIGH")?.nextStep).toMatch(/This build cannot run active defrag/);
  });

  it("right after defrag was turned on, the report says so instead of 'on but idle'", () => {
    const r = report("fragmented-jemalloc-7.0", SITUATIONS[1] as Situation);
    expect(r.findings.find((f) => f.code === "FRAGMENTATION_HIGH")?.nextStep).toMatch(/turned on by this run/);
  });

  it("the reading right after defrag was turned on does not call it idle", () => {
    // As checkNode judges the second reading: defrag on, and this run's applied action.
    const facts: NodeFacts = { memory: snapshotOf(fixtureText("fragmented-jemalloc-7.0")), defrag: { activedefrag: true } };
    const findings = evaluate(facts, DEFAULT_THRESHOLDS).findings;
    const applied = appliedAction(
      { action: "ENABLE_ACTIVEDEFRAG", command: ["CONFIG", "SET", "activedefrag", "yes"], reason: "" },
      "OK",
    );
    const defrag = speakWithOneVoice(facts, findings, [applied], DEFAULT_THRESHOLDS).find((f) => f.code === "ACTIVE_DEFRAG");
    expect(defrag?.meaning).toMatch(/turned on by this run/);
    expect(defrag?.meaning).not.toMatch(/idle/);
  });

  it("with defrag on, ALLOCATOR_FRAGMENTATION does not say to enable it", () => {
    const r = report("fragmented-jemalloc-7.0", SITUATIONS[3] as Situation);
    expect(r.findings.find((f) => f.code === "ALLOCATOR_FRAGMENTATION")?.nextStep).toMatch(/Active defrag is on/);
  });

  it("on libc, PEAK_RETAINED does not suggest MEMORY PURGE", () => {
    for (const capture of ["peak-redis-8.0-libc", "peak-valkey-8.1-libc"]) {
      const peak = report(capture, SITUATIONS[0] as Situation).findings.find((f) => f.code === "PEAK_RETAINED");
      expect(peak?.nextStep).toBeDefined();
      expect(peak?.nextStep).not.toMatch(/MEMORY PURGE/);
    }
  });
});
