import type { NodeReport } from "../report/report.js";
import { formatBytes, formatPercent } from "../vocabulary/units.js";

interface Item {
  mark: "ok" | "fix" | "check" | "?";
  text: string;
}

/**
 * The runbook's production checklist for one node, read from its report: maxmemory set, an eviction policy
 * that fits what the endpoint holds, active defrag on where the build supports it; each with its fix.
 */
function items(node: NodeReport): Item[] {
  const m = node.metrics;
  if (!m) return [];
  const finding = (...codes: string[]) => node.findings.find((f) => codes.includes(f.code));
  const unset = finding("MAXMEMORY_UNSET");
  const policy = finding("EVICTION_POLICY_MISMATCH", "NOEVICTION_POLICY");
  const defragOff = finding("ACTIVE_DEFRAG_OFF");
  return [
    unset
      ? { mark: "fix", text: `maxmemory unset: ${unset.nextStep}` }
      : m.maxmemory
        ? { mark: "ok", text: `maxmemory ${formatBytes(m.maxmemory)} (${formatPercent(m.memoryUsedPercent)} used)` }
        : { mark: "?", text: "maxmemory: not reported" },
    policy
      ? {
          mark: policy.code === "EVICTION_POLICY_MISMATCH" ? "fix" : "check",
          text: `maxmemory-policy ${m.maxmemoryPolicy}: ${policy.nextStep}`,
        }
      : { mark: m.maxmemoryPolicy ? "ok" : "?", text: `maxmemory-policy ${m.maxmemoryPolicy ?? "not reported"}` },
    defragOff
      ? { mark: "fix", text: `${defragOff.meaning} ${defragOff.nextStep}` }
      : m.activeDefragEnabled
        ? { mark: "ok", text: "active defrag on" }
        : { mark: "?", text: "active defrag: state not readable" },
  ];
}

/** The checklist as lines of a node's section in the daily summary. */
export function checklistLines(node: NodeReport): string[] {
  const list = items(node);
  return list.length ? ["Production checklist:", ...list.map((i) => `  - [${i.mark}] ${i.text}`)] : [];
}

/** The items to fix, in a few words, for a healthy node's one line in the daily summary. */
export function checklistGaps(node: NodeReport): string[] {
  return items(node)
    .filter((i) => i.mark === "fix")
    .map((i) => i.text.split(":")[0]?.replace(/^Active defrag is off.*/, "active defrag off") ?? i.text);
}
