/**
 * What the use cases (a check run, an invocation) need from the outside world. Adapters implement these
 * and import only the core and this file; nothing here imports an adapter. Every call that leaves the
 * process takes the abort signal of its share of the run's budget.
 */
import type { AlertItem } from "../core/alerting/items.js";
import type { NodeState } from "../core/alerting/lifecycle.js";
import type { ConnectionTarget, ParameterGroupRef } from "../core/endpoints/endpoint.js";
import type { MetricQuery, MetricSample } from "../core/endpoints/managed/cloudwatch.js";
import type { ManagedResource, ManagedSelection, ManagedService } from "../core/endpoints/managed/resource.js";
import type { RawReading } from "../core/parsing/reading.js";
import type { AlertEvent } from "../core/rendering/events.js";
import type { Alert } from "../core/rendering/message.js";
import type { CheckReport } from "../core/report/report.js";
import type { PreviousObservation } from "../core/rules/facts.js";
import type { Payload } from "../core/settings/payload.js";

export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

/**
 * Secrets Manager: a secret's text, nothing more (an endpoints document or a credentials secret; the use case
 * reads it). Undefined when the secret has no value; rejects with why it cannot be read (never its value).
 */
export interface SecretSource {
  read(secretId: string, signal: AbortSignal): Promise<string | undefined>;
}

/** Publishes one message; rejects when it was not accepted (or not in time). Resolves with the message id. */
export interface AlertPublisher {
  publish(alert: Alert, signal: AbortSignal): Promise<string | undefined>;
}

/** An event bus for each alert's structured content (EventBridge), for routing to pagers and queues. */
export interface AlertEventBus {
  put(events: readonly AlertEvent[], signal: AbortSignal): Promise<void>;
}

/** One open connection to a Redis node. */
export interface NodeSession {
  /** INFO, INFO debug, CONFIG GET *defrag* and MEMORY DOCTOR in one round trip; rejects when INFO fails. */
  read(): Promise<RawReading>;
  /** Sends one command; resolves with the reply as text, rejects with the server's error. */
  send(command: readonly string[]): Promise<string>;
}

/** Connections to Redis nodes. */
export interface RedisAccess {
  /**
   * Connects (within `timeouts.connectMs`), runs `use`, and always closes: it settles only once the socket
   * is closed, so a caller holding a concurrency slot holds it until then. Each command is bounded by
   * `timeouts.commandMs`; `signal` drops the connection at once.
   */
  session<T>(
    target: ConnectionTarget,
    timeouts: { connectMs: number; commandMs: number },
    signal: AbortSignal | undefined,
    use: (session: NodeSession) => Promise<T>,
  ): Promise<T>;
}

/** ElastiCache and MemoryDB parameter groups, for `activedefrag` where CONFIG is refused. */
export interface ParameterGroupAccess {
  /** The group's current `activedefrag` value; undefined when it cannot be read. */
  read(ref: ParameterGroupRef, signal: AbortSignal): Promise<string | undefined>;
  /** Sets `activedefrag yes`; rejects with the service's error. */
  enableActiveDefrag(ref: ParameterGroupRef, signal: AbortSignal): Promise<void>;
}

/** Lists managed resources and their nodes through the service's API (ElastiCache, MemoryDB). */
export interface ManagedDiscovery {
  discover(
    what: {
      service: ManagedService;
      selection: ManagedSelection;
      tags?: Record<string, string>;
      region?: string;
      roleArn?: string;
    },
    signal: AbortSignal,
  ): Promise<ManagedResource[]>;
}

/** CloudWatch's newest datapoint per query, in as few calls as its limits allow. Missing: no datapoint. */
export interface MetricSource {
  latest(queries: readonly MetricQuery[], signal: AbortSignal): Promise<Map<string, MetricSample>>;
}

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
