/**
 * What the use cases (a check run, an invocation) need from the outside world. Adapters implement these
 * and import only the core and this file; nothing here imports an adapter. Every call that leaves the
 * process takes the abort signal of its share of the run's budget.
 */
import type { AlertItem } from "../core/alerting/items.js";
import type { NodeState } from "../core/alerting/lifecycle.js";
import type { Alert } from "../core/rendering/message.js";
import type { CheckReport, NodeReport } from "../core/report/report.js";
import type { ConfigDocument } from "../core/settings/config.js";
import type { InvalidEndpoint, ResolvedEndpoint } from "../core/settings/endpoint.js";
import type { Payload } from "../core/settings/payload.js";
import type { PreviousObservation } from "../core/vocabulary/facts.js";
import type { ActionResult } from "../core/vocabulary/types.js";

export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

/** One endpoints document from Secrets Manager, or why it could not be used (named, never its value). */
export interface SecretDocument {
  secretId: string;
  document?: ConfigDocument;
  problem?: InvalidEndpoint;
}

export interface SecretSource {
  read(secretId: string, signal: AbortSignal): Promise<SecretDocument>;
}

/** Publishes one message; rejects when it was not accepted (or not in time). Resolves with the message id. */
export interface AlertPublisher {
  publish(alert: Alert, signal: AbortSignal): Promise<string | undefined>;
}

/** Endpoint-wide repairs a managed service needs (its parameter group), bounded by the checks' deadline. */
export type EndpointRemediator = (
  endpoint: ResolvedEndpoint,
  nodes: NodeReport[],
  signal: AbortSignal,
) => Promise<ActionResult[]>;

/** Where node alert states live between runs. */
export interface StateStore {
  loadAll(signal: AbortSignal): Promise<Map<string, NodeState>>;
  /** Writes `next` only over `expectedVersion` (0: no state yet). false: another invocation wrote first. */
  save(next: NodeState, expectedVersion: number, signal: AbortSignal): Promise<boolean>;
  /** Deletes a node's state, only if it is still at `expectedVersion`. false: another invocation changed it. */
  remove(state: NodeState, expectedVersion: number, signal: AbortSignal): Promise<boolean>;
  /** Claims the daily summary for `day`; false when an overlapping invocation already claimed it. */
  claimSummary(day: string, claimId: string, signal: AbortSignal): Promise<boolean>;
  /** Gives a claim back after a failed publish, so a retry sends the summary. */
  releaseSummary(day: string, claimId: string, signal: AbortSignal): Promise<void>;
}

/** What this run covered: vanished nodes are only judged where the run saw the whole picture. */
export interface AlertScope {
  /** Every configured endpoint was checked: no payload filter, and every secret was read. */
  allEndpoints: boolean;
}

/** Decides which nodes a message is about; the alert lifecycle (state table) plugs in here. */
export interface AlertPolicy {
  /** Before the check: load what earlier runs saw. Bounded by `signal`; on failure the policy falls back. */
  prepare?(signal: AbortSignal): Promise<void>;
  /** What the previous check saw of a node (for defrag progress and fork escalation). */
  previous?(endpoint: string, address: string): PreviousObservation | undefined;
  /** Claims (conditional writes) happen here, bounded by `signal`. */
  select(report: CheckReport, mode: Payload["mode"], scope: AlertScope, signal: AbortSignal): Promise<AlertSelection>;
}

export interface AlertSelection {
  items: AlertItem[];
  stateNote?: string;
  /** After a successful publish (or when nothing is sent). */
  commit?(signal: AbortSignal): Promise<void>;
  /** After a failed or abandoned publish: undo every claim, so the next run (or retry) sends it again. */
  rollback?(signal: AbortSignal): Promise<void>;
}
