import { evaluate } from "../../lambda/core/evaluate.js";
import { assembleReport, type CheckReport, type NodeReport, nodeMetrics } from "../../lambda/core/report.js";
import { DEFAULT_THRESHOLDS } from "../../lambda/core/thresholds.js";
import { fixtureText, snapshotOf } from "./fixtures.js";

/** A node report evaluated from a real INFO capture. */
export function nodeFrom(fixture: string, address: string): NodeReport {
  const memory = snapshotOf(fixtureText(fixture));
  const e = evaluate({ memory }, DEFAULT_THRESHOLDS);
  return {
    address,
    role: "master",
    status: e.status,
    durationMs: 3,
    metrics: nodeMetrics(memory, false),
    findings: e.findings,
    actions: [],
  };
}

export function reportOf(nodes: Array<[string, NodeReport]>, at = new Date("2026-11-24T10:00:00Z")): CheckReport {
  return assembleReport(
    nodes.map(([name, n]) => ({ name, target: `redis://${n.address}`, status: n.status, durationMs: 3, nodes: [n] })),
    at,
    at,
    { name: "redis-memory-checker", version: "0.1.0" },
  );
}
