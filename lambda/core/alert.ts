import { alertableNodes, type CheckReport, type NodeReport } from "./report.js";
import { type ActionResult, STATUS_RANK, type Status, worstStatus } from "./types.js";
import { formatBytes, formatDuration, formatPercent, formatRatio } from "./units.js";

/** Why a node is in a message. The lifecycle (state table) decides; without state every non-OK node fires. */
export type AlertKind = "FIRING" | "CHANGED" | "REMINDER" | "RESOLVED" | "ACTION" | "SUMMARY";

export interface AlertItem {
  endpoint: string;
  node: NodeReport;
  kind: AlertKind;
  /** Status before this check, for CHANGED and RESOLVED. */
  previousStatus?: Status;
  /** ISO time the current status (or, for RESOLVED, the incident) began. */
  since?: string;
  /** One-line trend statements ("ratio 10.02 -> 4.02 since the alert began"). */
  trend?: string[];
  /** Endpoint-wide actions (a managed service's parameter group), shown with the endpoint's first node. */
  endpointActions?: ActionResult[];
}

export interface Alert {
  subject: string;
  email: string;
  sms: string;
  /** SNS message attributes: subscriptions filter on these (SMS: severity CRITICAL). */
  attributes: { severity: Status; endpoint: string; status: AlertKind; endpoints: string[] };
}

export interface AlertContext {
  dashboardUrl?: string;
  /** Said in the email when the state table could not be read: the message may repeat one already sent. */
  stateNote?: string;
}

export const SUBJECT_MAX = 100;
export const SMS_MAX = 140;

/** Outcomes worth telling people about even on an OK node: something was done, or could not be. */
const NOTABLE: ReadonlySet<ActionResult["outcome"]> = new Set([
  "applied",
  "failed",
  "unsupported",
  "no-permission",
  "command-unavailable",
]);

/** Without alert state: every non-OK node, and every node where an action was taken or refused. */
export function alertItemsWithoutState(report: CheckReport): AlertItem[] {
  return withEndpointActions(
    report,
    report.endpoints.flatMap((e) =>
      alertableNodes(e)
        .filter((n) => n.status !== "OK" || hasNotableAction(n))
        .map((node) => ({ endpoint: e.name, node, kind: node.status === "OK" ? ("ACTION" as const) : ("FIRING" as const) })),
    ),
  );
}

/** The daily digest: every node of every endpoint, even when all is well. */
export function summaryItems(report: CheckReport): AlertItem[] {
  return report.endpoints.flatMap((e) => alertableNodes(e).map((node) => ({ endpoint: e.name, node, kind: "SUMMARY" as const })));
}

/** Attaches each endpoint's own actions to the first item of that endpoint. */
export function withEndpointActions(report: CheckReport, items: AlertItem[]): AlertItem[] {
  const seen = new Set<string>();
  return items.map((item) => {
    const actions = report.endpoints.find((e) => e.name === item.endpoint)?.actions;
    if (!actions?.length || seen.has(item.endpoint)) return item;
    seen.add(item.endpoint);
    return { ...item, endpointActions: actions };
  });
}

export function hasNotableAction(node: NodeReport): boolean {
  return node.actions.some((a) => NOTABLE.has(a.outcome));
}

/** Builds the one message of a run, or nothing when there is nothing to say. */
export function composeAlert(items: AlertItem[], report: CheckReport, ctx: AlertContext = {}): Alert | undefined {
  if (items.length === 0) return undefined;
  const ordered = [...items].sort((a, b) => rank(b) - rank(a));
  const top = ordered[0] as AlertItem;
  const severity = worstStatus(ordered.filter((i) => i.kind !== "RESOLVED").map((i) => i.node.status));
  const kind = messageKind(ordered);
  return {
    subject: subjectLine(kind, severity, ordered),
    email: emailBody(kind, severity, ordered, report, ctx),
    sms: smsText(kind, severity, ordered),
    attributes: { severity, endpoint: top.endpoint, status: kind, endpoints: [...new Set(ordered.map((i) => i.endpoint))] },
  };
}

function rank(i: AlertItem): number {
  return i.kind === "RESOLVED" ? -1 : STATUS_RANK[i.node.status];
}

function messageKind(items: AlertItem[]): AlertKind {
  const kinds = new Set(items.map((i) => i.kind));
  if (kinds.has("SUMMARY")) return "SUMMARY";
  for (const k of ["FIRING", "CHANGED", "REMINDER", "ACTION"] as const) if (kinds.has(k)) return k;
  return "RESOLVED";
}

/** The finding that best names the problem, for one-line texts. */
function headline(n: NodeReport): string {
  if (n.error) return n.error.code;
  const f = n.findings.find((x) => x.severity !== "INFO") ?? n.findings[0];
  if (!f) return "no findings";
  const measured = typeof f.measured === "number" ? ` ${Number.isInteger(f.measured) ? f.measured : f.measured.toFixed(2)}` : "";
  return `${f.code}${measured}`;
}

function ascii(text: string): string {
  return text.replace(/[^\x20-\x7E]/g, "?");
}

function subjectLine(kind: AlertKind, severity: Status, items: AlertItem[]): string {
  const top = items[0] as AlertItem;
  const more = items.length > 1 ? ` (+${items.length - 1} more)` : "";
  const label = kind === "RESOLVED" ? "RESOLVED" : kind === "SUMMARY" ? `Daily summary, ${severity}` : severity;
  const text = ascii(`${label}: Redis ${top.endpoint} ${headline(top.node)}${more}`);
  return text.length <= SUBJECT_MAX - 1 ? text : `${text.slice(0, SUBJECT_MAX - 4)}...`;
}

/** At most 140 characters: the worst node first, then as many others as fit, then "+N more". */
function smsText(kind: AlertKind, severity: Status, items: AlertItem[]): string {
  const label = kind === "RESOLVED" ? "RESOLVED" : severity;
  const parts = items.map((i) => `${i.endpoint} ${i.node.address} ${i.kind === "RESOLVED" ? "OK again" : headline(i.node)}`);
  let text = ascii(`${label} Redis ${parts[0] ?? ""}`);
  let shown = 1;
  for (; shown < parts.length; shown++) {
    const candidate = `${text}; ${ascii(parts[shown] ?? "")}`;
    const remaining = parts.length - shown - 1;
    if (`${candidate}${remaining ? ` +${remaining} more` : ""}`.length > SMS_MAX) break;
    text = candidate;
  }
  const rest = parts.length - shown;
  const tail = rest ? ` +${rest} more` : "";
  return `${text.slice(0, SMS_MAX - tail.length)}${tail}`;
}

function emailBody(kind: AlertKind, severity: Status, items: AlertItem[], report: CheckReport, ctx: AlertContext): string {
  const lines: string[] = [];
  const c = report.counts;
  const title =
    kind === "SUMMARY"
      ? `Daily summary: ${severity} over ${report.endpoints.length} endpoints`
      : kind === "RESOLVED"
        ? "Redis memory alert resolved"
        : `Redis memory ${severity}`;
  lines.push(`${title} (redis-memory-checker ${report.tool.version}, run at ${report.startedAt})`);
  lines.push(`Nodes: ${c.OK} OK, ${c.WARNING} WARNING, ${c.CRITICAL} CRITICAL, ${c.UNKNOWN} UNKNOWN.`);
  if (ctx.stateNote) lines.push("", `Note: ${ctx.stateNote}`);
  // A digest stays readable for big fleets: one line per healthy node, full sections for the rest.
  const compact = kind === "SUMMARY" ? items.filter((i) => i.node.status === "OK" && !i.endpointActions?.length) : [];
  const at = Date.parse(report.finishedAt);
  for (const item of items.filter((i) => !compact.includes(i))) lines.push("", ...itemSection(item, at));
  if (compact.length) {
    lines.push("", `== OK (${compact.length} nodes):`);
    for (const i of compact) {
      const m = i.node.metrics;
      const used = m?.maxmemory
        ? `${formatPercent(m.memoryUsedPercent)} of maxmemory`
        : `${formatBytes(m?.usedMemory ?? 0)} used`;
      lines.push(
        `  - ${i.endpoint} ${i.node.address}${i.node.role ? ` (${i.node.role})` : ""}: ratio ${formatRatio(m?.fragmentationRatio)}, ${used}`,
      );
    }
  }
  lines.push("", ...RUNBOOK);
  if (ctx.dashboardUrl) lines.push("", `Dashboard: ${ctx.dashboardUrl}`);
  return `${lines.join("\n")}\n`;
}

/** One node's section; durations are measured to `at`, the end of the check (so the text is a pure function). */
function itemSection(i: AlertItem, at: number): string[] {
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
  out.push("What was measured:");
  if (n.error) out.push(`  - the check failed: ${n.error.code}: ${n.error.message}`);
  const m = n.metrics;
  if (m) {
    out.push(
      `  - mem_fragmentation_ratio ${formatRatio(m.fragmentationRatio)} (${formatBytes(m.fragmentationBytes ?? 0)} of RSS over used memory)`,
      `  - used_memory ${formatBytes(m.usedMemory)}, used_memory_rss ${formatBytes(m.usedMemoryRss ?? 0)}, used_memory_peak ${formatBytes(m.usedMemoryPeak ?? 0)}`,
      `  - maxmemory ${m.maxmemory ? `${formatBytes(m.maxmemory)} (${formatPercent(m.memoryUsedPercent)} used)` : "not set"}, policy ${m.maxmemoryPolicy ?? "unknown"}`,
      `  - allocator_frag_ratio ${formatRatio(m.allocatorFragRatio)}, allocator ${m.allocator ?? "unknown"}, active defrag ${m.activeDefragEnabled === undefined ? "unknown" : m.activeDefragEnabled ? "on" : "off"}${(m.activeDefragRunning ?? 0) > 0 ? ` (running at ${m.activeDefragRunning}% CPU)` : ""}`,
    );
  }
  if (i.trend?.length) out.push("Trend:", ...i.trend.map((t) => `  - ${t}`));
  const findings = n.findings.filter(
    (f) => f.severity !== "INFO" || ["PEAK_RETAINED", "ALLOCATOR_FRAGMENTATION", "ACTIVE_DEFRAG"].includes(f.code),
  );
  if (findings.length) {
    out.push("What it means:");
    for (const f of findings) {
      const threshold = f.threshold !== undefined ? ` (threshold ${f.threshold})` : "";
      out.push(`  - ${f.severity} ${f.code}${threshold}: ${f.meaning}`);
    }
  }
  out.push("What was done:");
  if (n.actions.length === 0 && !i.endpointActions?.length)
    out.push("  - nothing (no safe repair applies, or remediation is off)");
  for (const a of n.actions)
    out.push(
      `  - ${a.command}: ${a.outcome}. ${a.reason}${a.serverMessage && a.outcome !== "applied" ? ` Server said: ${a.serverMessage}` : ""}`,
    );
  out.push("What to do next:");
  const steps = new Set([
    ...findings.filter((f) => f.severity !== "INFO").map((f) => f.nextStep),
    ...n.actions.flatMap((a) => (a.nextStep && a.outcome !== "applied" ? [a.nextStep] : [])),
  ]);
  if (steps.size === 0) steps.add(i.kind === "RESOLVED" ? "Nothing: the node is healthy again." : "Nothing urgent.");
  for (const s of steps) out.push(`  - ${s}`);
  return out;
}

const RUNBOOK = [
  "Runbook:",
  "  1. redis-cli -h HOST -p PORT INFO memory: compare used_memory, used_memory_rss, used_memory_peak.",
  "  2. allocator_frag_ratio high: CONFIG SET activedefrag yes (ElastiCache/MemoryDB: activedefrag in a custom parameter group).",
  "  3. allocator_rss_ratio high or a big peak: MEMORY PURGE; otherwise the memory is reused as data grows back.",
  "  4. mem_fragmentation_ratio below 1: the host is swapping Redis; free host memory or move it.",
  "  5. used_memory near maxmemory: free or expire data, raise maxmemory where the host has room, or scale out.",
];
