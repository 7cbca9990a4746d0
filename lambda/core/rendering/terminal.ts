import type { CheckReport, EndpointReport, NodeReport } from "../report/report.js";
import { printableLines } from "../vocabulary/printable.js";
import type { Finding } from "../vocabulary/types.js";
import { formatBytes, formatDuration, formatPercent, formatRatio } from "../vocabulary/units.js";
import { actionLine, hasNextStep, shownFindings } from "./node.js";

/** Terminal rendering of a report: a table per endpoint, then the findings and actions that matter. */
export function formatReport(report: CheckReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  const c = report.counts;
  lines.push(
    `${report.tool.name} ${report.tool.version}: ${report.status}  ` +
      `(${report.endpoints.length} endpoint${report.endpoints.length === 1 ? "" : "s"}, ` +
      `${c.OK} ok, ${c.WARNING} warning, ${c.CRITICAL} critical, ${c.UNKNOWN} unknown, ${formatDuration(report.durationMs)})`,
  );
  for (const endpoint of report.endpoints) lines.push("", ...formatEndpoint(endpoint, options.verbose ?? false));
  return `${printableLines(lines)}\n`;
}

function formatEndpoint(e: EndpointReport, verbose: boolean): string[] {
  const topology = e.topology && e.topology !== "standalone" ? `  (${e.topology}, ${e.nodes.length} nodes)` : "";
  const lines = [`${e.status.padEnd(8)} ${e.name}  ${e.target}${topology}`];
  if (e.error) lines.push(`  ${e.error.code}: ${e.error.message}`);
  const measured = e.nodes.filter((n) => n.metrics);
  if (measured.length) lines.push(...indent(table(measured)));
  for (const node of e.nodes) {
    const prefix = e.nodes.length > 1 ? `${node.address} ` : "";
    for (const f of shownFindings(node.findings, verbose)) {
      lines.push(...indent(formatFinding(f, prefix)));
    }
    for (const a of node.actions) {
      lines.push(`  ${prefix}action ${actionLine(a)}`);
      if (a.nextStep && a.outcome !== "applied") lines.push(`      next: ${a.nextStep}`);
    }
    if (node.before) {
      lines.push(
        `  ${prefix}before the repair: ${node.before.status}, ratio ${formatRatio(node.before.metrics.fragmentationRatio)}`,
      );
      if (node.changes?.length) lines.push(`  ${prefix}changed: ${node.changes.join("; ")}`);
    }
  }
  for (const a of e.actions ?? []) {
    lines.push(`  endpoint action ${actionLine(a)}`);
    if (a.nextStep && a.outcome !== "applied") lines.push(`      next: ${a.nextStep}`);
  }
  return lines;
}

function formatFinding(f: Finding, prefix: string): string[] {
  const sev = f.severity === "INFO" ? "info" : f.severity;
  const lines = [`${prefix}${sev} ${f.code}: ${f.meaning}`];
  if (hasNextStep(f)) lines.push(`    next: ${f.nextStep}`);
  return lines;
}

const COLUMNS: Array<[string, (n: NodeReport) => string]> = [
  ["node", (n) => n.address],
  ["role", (n) => n.role ?? "?"],
  ["server", (n) => (n.metrics ? `${n.metrics.engine} ${n.metrics.engineVersion ?? ""}`.trim() : "?")],
  ["slots/master", (n) => n.cluster?.slots ?? n.cluster?.master ?? n.replication?.master ?? "-"],
  ["status", (n) => n.status],
  ["used", (n) => bytes(n.metrics?.usedMemory)],
  ["rss", (n) => bytes(n.metrics?.usedMemoryRss)],
  ["peak", (n) => bytes(n.metrics?.usedMemoryPeak)],
  ["frag", (n) => formatRatio(n.metrics?.fragmentationRatio)],
  ["frag bytes", (n) => bytes(n.metrics?.fragmentationBytes)],
  ["alloc frag", (n) => formatRatio(n.metrics?.allocatorFragRatio)],
  [
    "maxmemory",
    (n) => (n.metrics?.maxmemory ? `${formatPercent(n.metrics.memoryUsedPercent)} of ${bytes(n.metrics.maxmemory)}` : "none"),
  ],
  ["policy", (n) => n.metrics?.maxmemoryPolicy ?? "?"],
  ["defrag", (n) => defragState(n)],
  ["time", (n) => formatDuration(n.durationMs)],
];

function defragState(n: NodeReport): string {
  const running = (n.metrics?.activeDefragRunning ?? 0) > 0 ? `running ${n.metrics?.activeDefragRunning}%` : "";
  const enabled = n.metrics?.activeDefragEnabled;
  const state = enabled === undefined ? "?" : enabled ? "on" : "off";
  return running ? `${state}, ${running}` : state;
}

function bytes(v: number | undefined): string {
  return v === undefined ? "n/a" : formatBytes(v);
}

function table(nodes: NodeReport[]): string[] {
  const rows = [COLUMNS.map(([h]) => h), ...nodes.map((n) => COLUMNS.map(([, get]) => get(n)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

function indent(lines: string[]): string[] {
  return lines.map((l) => `  ${l}`);
}
