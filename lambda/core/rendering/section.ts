import type { AlertItem } from "../alerting/items.js";
import { serverName } from "../parsing/memory.js";
import { formatBytes, formatDuration, formatPercent, formatRatio } from "../vocabulary/units.js";
import { checklistLines } from "./checklist.js";
import { actionLine, nextSteps, shownFindings } from "./node.js";

/**
 * One node's section: what was measured, what it means, what was done, what to do next. Durations are
 * measured to `at`, the end of the check, so the text is a pure function of the report.
 */
export function itemSection(i: AlertItem, at: number): string[] {
  const n = i.node;
  const head = i.kind === "RESOLVED" ? `RESOLVED (was ${i.previousStatus ?? "?"})` : n.status;
  const out = [`== ${head}: ${i.endpoint}, node ${n.address}${n.role ? ` (${n.role})` : ""}`];
  if (i.kind === "CHANGED" && i.previousStatus) out.push(`Changed: ${i.previousStatus} -> ${n.status}.`);
  if (i.since) {
    const lasted = at - Date.parse(i.since);
    out.push(
      `${i.kind === "RESOLVED" ? "Lasted" : "Since"}: ${i.since}${Number.isFinite(lasted) ? ` (${formatDuration(lasted)})` : ""}.`,
    );
  }
  if (i.vanished) {
    out.push(
      n.address === "-"
        ? "The endpoint is checked again node by node; its nodes are reported on their own."
        : "No longer reported by the endpoint (removed, replaced, or failed over to a new address); its alert state is removed.",
    );
    return out;
  }
  out.push("What was measured:");
  if (n.error) out.push(`  - the check failed: ${n.error.code}: ${n.error.message}`);
  const m = n.metrics;
  if (m) {
    out.push(
      `  - mem_fragmentation_ratio ${formatRatio(m.fragmentationRatio)} (${formatBytes(m.fragmentationBytes ?? 0)} of RSS over used memory)`,
      `  - used_memory ${formatBytes(m.usedMemory)}, used_memory_rss ${formatBytes(m.usedMemoryRss ?? 0)}, used_memory_peak ${formatBytes(m.usedMemoryPeak ?? 0)}`,
      `  - maxmemory ${m.maxmemory ? `${formatBytes(m.maxmemory)} (${formatPercent(m.memoryUsedPercent)} used)` : "not set"}, policy ${m.maxmemoryPolicy ?? "unknown"}`,
      `  - ${serverName(m)}, allocator ${m.allocator ?? "unknown"}, allocator_frag_ratio ${formatRatio(m.allocatorFragRatio)}${m.allocatorFragModel === "smallbins" ? " (small bins)" : ""}, active defrag ${m.activeDefragEnabled === undefined ? "unknown" : m.activeDefragEnabled ? "on" : "off"}${(m.activeDefragRunning ?? 0) > 0 ? ` (running at ${m.activeDefragRunning}% CPU)` : ""}`,
    );
  }
  if (n.before) {
    out.push(
      `  - before the repair in this run: ${n.before.status}, mem_fragmentation_ratio ${formatRatio(n.before.metrics.fragmentationRatio)}, used_memory_rss ${formatBytes(n.before.metrics.usedMemoryRss ?? 0)}`,
    );
    if (n.changes?.length) out.push(`  - changed: ${n.changes.join("; ")}`);
  }
  if (i.trend?.length) out.push("Trend:", ...i.trend.map((t) => `  - ${t}`));
  const findings = shownFindings(n.findings);
  if (findings.length) {
    out.push("What it means:");
    for (const f of findings) {
      const threshold = f.threshold !== undefined ? ` (threshold ${f.threshold})` : "";
      out.push(`  - ${f.severity} ${f.code}${threshold}: ${f.meaning}`);
    }
  }
  const actions = [...n.actions, ...(i.endpointActions ?? [])];
  out.push("What was done:");
  if (actions.length === 0) out.push("  - nothing (no safe repair applies, or remediation is off)");
  for (const a of actions) out.push(`  - ${actionLine(a)}`);
  out.push("What to do next:");
  const steps = nextSteps(findings, actions);
  if (steps.length === 0) steps.push(i.kind === "RESOLVED" ? "Nothing: the node is healthy again." : "Nothing urgent.");
  for (const s of steps) out.push(`  - ${s}`);
  if (i.kind === "SUMMARY") out.push(...checklistLines(n));
  return out;
}
