import { forecastLimit } from "../forecast/growth.js";
import type { ReplicationContext } from "../parsing/cluster.js";
import type { DoctorVerdict } from "../parsing/doctor.js";
import { type MemorySnapshot, memoryUsedPercent } from "../parsing/memory.js";
import { checkFailed } from "../rules/checkFailed.js";
import type { Thresholds } from "../settings/thresholds.js";
import type { CheckError } from "../vocabulary/errors.js";
import { type ActionResult, exitCodeFor, type Finding, STATUSES, type Status, worstStatus } from "../vocabulary/types.js";

/** The stable JSON report (`--json`, the Lambda's return value). Bump `schemaVersion` on a breaking change. */
export const REPORT_SCHEMA_VERSION = 2;

export interface NodeMetrics extends MemorySnapshot {
  memoryUsedPercent?: number;
  /** `activedefrag` from CONFIG GET; absent where CONFIG is refused. */
  activeDefragEnabled?: boolean;
}

export interface NodeReport {
  /** `host:port` of the process that was measured. */
  address: string;
  role?: string;
  /** Cluster membership: node id, slots served (masters), master's address (replicas). */
  cluster?: { id: string; slots?: string; master?: string; failing?: boolean };
  /** Replication context (never a memory finding): link state, lag as the primary sees it. */
  replication?: ReplicationContext;
  /** The verdict on the latest reading: after a repair applied in this run, the reading after it. */
  status: Status;
  durationMs: number;
  metrics?: NodeMetrics;
  findings: Finding[];
  actions: ActionResult[];
  /** When a repair was applied: the first reading (its verdict, metrics and findings), before the repair. */
  before?: { status: Status; metrics: NodeMetrics; findings: Finding[] };
  /** When a repair was applied: what moved between the two readings. */
  changes?: string[];
  /** Redis's own MEMORY DOCTOR verdict, when the command is allowed. */
  doctor?: DoctorVerdict;
  error?: CheckError;
  /** Where used memory is heading, from the node's recent history (core/forecast): when it grows. */
  forecast?: NodeForecast;
}

/** When used memory reaches its limit at the current growth rate. */
export interface NodeForecast {
  hoursToLimit: number;
  bytesPerHour: number;
  limitBytes: number;
  confidence: "high" | "medium" | "low";
  samples: number;
}

/** The report's view of a forecast, rounded for people and machines. */
export function nodeForecast(history: Parameters<typeof forecastLimit>[0] | undefined): NodeForecast | undefined {
  const f = history && forecastLimit(history);
  if (!f) return undefined;
  return {
    hoursToLimit: Number(f.hoursToLimit.toFixed(2)),
    bytesPerHour: Math.round(f.bytesPerHour),
    limitBytes: f.limit,
    confidence: f.confidence,
    samples: f.samples,
  };
}

export interface EndpointReport {
  name: string;
  target: string;
  status: Status;
  durationMs: number;
  /** `standalone`, `cluster` (nodes from CLUSTER NODES) or `replicated` (a primary and its replicas). */
  topology?: "standalone" | "cluster" | "replicated";
  /** The team the endpoint belongs to, and its tags, from the endpoints document. */
  owner?: string;
  tags?: Record<string, string>;
  /** The warning and critical levels this endpoint is judged by, for monitoring formats' performance data. */
  levels?: {
    fragmentationRatio: [number, number];
    /** The bytes over used memory each ratio level needs: below them the ratio alone raises nothing. */
    fragmentationMinBytes?: [number, number];
    memoryUsedPercent: [number, number];
  };
  /** Discovered through the service's API: which resource, and how its nodes are read. */
  managed?: { service: string; resource: string; read: "auto" | "redis" | "cloudwatch" };
  /** The seed answered, so `nodes` lists every process behind the endpoint (a node missing from it is gone). */
  complete?: boolean;
  nodes: NodeReport[];
  /** Endpoint-wide repairs, such as a managed service's parameter group. */
  actions?: ActionResult[];
  error?: CheckError;
}

export interface CheckReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  status: Status;
  /** Nodes per status (endpoints that failed before reaching a node count once, as UNKNOWN). */
  counts: Record<Status, number>;
  endpoints: EndpointReport[];
  /** Set when the report was compacted to fit a size limit (a Lambda result): what was left out. */
  compacted?: string;
}

export function nodeMetrics(m: MemorySnapshot, activeDefragEnabled?: boolean): NodeMetrics {
  const pct = memoryUsedPercent(m);
  return {
    ...m,
    memoryUsedPercent: pct === undefined ? undefined : Number(pct.toFixed(2)),
    activeDefragEnabled,
  };
}

/** The levels an endpoint's thresholds set for the two figures monitoring systems graph. */
export function endpointLevels(t: Thresholds): NonNullable<EndpointReport["levels"]> {
  return {
    fragmentationRatio: [t.fragmentationWarningRatio, t.fragmentationCriticalRatio],
    fragmentationMinBytes: [t.fragmentationWarningMinBytes, t.fragmentationCriticalMinBytes],
    memoryUsedPercent: [t.memoryWarningPercent, t.memoryCriticalPercent],
  };
}

export function endpointStatus(nodes: NodeReport[], error?: CheckError): Status {
  return worstStatus([...nodes.map((n) => n.status), ...(error ? (["UNKNOWN"] as const) : [])]);
}

export function assembleReport(
  endpoints: EndpointReport[],
  startedAt: Date,
  finishedAt: Date,
  tool: { name: string; version: string },
): CheckReport {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const e of endpoints) {
    if (e.nodes.length === 0) counts.UNKNOWN++;
    for (const n of e.nodes) counts[n.status]++;
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    status: worstStatus(endpoints.map((e) => e.status)),
    counts,
    endpoints,
  };
}

/**
 * The report within `maxBytes` of JSON (Lambda rejects a result over 6 MB, and a failed result is a failed
 * invocation). Step by step, until it fits: OK nodes lose their metrics and context findings; OK nodes are
 * left out; nodes that could not be checked keep their error but not the finding that restates it; then
 * the last endpoints are left out. The counts and the status always cover everything, and `compacted` says
 * what was left out (every endpoint is also in the logs).
 */
export function compactReport(report: CheckReport, maxBytes: number): CheckReport {
  if (reportBytes(report) <= maxBytes) return report;
  const steps: Array<[string, (n: NodeReport) => NodeReport | undefined]> = [
    ["OK nodes are listed without their metrics and findings", (n) => (isPlainOk(n) ? brief(n) : n)],
    ["OK nodes are left out", (n) => (isPlainOk(n) ? undefined : n)],
    [
      "OK nodes are left out, and nodes that could not be checked carry only their error",
      (n) => (isPlainOk(n) ? undefined : n.error ? { ...n, findings: [] } : n),
    ],
  ];
  let compact = report;
  for (const [note, f] of steps) {
    compact = { ...mapNodes(report, f), compacted: `${note}, to keep the result within Lambda's limit.` };
    if (reportBytes(compact) <= maxBytes) return compact;
  }
  const kept: EndpointReport[] = [];
  let room = maxBytes - 1024 - jsonBytes({ ...compact, endpoints: [] });
  for (const e of compact.endpoints) {
    room -= jsonBytes(e) + 1;
    if (room < 0) break;
    kept.push(e);
  }
  return {
    ...compact,
    endpoints: kept,
    compacted: `${compact.compacted?.replace(/, to keep.*$/, "")}; ${compact.endpoints.length - kept.length} of ${compact.endpoints.length} endpoints are left out (see the logs), to keep the result within Lambda's limit.`,
  };
}

/** OK and nothing was done to it: the node whose detail matters least. */
function isPlainOk(n: NodeReport): boolean {
  return n.status === "OK" && !n.actions.some((a) => a.outcome === "applied");
}

function brief(n: NodeReport): NodeReport {
  return { address: n.address, role: n.role, status: n.status, durationMs: n.durationMs, findings: [], actions: n.actions };
}

function mapNodes(report: CheckReport, f: (n: NodeReport) => NodeReport | undefined): CheckReport {
  return {
    ...report,
    endpoints: report.endpoints.map((e) => ({ ...e, nodes: e.nodes.flatMap((n) => f(n) ?? []) })),
  };
}

/** The report's JSON size, an endpoint at a time: one string of tens of MB would be the run's memory peak. */
function reportBytes(report: CheckReport): number {
  let total = jsonBytes({ ...report, endpoints: [] });
  for (const e of report.endpoints) total += jsonBytes(e) + 1;
  return total;
}

/** UTF-8 length of the value's JSON, counted without allocating its bytes. */
function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) bytes += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

export function reportExitCode(report: CheckReport): number {
  return exitCodeFor(report.status);
}

/** One-line descriptions of what moved between two readings, for the "after" block of an action. */
export function describeChanges(before: NodeMetrics, after: NodeMetrics): string[] {
  const out: string[] = [];
  if (before.activeDefragEnabled !== after.activeDefragEnabled && after.activeDefragEnabled !== undefined) {
    out.push(`activedefrag ${before.activeDefragEnabled ? "yes" : "no"} -> ${after.activeDefragEnabled ? "yes" : "no"}`);
  }
  const pairs: Array<[string, number | undefined, number | undefined]> = [
    ["active_defrag_running", before.activeDefragRunning, after.activeDefragRunning],
    ["mem_fragmentation_ratio", before.fragmentationRatio, after.fragmentationRatio],
    ["used_memory_rss", before.usedMemoryRss, after.usedMemoryRss],
    ["allocator_frag_bytes", before.allocatorFragBytes, after.allocatorFragBytes],
    ["allocator_rss_bytes", before.allocatorRssBytes, after.allocatorRssBytes],
  ];
  for (const [name, a, b] of pairs) {
    if (a !== undefined && b !== undefined && a !== b) out.push(`${name} ${a} -> ${b}`);
  }
  return out;
}

/**
 * Nodes to alert on (and to run the alert lifecycle over). An endpoint that could not be reached at all (bad secret, unknown name)
 * has no node; it is represented by one so that it alerts and resolves like any other.
 */
export function alertableNodes(e: EndpointReport): NodeReport[] {
  if (e.nodes.length || !e.error) return e.nodes;
  return [uncheckedNode(e.name, "-", e.error, e.durationMs)];
}

/** A node that could not be checked: UNKNOWN, with the cause and what to do about it. `error` is redacted. */
export function uncheckedNode(endpoint: string, address: string, error: CheckError, durationMs: number): NodeReport {
  const where = address === "-" ? endpoint : `${endpoint} at ${address}`;
  return {
    address,
    status: "UNKNOWN",
    durationMs,
    findings: [checkFailed(where, error)],
    actions: [],
    error,
  };
}
