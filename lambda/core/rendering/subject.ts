import type { AlertItem, AlertKind } from "../alerting/items.js";
import type { CheckReport } from "../report/report.js";
import type { Status } from "../vocabulary/types.js";
import { formatDuration } from "../vocabulary/units.js";
import { engineLabel, headline, where } from "./headline.js";

export const SUBJECT_MAX = 100;

/** One readable line per kind of message, under SNS's 100 characters, ASCII only (email subjects). */
export function subjectLine(kind: AlertKind, severity: Status, ordered: AlertItem[], report: CheckReport): string {
  const at = Date.parse(report.finishedAt);
  if (kind === "SUMMARY") {
    const c = report.counts;
    return clip(
      `Daily summary, ${severity}: ${c.OK} OK, ${c.WARNING} WARNING, ${c.CRITICAL} CRITICAL, ${c.UNKNOWN} UNKNOWN in ${report.endpoints.length} endpoints`,
      "",
    );
  }
  const top = ordered[0] as AlertItem;
  const more = ordered.length > 1 ? ` (+${ordered.length - 1} more)` : "";
  const label = {
    FIRING: severity,
    CHANGED: `${top.node.status} (was ${top.previousStatus ?? "?"})`,
    REMINDER: `Still ${top.node.status}${top.since ? ` after ${formatDuration(at - Date.parse(top.since))}` : ""}`,
    RESOLVED: "RESOLVED",
    ACTION: "ACTION",
  }[kind];
  return clip(`${label}: ${engineLabel(top)} ${where(top)} ${headline(top, at)}`, more);
}

function clip(text: string, suffix: string): string {
  const clean = ascii(text);
  const room = SUBJECT_MAX - 1 - suffix.length;
  return `${clean.length <= room ? clean : `${clean.slice(0, room - 3)}...`}${suffix}`;
}

export function ascii(text: string): string {
  return text.replace(/[^\x20-\x7E]/g, "?");
}
