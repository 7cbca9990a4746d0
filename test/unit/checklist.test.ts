import { describe, expect, it } from "vitest";
import { alertItemsWithoutState, summaryItems } from "../../lambda/core/alerting/items.js";
import { composeAlert } from "../../lambda/core/rendering/message.js";
import { type NodeReport, nodeMetrics } from "../../lambda/core/report/report.js";
import { evaluate } from "../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../lambda/core/settings/thresholds.js";
import { fixtureText, snapshotOf } from "../support/fixtures.js";
import { reportOf } from "../support/reports.js";

const findings = (name: string, extra: Partial<NodeFacts> = {}) =>
  evaluate({ memory: snapshotOf(fixtureText(name)), ...extra }, DEFAULT_THRESHOLDS).findings;
const code = (name: string, c: string, extra: Partial<NodeFacts> = {}) => findings(name, extra).find((f) => f.code === c);

function node(name: string, address: string, extra: Partial<NodeFacts> = {}): NodeReport {
  const facts = { memory: snapshotOf(fixtureText(name)), ...extra };
  const e = evaluate(facts, DEFAULT_THRESHOLDS);
  return {
    address,
    role: "master",
    status: e.status,
    durationMs: 2,
    metrics: nodeMetrics(facts.memory, extra.defrag?.activedefrag),
    findings: e.findings,
    actions: [],
  };
}

describe("ACTIVE_DEFRAG_OFF", () => {
  it("on a jemalloc build with defrag off: the command that turns it on, and where it is refused", () => {
    const f = code("healthy-redis-8.0-jemalloc", "ACTIVE_DEFRAG_OFF", { defrag: { activedefrag: false } });
    expect(f?.nextStep).toMatch(/^CONFIG SET activedefrag yes, and activedefrag yes in redis\.conf/);
  });
  it("where CONFIG is refused (a managed service): the parameter-group setting", () => {
    expect(code("healthy-7.0", "ACTIVE_DEFRAG_OFF", { configError: "ERR unknown command 'CONFIG'" })?.nextStep).toMatch(
      /custom parameter group/,
    );
  });
  it("off in the parameter group (read there because CONFIG is refused): the group's setting, not CONFIG SET", () => {
    const f = code("healthy-redis-8.0-jemalloc", "ACTIVE_DEFRAG_OFF", {
      configError: "ERR unknown command 'CONFIG'",
      defrag: { activedefrag: false, source: "parameter-group" },
    });
    expect(f?.measured).toBe("no (parameter group)");
    expect(f?.nextStep).toMatch(/^Set activedefrag yes in the cluster's custom parameter group/);
  });
  it("on libc: not available", () => {
    expect(code("healthy-valkey-8.1-libc", "ACTIVE_DEFRAG_OFF")?.meaning).toMatch(/this server uses libc/);
  });
  it("on: nothing to say", () => {
    expect(code("healthy-redis-8.0-jemalloc", "ACTIVE_DEFRAG_OFF", { defrag: { activedefrag: true } })).toBeUndefined();
  });
});

describe("the eviction policy against the endpoint's usage", () => {
  it("a cache on noeviction (real capture) is a mismatch with the fix", () => {
    const f = code("maxmemory-noeviction-7.0", "EVICTION_POLICY_MISMATCH", { usage: "cache" });
    expect(f?.meaning).toMatch(/a cache, but its policy is noeviction: a full cache answers writes with OOM errors/);
    expect(f?.nextStep).toMatch(/^CONFIG SET maxmemory-policy allkeys-lru/);
  });
  it("a datastore on allkeys-lru (real capture) is a mismatch: eviction there is data loss", () => {
    expect(code("maxmemory-allkeys-lru-7.0", "EVICTION_POLICY_MISMATCH", { usage: "datastore" })?.meaning).toMatch(/data loss/);
  });
  it("a policy that fits says nothing; without a usage, noeviction is explained for both", () => {
    expect(code("maxmemory-allkeys-lru-7.0", "EVICTION_POLICY_MISMATCH", { usage: "cache" })).toBeUndefined();
    expect(code("maxmemory-noeviction-7.0", "EVICTION_POLICY_MISMATCH", { usage: "datastore" })).toBeUndefined();
    expect(code("maxmemory-noeviction-7.0", "NOEVICTION_POLICY")?.nextStep).toMatch(/"usage": "cache" or "datastore"/);
  });
});

describe("the production checklist in the daily summary", () => {
  it("each node needing attention gets the checklist with every fix; healthy nodes name their gaps on their line", () => {
    // Prepare
    const report = reportOf([
      ["sessions", node("fragmented-valkey-8.1-jemalloc", "10.0.0.1:6379", { defrag: { activedefrag: false } })],
      ["cache", node("maxmemory-allkeys-lru-7.0", "10.0.0.2:6379", { defrag: { activedefrag: true }, usage: "cache" })],
      ["queue", node("healthy-redis-8.0-jemalloc", "10.0.0.3:6379", { defrag: { activedefrag: false } })],
    ]);

    // Act
    const email = composeAlert(summaryItems(report), report)?.email ?? "";

    // Assess
    expect(email).toMatch(
      /Production checklist:\n {2}- \[fix\] maxmemory unset: Set maxmemory to about .*CONFIG SET maxmemory \d+.*\n {2}- \[check\] maxmemory-policy noeviction: .*\n {2}- \[fix\] Active defrag is off/,
    );
    expect(email).toMatch(
      /== WARNING: cache, node 10\.0\.0\.2:6379[\s\S]*- \[ok\] maxmemory 64\.0 MiB[\s\S]*- \[ok\] maxmemory-policy allkeys-lru\n {2}- \[ok\] active defrag on/,
    );
    expect(email).toMatch(
      /- queue 10\.0\.0\.3:6379 \(master\): ratio 1\.16, 56\.1 MiB used; checklist: fix maxmemory unset, active defrag off/,
    );
  });

  it("checking alerts (not the summary) carry no checklist", () => {
    const report = reportOf([
      ["sessions", node("fragmented-valkey-8.1-jemalloc", "10.0.0.1:6379", { defrag: { activedefrag: false } })],
    ]);
    expect(composeAlert(alertItemsWithoutState(report), report)?.email).not.toMatch(/Production checklist/);
  });
});

describe("Valkey is named Valkey", () => {
  it("in the subject, the SMS and the email", () => {
    const report = reportOf([["sessions", node("fragmented-valkey-8.1-jemalloc", "10.0.0.1:6379")]]);
    const alert = composeAlert(alertItemsWithoutState(report), report);
    expect(alert?.subject).toMatch(/^CRITICAL: Valkey sessions 10\.0\.0\.1:6379 fragmentation/);
    expect(alert?.sms).toMatch(/^CRITICAL Valkey sessions/);
    expect(alert?.email).toMatch(/ {2}- Valkey 8\.1\.1, allocator jemalloc-5\.3\.0, allocator_frag_ratio 6\.49 \(small bins\)/);
  });
});
