import type { AlertItem } from "../alerting/items.js";
import type { CheckReport } from "../report/report.js";
import { printable } from "../vocabulary/printable.js";

/** EventBridge `source` and `detail-type` of every alert event: what a rule's event pattern matches on. */
export const EVENT_SOURCE = "redis-memory-checker";
export const EVENT_DETAIL_TYPE = "Redis Memory Alert";

export interface AlertEvent {
  source: typeof EVENT_SOURCE;
  detailType: typeof EVENT_DETAIL_TYPE;
  /** The node the event is about, so rules and incident tools can group and deduplicate on it. */
  resources: string[];
  detail: AlertEventDetail;
}

export interface AlertEventDetail {
  /** FIRING, CHANGED, REMINDER, RESOLVED, ACTION or SUMMARY. */
  kind: AlertItem["kind"];
  severity: string;
  previousSeverity?: string;
  endpoint: string;
  node: string;
  role?: string;
  since?: string;
  /** `endpoint/node`: a stable key for PagerDuty's dedup_key or Opsgenie's alias. */
  dedupKey: string;
  findings: Array<{ code: string; severity: string; measured?: string | number; meaning: string; nextStep?: string }>;
  actions: Array<{ command: string; outcome: string; reason: string }>;
  metrics?: { fragmentationRatio?: number; usedMemory?: number; usedMemoryRss?: number; memoryUsedPercent?: number };
  error?: { code: string; message: string };
  checkedAt: string;
  dashboardUrl?: string;
  requestId?: string;
}

/** One event per node the message is about: the alert's structured content, for routing by rules. */
export function alertEvents(
  items: readonly AlertItem[],
  report: CheckReport,
  ctx: { dashboardUrl?: string; requestId?: string },
): AlertEvent[] {
  return items.map((i) => {
    const n = i.node;
    return {
      source: EVENT_SOURCE,
      detailType: EVENT_DETAIL_TYPE,
      resources: [],
      detail: {
        kind: i.kind,
        severity: i.kind === "RESOLVED" ? "OK" : n.status,
        previousSeverity: i.previousStatus,
        endpoint: i.endpoint,
        node: n.address,
        role: n.role,
        since: i.since,
        dedupKey: `${i.endpoint}/${n.address}`,
        findings: n.findings
          .filter((f) => f.severity !== "INFO")
          .map((f) => ({
            code: f.code,
            severity: f.severity,
            measured: f.measured,
            meaning: printable(f.meaning),
            nextStep: f.nextStep,
          })),
        actions: [...n.actions, ...(i.endpointActions ?? [])].map((a) => ({
          command: a.command,
          outcome: a.outcome,
          reason: a.reason,
        })),
        metrics: n.metrics && {
          fragmentationRatio: n.metrics.fragmentationRatio,
          usedMemory: n.metrics.usedMemory,
          usedMemoryRss: n.metrics.usedMemoryRss,
          memoryUsedPercent: n.metrics.memoryUsedPercent,
        },
        error: n.error,
        checkedAt: report.finishedAt,
        dashboardUrl: ctx.dashboardUrl,
        requestId: ctx.requestId,
      },
    };
  });
}
