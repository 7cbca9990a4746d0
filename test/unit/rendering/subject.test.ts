import { describe, expect, it } from "vitest";
import type { AlertItem } from "../../../lambda/core/alerting/items.js";
import { composeAlert } from "../../../lambda/core/rendering/message.js";
import type { NodeReport } from "../../../lambda/core/report/report.js";
import { nodeFrom, reportOf } from "../../support/reports.js";

const item = (kind: AlertItem["kind"], node: NodeReport, extra: Partial<AlertItem> = {}): AlertItem => ({
  endpoint: "cache-prod",
  node,
  kind,
  ...extra,
});

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
