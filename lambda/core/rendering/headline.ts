import { type AlertItem, hasNotableAction } from "../alerting/items.js";
import { ERROR_SUMMARY } from "../vocabulary/errors.js";
import type { ActionResult } from "../vocabulary/types.js";
import { formatDuration } from "../vocabulary/units.js";

/** A few words on why this node is in the message, for subjects and SMS: never a raw code or byte count. */
export function headline(item: AlertItem, at: number): string {
  const n = item.node;
  if (item.kind === "RESOLVED") {
    const lasted = item.since ? ` after ${formatDuration(at - Date.parse(item.since))}` : "";
    if (item.vanished) return n.address === "-" ? `checked again${lasted}` : `no longer reported${lasted}`;
    return `OK again${lasted}`;
  }
  if (n.error) return ERROR_SUMMARY[n.error.code];
  const finding = n.findings.find((f) => f.severity !== "INFO");
  if (finding) return finding.summary ?? finding.code;
  if (hasNotableAction(n)) return actionPhrase(n.actions.find((a) => a.outcome !== "skipped") as ActionResult);
  const action = item.endpointActions?.[0];
  return action ? actionPhrase(action) : "healthy";
}

function actionPhrase(a: ActionResult): string {
  const what = a.action === "ENABLE_ACTIVEDEFRAG" ? "active defrag" : "MEMORY PURGE";
  if (a.outcome === "applied") return a.action === "ENABLE_ACTIVEDEFRAG" ? "active defrag enabled" : "MEMORY PURGE applied";
  if (a.outcome === "dry-run") return `${what} would be applied (dry-run)`;
  return `${what} not applied (${a.outcome})`;
}

/** `Valkey` for a Valkey node, else `Redis` (a node that could not be read is assumed Redis). */
export function engineLabel(item: AlertItem): string {
  return item.node.metrics?.engine === "valkey" ? "Valkey" : "Redis";
}

/** `endpoint address`, or just the endpoint when the failure is the endpoint's as a whole. */
export function where(item: AlertItem): string {
  return item.node.address === "-" ? item.endpoint : `${item.endpoint} ${item.node.address}`;
}
