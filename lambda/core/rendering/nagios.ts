import { refusesWritesWhenFull } from "../analysis/levels.js";
import type { CheckReport, EndpointReport, NodeReport } from "../report/report.js";
import { printable } from "../vocabulary/printable.js";
import type { Status } from "../vocabulary/types.js";
import { shownFindings } from "./node.js";

/**
 * The monitoring-plugin convention (Nagios, Icinga, Naemon, Sensu): one status line, performance data after
 * `|` as `'label'=value[UOM];warn;crit;min;max`, then long output; the exit code carries the state.
 */
export function formatNagios(report: CheckReport): string {
  const nodes = report.endpoints.flatMap((e) => e.nodes.map((n) => ({ e, n })));
  const worst = report.status;
  const bad = nodes.filter(({ n }) => n.status === worst);
  const total = nodes.length + report.endpoints.filter((e) => e.nodes.length === 0).length;
  const first = bad[0] ?? undefined;
  const noNodes = report.endpoints.find((e) => e.nodes.length === 0 && e.error);
  const about = first ? `: ${describe(first.e, first.n)}` : noNodes ? `: ${noNodes.name} ${noNodes.error?.code}` : "";
  const count =
    worst === "OK"
      ? `${total} of ${total} nodes ok`
      : `${Math.max(bad.length, noNodes ? 1 : 0)} of ${total} nodes ${worst.toLowerCase()}`;
  const head = `${worst} - ${count}${worst === "OK" ? "" : about}`;
  const perf = nodes.flatMap(({ e, n }) => perfData(e, n)).join(" ");
  const long = report.endpoints.flatMap((e) => longOutput(e));
  // `|` separates performance data: a server's text may not carry one into the status line.
  const clean = (s: string) => printable(s).replaceAll("|", "/");
  return `${clean(head)}${perf ? ` | ${perf}` : ""}\n${long.map(clean).join("\n")}${long.length ? "\n" : ""}`;
}

function describe(e: EndpointReport, n: NodeReport): string {
  const f = n.findings.find((x) => x.severity === n.status) ?? n.findings[0];
  return `${where(e, n)} ${f ? `${f.code}${f.summary ? ` (${f.summary})` : ""}` : n.status}`;
}

/** `cache-prod 10.0.0.1:6379`, or just the address when the endpoint is named by it. */
function where(e: EndpointReport, n: NodeReport): string {
  return e.name === n.address ? n.address : `${e.name} ${n.address}`;
}

function label(kind: string, n: NodeReport): string {
  return `'${kind}_${n.address.replaceAll("'", "")}'`;
}

function perfData(e: EndpointReport, n: NodeReport): string[] {
  const m = n.metrics;
  if (!m) return [];
  const [fragWarn, fragCrit] = fragmentationLevels(e, n);
  const [memWarn, memCrit] = memoryLevels(e, n);
  const out: string[] = [];
  if (m.fragmentationRatio !== undefined) {
    out.push(`${label("frag_ratio", n)}=${m.fragmentationRatio};${fragWarn};${fragCrit};0`);
  }
  out.push(`${label("used_memory", n)}=${m.usedMemory}B;;;0${m.maxmemory ? `;${m.maxmemory}` : ""}`);
  if (m.memoryUsedPercent !== undefined) {
    out.push(`${label("maxmemory_used", n)}=${m.memoryUsedPercent}%;${memWarn};${memCrit};0;100`);
  }
  if (n.forecast) out.push(`${label("hours_to_full", n)}=${n.forecast.hoursToLimit};;;0`);
  return out;
}

type Levels = [number | "", number | ""];
const NONE: Levels = ["", ""];

/** While the dataset loads, every memory verdict is held: no figure is judged. */
const held = (n: NodeReport) => n.findings.some((f) => f.code === "LOADING");

/**
 * Warn and crit only where the ratio can raise them: not on an empty instance (the ratio rules are skipped), and
 * each level only with the bytes over used memory it needs. A graph colours a value past a threshold, so a level
 * the checker would not raise there would show an OK node as critical.
 */
function fragmentationLevels(e: EndpointReport, n: NodeReport): Levels {
  if (!e.levels || held(n) || n.findings.some((f) => f.code === "EMPTY_INSTANCE")) return NONE;
  const [warn, crit] = e.levels.fragmentationRatio;
  const [warnBytes, critBytes] = e.levels.fragmentationMinBytes ?? [0, 0];
  const bytes = n.metrics?.fragmentationBytes ?? 0;
  return [bytes >= warnBytes ? warn : "", bytes >= critBytes ? crit : ""];
}

/** The critical level only where a full node refuses writes: an allkeys-* cache at its limit stays a WARNING. */
function memoryLevels(e: EndpointReport, n: NodeReport): Levels {
  if (!e.levels || held(n)) return NONE;
  const [warn, crit] = e.levels.memoryUsedPercent;
  return [warn, refusesWritesWhenFull(n.metrics?.maxmemoryPolicy) ? crit : ""];
}

function longOutput(e: EndpointReport): string[] {
  const lines: string[] = [];
  if (e.error) lines.push(`${e.status} ${e.name}: ${e.error.code}: ${e.error.message}`);
  for (const n of e.nodes) {
    lines.push(`${n.status} ${where(e, n)}`);
    if (n.error) lines.push(`  ${n.error.code}: ${n.error.message}`);
    for (const f of shownFindings(n.findings).filter((x) => x.severity !== "INFO" || n.status !== ("OK" as Status))) {
      lines.push(`  ${f.severity} ${f.code}: ${f.meaning}`);
    }
  }
  return lines;
}
