import { describe, expect, it } from "vitest";
import { type AlertItem, alertItemsWithoutState, summaryItems } from "../../lambda/core/alerting/items.js";
import { composeAlert, SNS_MESSAGE_MAX_BYTES, snsMessage } from "../../lambda/core/rendering/message.js";
import { SMS_MAX } from "../../lambda/core/rendering/sms.js";
import { SUBJECT_MAX } from "../../lambda/core/rendering/subject.js";
import { type NodeReport, uncheckedNode } from "../../lambda/core/report/report.js";
import { nodeFrom, reportOf } from "../support/reports.js";

const item = (kind: AlertItem["kind"], node: NodeReport, extra: Partial<AlertItem> = {}): AlertItem => ({
  endpoint: "cache-prod",
  node,
  kind,
  ...extra,
});

describe("composeAlert", () => {
  it("says nothing when all is well", () => {
    const report = reportOf([["cache", nodeFrom("healthy-7.0", "10.0.0.1:6379")]]);
    expect(alertItemsWithoutState(report)).toEqual([]);
    expect(composeAlert([], report)).toBeUndefined();
  });

  it("email: what was measured, what it means, what was done, what next, the dashboard and the request id", () => {
    const report = reportOf([
      ["sessions-prod", nodeFrom("fragmented-jemalloc-7.0", "10.0.1.12:6379")],
      ["cache-prod", nodeFrom("maxmemory-allkeys-lru-7.0", "10.0.1.13:6379")],
      ["healthy", nodeFrom("healthy-7.0", "10.0.1.14:6379")],
    ]);
    const alert = composeAlert(alertItemsWithoutState(report), report, {
      dashboardUrl: "https://console.aws.amazon.com/cloudwatch/home#dashboards:name=x",
      requestId: "c6af9ac6-7b61",
    });
    expect(alert?.email).toMatch(/== CRITICAL: sessions-prod, node 10\.0\.1\.12:6379 \(master\)/);
    expect(alert?.email).toMatch(/What was measured:\n {2}- mem_fragmentation_ratio 10\.02/);
    expect(alert?.email).toMatch(/What it means:\n {2}- CRITICAL FRAGMENTATION_HIGH \(threshold 4\)/);
    expect(alert?.email).toMatch(/What was done:\n {2}- nothing/);
    expect(alert?.email).toMatch(/What to do next:\n {2}- Enable active defrag/);
    expect(alert?.email).toMatch(/Runbook:/);
    expect(alert?.email).toMatch(/Dashboard: https:\/\/console/);
    expect(alert?.email).toMatch(/Complete report: .*request id c6af9ac6-7b61/);
    expect(alert?.email).not.toMatch(/== OK: healthy/);
    expect(alert?.attributes).toEqual({
      severity: "CRITICAL",
      endpoint: "sessions-prod",
      status: "FIRING",
      endpoints: ["sessions-prod", "cache-prod"],
    });
  });

  it("sends the email text once: `default` serves email; `sms` and Chatbot's `https` card are short", () => {
    const report = reportOf([["cache", nodeFrom("fragmented-jemalloc-7.0", "10.0.0.1:6379")]]);
    const message = snsMessage(
      composeAlert(alertItemsWithoutState(report), report) as NonNullable<ReturnType<typeof composeAlert>>,
    );
    const structure = JSON.parse(message.Message);
    expect(Object.keys(structure)).toEqual(["default", "sms", "https"]);
    expect(structure.https).not.toContain(structure.default.slice(0, 200));
  });

  it("subject and SMS fit SNS's limits, whatever the number of nodes", () => {
    const many: Array<[string, NodeReport]> = Array.from({ length: 40 }, (_, i) => [
      `an-endpoint-with-a-long-name-${i}`,
      nodeFrom("fragmented-jemalloc-7.0", `ip-10-0-1-${i}.eu-west-1.compute.internal:6379`),
    ]);
    const report = reportOf(many);
    const alert = composeAlert(alertItemsWithoutState(report), report);
    expect(alert?.subject.length).toBeLessThan(SUBJECT_MAX);
    expect(alert?.subject).toMatch(/^CRITICAL: Redis an-endpoint-with-a-long-name-0 .*\(\+39 more\)$/);
    expect(alert?.sms.length).toBeLessThanOrEqual(SMS_MAX);
    expect(alert?.sms).toMatch(/^CRITICAL Redis .* \+\d+ more$/);
    expect(alert?.subject).toMatch(/^[\x20-\x7E]+$/);
  });
});

describe("a message that always fits", () => {
  it("10,000 unreachable nodes: the worst in full, the rest grouped with their endpoint names, under SNS's limit", () => {
    // Prepare: a big outage, every endpoint refusing connections.
    const nodes: Array<[string, NodeReport]> = Array.from({ length: 10_000 }, (_, i) => [
      `cache-${String(i).padStart(5, "0")}`,
      uncheckedNode(`cache-${i}`, `10.0.${i >> 8}.${i & 255}:6379`, i % 25 ? refused : timeout, 3),
    ]);
    const report = reportOf(nodes);

    // Act
    const alert = composeAlert(alertItemsWithoutState(report), report, { requestId: "req-1" });
    const message = snsMessage(alert as NonNullable<typeof alert>);

    // Assess
    expect(message.bytes).toBeLessThan(SNS_MESSAGE_MAX_BYTES);
    expect(alert?.shown).toBeGreaterThan(20);
    expect((alert?.shown ?? 0) + (alert?.folded ?? 0)).toBe(10_000);
    expect(alert?.email).toMatch(/== \.\.\. and \d+ more nodes, not shown in full/);
    expect(alert?.email).toMatch(/ {2}- UNKNOWN x\d+: CHECK_FAILED x\d+|UNKNOWN x\d+: CONNECTION_REFUSED x\d+, TIMEOUT x\d+/);
    expect(alert?.email).toMatch(/Endpoints: cache-\d+, cache-\d+.*\.\.\. and \d+ more/);
    expect(alert?.email).toMatch(/request id req-1/);
    expect(alert?.subject).toBe("UNKNOWN: Redis cache-00000 10.0.0.0:6379 unreachable: timed out (+9999 more)");
    expect(alert?.attributes.endpoints).toHaveLength(100);
  });

  it("1,000 CRITICAL nodes: one message under the limit, worst first", () => {
    const nodes: Array<[string, NodeReport]> = Array.from({ length: 1000 }, (_, i) => [
      `sessions-${i}`,
      nodeFrom(i === 999 ? "maxmemory-allkeys-lru-7.0" : "fragmented-jemalloc-7.0", `10.1.${i >> 8}.${i & 255}:6379`),
    ]);
    const report = reportOf(nodes);
    const alert = composeAlert(alertItemsWithoutState(report), report) as NonNullable<ReturnType<typeof composeAlert>>;
    expect(snsMessage(alert).bytes).toBeLessThan(SNS_MESSAGE_MAX_BYTES);
    expect(alert.email).toMatch(/^== CRITICAL: sessions-0, node/m);
    expect(alert.email).toMatch(/CRITICAL x\d+: FRAGMENTATION_HIGH x\d+/);
    expect(alert.email).toMatch(/WARNING x1: MAXMEMORY_PRESSURE x1/);
  });

  it("a daily summary of 10,000 healthy nodes lists what fits and counts the rest", () => {
    const nodes: Array<[string, NodeReport]> = Array.from({ length: 10_000 }, (_, i) => [
      `c${i}`,
      nodeFrom("healthy-7.0", `10.2.${i >> 8}.${i & 255}:6379`),
    ]);
    const report = reportOf(nodes);
    const alert = composeAlert(summaryItems(report), report) as NonNullable<ReturnType<typeof composeAlert>>;
    expect(snsMessage(alert).bytes).toBeLessThan(SNS_MESSAGE_MAX_BYTES);
    expect(alert.subject).toBe("Daily summary, OK: 10000 OK, 0 WARNING, 0 CRITICAL, 0 UNKNOWN in 10000 endpoints");
    expect(alert.email).toMatch(/== OK \(10000 nodes\):\n {2}- c0 10\.2\.0\.0:6379 \(master\): ratio/);
    expect(alert.email).toMatch(/OK x\d+: ACTION x\d+|OK x\d+/);
  });
});

const refused = { code: "CONNECTION_REFUSED" as const, message: "connection refused (connect ECONNREFUSED)" };
const timeout = { code: "TIMEOUT" as const, message: "timed out: connect ETIMEDOUT" };

describe("subjects people can read", () => {
  const report = reportOf([["cache-prod", nodeFrom("fragmented-jemalloc-7.0", "10.0.0.1:6379")]]);
  const critical = report.endpoints[0]?.nodes[0] as NodeReport;
  const healthy = nodeFrom("healthy-7.0", "10.0.0.1:6379");
  const subject = (items: AlertItem[]) => composeAlert(items, report)?.subject;

  it.each([
    [
      "FIRING",
      [item("FIRING", critical)],
      /^CRITICAL: Redis cache-prod 10\.0\.0\.1:6379 fragmentation 10\.02x, 163\.\d MiB over used memory$/,
    ],
    [
      "CHANGED",
      [item("CHANGED", critical, { previousStatus: "WARNING" })],
      /^CRITICAL \(was WARNING\): Redis cache-prod 10\.0\.0\.1:6379 fragmentation 10\.02x/,
    ],
    [
      "REMINDER",
      [item("REMINDER", critical, { since: "2026-11-24T04:00:00Z" })],
      /^Still CRITICAL after 6\.0 h: Redis cache-prod 10\.0\.0\.1:6379 fragmentation 10\.02x/,
    ],
    [
      "RESOLVED",
      [item("RESOLVED", healthy, { previousStatus: "CRITICAL", since: "2026-11-24T08:00:00Z" })],
      /^RESOLVED: Redis cache-prod 10\.0\.0\.1:6379 OK again after 2\.0 h$/,
    ],
    [
      "RESOLVED (vanished)",
      [item("RESOLVED", healthy, { previousStatus: "CRITICAL", since: "2026-11-24T09:30:00Z", vanished: true })],
      /^RESOLVED: Redis cache-prod 10\.0\.0\.1:6379 no longer reported after 30 min$/,
    ],
    [
      "ACTION",
      [
        item("ACTION", {
          ...healthy,
          actions: [{ action: "MEMORY_PURGE", command: "MEMORY PURGE", outcome: "applied", reason: "" }],
        }),
      ],
      /^ACTION: Redis cache-prod 10\.0\.0\.1:6379 MEMORY PURGE applied$/,
    ],
    ["SUMMARY", [item("SUMMARY", critical)], /^Daily summary, CRITICAL: 0 OK, 0 WARNING, 1 CRITICAL, 0 UNKNOWN in 1 endpoints$/],
  ])("%s", (_kind, items, expected) => {
    expect(subject(items)).toMatch(expected);
    expect(subject(items)).not.toMatch(/EMPTY_INSTANCE|\d{7,}/);
  });

  it("RESOLVED text: the email says how long it lasted, the SMS that it is OK again", () => {
    const alert = composeAlert(
      [item("RESOLVED", healthy, { endpoint: "cache", previousStatus: "CRITICAL", since: "2026-11-24T08:00:00Z" })],
      report,
    );
    expect(alert?.sms).toMatch(/^RESOLVED Redis cache 10\.0\.0\.1:6379 OK again after 2\.0 h/);
    expect(alert?.email).toMatch(/RESOLVED \(was CRITICAL\)/);
    // Measured to the end of the check, not to when the text was composed.
    expect(alert?.email).toContain("Lasted: 2026-11-24T08:00:00Z (2.0 h).");
    expect(alert?.attributes.status).toBe("RESOLVED");
  });
});
