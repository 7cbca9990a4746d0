import type { AlertItem, AlertKind } from "../alerting/items.js";
import type { CheckReport } from "../report/report.js";
import { printable } from "../vocabulary/printable.js";
import type { Status } from "../vocabulary/types.js";
import { formatBytes, formatPercent, formatRatio } from "../vocabulary/units.js";
import { checklistGaps } from "./checklist.js";
import { itemSection } from "./section.js";

/** The email body's share of SNS's 256 KB, in bytes of the JSON it is sent in: about 60 full node sections. */
export const EMAIL_BUDGET_BYTES = 96 * 1024;
/** Kept for the grouped tail (counts and endpoint names of the nodes not shown in full). */
const TAIL_BUDGET_BYTES = 12 * 1024;

export interface EmailContext {
  dashboardUrl?: string;
  /** Said in the email when the state table could not be used: the message may repeat one already sent. */
  stateNote?: string;
  /** The invocation's request id: where the complete report is (its result and its log lines). */
  requestId?: string;
}

export interface EmailBody {
  text: string;
  /** Items rendered in full (or, for healthy nodes in a summary, as their one line). */
  shown: number;
  /** Items folded into the grouped tail. */
  folded: number;
}

/**
 * The email: worst nodes first, in full, while they fit the budget; the rest as a grouped tail with their
 * endpoint names, and where to find the complete report. Sizes are measured as SNS will count them: the
 * UTF-8 bytes of the text inside the JSON message document.
 */
export function emailBody(
  kind: AlertKind,
  severity: Status,
  ordered: AlertItem[],
  report: CheckReport,
  ctx: EmailContext,
  budget = EMAIL_BUDGET_BYTES,
): EmailBody {
  // Every line is made printable before it is measured: the budget counts what is sent.
  const head = headLines(kind, severity, report, ctx).map(printable);
  const foot = footLines(ctx).map(printable);
  let room = budget - TAIL_BUDGET_BYTES - jsonBytes(head) - jsonBytes(foot);
  const at = Date.parse(report.finishedAt);

  // A digest stays readable for big fleets: full sections for the nodes that need attention, a line for the rest.
  const compact = (i: AlertItem) => kind === "SUMMARY" && i.node.status === "OK" && !i.endpointActions?.length;
  const full = ordered.filter((i) => !compact(i));
  const brief = ordered.filter(compact);

  const body: string[] = [];
  const folded: AlertItem[] = [];
  for (const item of full) {
    const block = folded.length ? [] : ["", ...itemSection(item, at).map(printable)];
    const size = jsonBytes(block);
    if (folded.length || size > room) {
      folded.push(item);
      continue;
    }
    body.push(...block);
    room -= size;
  }
  if (brief.length) {
    const lines = [`== OK (${brief.length} nodes):`];
    for (const item of brief) {
      const line = folded.length ? "" : printable(okLine(item));
      const size = jsonBytes([line]);
      if (folded.length || size > room) folded.push(item);
      else {
        lines.push(line);
        room -= size;
      }
    }
    if (lines.length > 1) body.push("", ...lines);
  }
  const tail = folded.length ? ["", ...foldedLines(folded).map(printable)] : [];
  const text = `${[...head, ...body, ...tail, ...foot].join("\n")}\n`;
  return { text, shown: ordered.length - folded.length, folded: folded.length };
}

function headLines(kind: AlertKind, severity: Status, report: CheckReport, ctx: EmailContext): string[] {
  const c = report.counts;
  const title =
    kind === "SUMMARY"
      ? `Daily summary: ${severity} over ${report.endpoints.length} endpoints`
      : kind === "RESOLVED"
        ? "Redis memory alert resolved"
        : `Redis memory ${severity}`;
  const lines = [
    `${title} (redis-memory-checker ${report.tool.version}, run at ${report.startedAt})`,
    `Nodes: ${c.OK} OK, ${c.WARNING} WARNING, ${c.CRITICAL} CRITICAL, ${c.UNKNOWN} UNKNOWN.`,
  ];
  if (ctx.stateNote) lines.push("", `Note: ${ctx.stateNote}`);
  return lines;
}

function footLines(ctx: EmailContext): string[] {
  const lines = ["", ...RUNBOOK];
  if (ctx.requestId) {
    lines.push(
      "",
      `Complete report: the invocation's result, and one "endpoint checked" log line per endpoint under request id ${ctx.requestId}.`,
    );
  }
  if (ctx.dashboardUrl) lines.push("", `Dashboard: ${ctx.dashboardUrl}`);
  return lines;
}

function okLine(i: AlertItem): string {
  const m = i.node.metrics;
  const used = m?.maxmemory ? `${formatPercent(m.memoryUsedPercent)} of maxmemory` : `${formatBytes(m?.usedMemory ?? 0)} used`;
  const gaps = checklistGaps(i.node);
  return `  - ${i.endpoint} ${i.node.address}${i.node.role ? ` (${i.node.role})` : ""}: ratio ${formatRatio(m?.fragmentationRatio)}, ${used}${gaps.length ? `; checklist: fix ${gaps.join(", ")}` : ""}`;
}

/** `UNKNOWN x940: CONNECTION_REFUSED x900, TIMEOUT x40`, then the endpoints' names while they fit. */
function foldedLines(folded: AlertItem[]): string[] {
  const groups = new Map<string, Map<string, number>>();
  for (const i of folded) {
    const group = i.kind === "RESOLVED" ? "RESOLVED" : i.node.status;
    const cause =
      i.node.error?.code ?? i.node.findings.find((f) => f.severity !== "INFO")?.code ?? (i.kind === "RESOLVED" ? "OK" : "ACTION");
    const causes = groups.get(group) ?? new Map<string, number>();
    causes.set(cause, (causes.get(cause) ?? 0) + 1);
    groups.set(group, causes);
  }
  const lines = [`== ... and ${folded.length} more nodes, not shown in full to keep this message within SNS's size limit:`];
  for (const [group, causes] of groups) {
    const total = [...causes.values()].reduce((a, b) => a + b, 0);
    const detail = [...causes].sort((a, b) => b[1] - a[1]).map(([cause, n]) => `${cause} x${n}`);
    lines.push(`  - ${group} x${total}: ${detail.join(", ")}`);
  }
  const names = [...new Set(folded.map((i) => i.endpoint))];
  let list = "";
  let listed = 0;
  for (const name of names) {
    const next = list ? `${list}, ${name}` : name;
    if (jsonBytes([next]) > TAIL_BUDGET_BYTES / 2) break;
    list = next;
    listed++;
  }
  lines.push(`  Endpoints: ${list}${listed < names.length ? `, ... and ${names.length - listed} more` : ""}`);
  return lines;
}

const encoder = new TextEncoder();

/** Bytes these lines take inside a JSON string, joined by newlines (each escaped as two bytes). */
export function jsonBytes(lines: readonly string[]): number {
  let total = 0;
  for (const line of lines) total += encoder.encode(JSON.stringify(line)).length; // the two quotes count as the "\n"
  return total;
}

const RUNBOOK = [
  "Runbook:",
  "  1. redis-cli -h HOST -p PORT INFO memory: compare used_memory, used_memory_rss, used_memory_peak.",
  "  2. allocator_frag_ratio high: CONFIG SET activedefrag yes (ElastiCache/MemoryDB: activedefrag in a custom parameter group).",
  "  3. allocator_rss_ratio high or a big peak: MEMORY PURGE; otherwise the memory is reused as data grows back.",
  "  4. mem_fragmentation_ratio below 1: the host is swapping Redis; free host memory or move it.",
  "  5. used_memory near maxmemory: free or expire data, raise maxmemory where the host has room, or scale out.",
];
