import {
  assembleReport,
  type CheckReport,
  endpointStatus,
  type NodeReport,
  nodeMetrics,
} from "../../lambda/core/report/report.js";
import { evaluate } from "../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../lambda/core/settings/thresholds.js";
import { fixtureText, snapshotOf } from "./fixtures.js";

/** A node report evaluated from a real INFO capture. */
export function nodeFrom(fixture: string, address: string): NodeReport {
  return nodeFromText(fixtureText(fixture), address);
}

/** A node report evaluated from INFO text (a real capture, or one edited), with the default levels. */
export function nodeFromText(text: string, address: string): NodeReport {
  const memory = snapshotOf(text);
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

/** A node report evaluated from a real INFO capture and what else a check knows of the node (defrag, usage…). */
export function nodeWith(fixture: string, address: string, extra: Partial<NodeFacts> = {}): NodeReport {
  const facts = { memory: snapshotOf(fixtureText(fixture)), ...extra };
  const e = evaluate(facts, DEFAULT_THRESHOLDS);
  return {
    address,
    role: "master",
    status: e.status,
    durationMs: 2,
    metrics: nodeMetrics(facts.memory, extra.defrag?.activedefrag),
    findings: e.findings,
    actions: [],
  };
}

/** A report of endpoints (nodes with the same endpoint name belong to one endpoint), each fully listed. */
export function reportOf(nodes: Array<[string, NodeReport]>, at = new Date("2026-11-24T10:00:00Z")): CheckReport {
  const byName = new Map<string, NodeReport[]>();
  for (const [name, n] of nodes) byName.set(name, [...(byName.get(name) ?? []), n]);
  return assembleReport(
    [...byName].map(([name, list]) => ({
      name,
      target: `redis://${list[0]?.address}`,
      status: endpointStatus(list),
      durationMs: 3,
      complete: true,
      nodes: list,
    })),
    at,
    at,
    { name: "redis-memory-checker", version: "0.1.0" },
  );
}
