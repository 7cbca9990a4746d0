import { appendSample, type Sample, sampleOf } from "../forecast/history.js";
import type { NodeReport } from "../report/report.js";
import type { PreviousObservation } from "../rules/facts.js";
import type { Status } from "../vocabulary/types.js";
import { formatBytes, formatDuration, formatRatio } from "../vocabulary/units.js";
import { type AlertItem, type AlertKind, hasNotableAction } from "./items.js";

/** What one check saw of a node, kept for trends. */
export interface Observation extends PreviousObservation {
  status: Status;
}

/** A node's alert state, as stored between runs. */
export interface NodeState {
  endpoint: string;
  address: string;
  /** The confirmed status: the one people were told about. */
  status: Status;
  /** When the confirmed status began. */
  since: string;
  /** Optimistic-concurrency counter: a write succeeds only over the version it read. */
  version: number;
  lastNotifiedAt?: string;
  /** A different status seen but not yet confirmed (hysteresis: N consecutive checks). */
  pending?: { status: Status; count: number; firstSeen: string; first: Observation };
  last?: Observation;
  /** The current incident (non-OK stretch): when it began and what was measured then. */
  incident?: { startedAt: string; start: Observation };
  /** Active defrag enabled by the checker: when, and what was measured then. */
  defrag?: { enabledAt: string; start: Observation };
  /** Runs in a row the endpoint listed its nodes without this one (removed, replaced, failed over). */
  missing?: { count: number; firstSeen: string };
  /** Recent samples, for forecasts: bounded in count and age (core/forecast/history.ts). */
  history?: Sample[];
}

export interface LifecycleSettings {
  /** Checks in a row a new status must be seen before it is confirmed and announced. */
  consecutive: number;
  /** Reminder interval while a non-OK status lasts. */
  reminderMs: number;
}

export interface Transition {
  next: NodeState;
  item?: AlertItem;
}

export function stateKey(endpoint: string, address: string): string {
  return `node#${endpoint}#${address}`;
}

export function observe(node: NodeReport, now: Date): Observation {
  const m = node.metrics;
  return {
    at: now.toISOString(),
    status: node.status,
    fragmentationRatio: m?.fragmentationRatio,
    fragmentationBytes: m?.fragmentationBytes,
    allocatorFragBytes: m?.allocatorFragBytes,
    activeDefragHits: m?.activeDefragHits,
    activeDefragTimeMs: m?.activeDefragTimeMs,
    forking: m?.fork ? true : undefined,
  };
}

/** The previous check's values, for the ACTIVE_DEFRAG rule's progress, and the history forecasts read. */
export function previousFrom(state: NodeState | undefined): PreviousObservation | undefined {
  if (!state?.last) return undefined;
  return { ...state.last, ...(state.history ? { history: state.history } : {}) };
}

/**
 * One step of a node's lifecycle. A new status is announced once it has been seen `consecutive` times in a
 * row (so a value hovering at a threshold does not flap); while a non-OK status lasts a reminder goes out
 * every `reminderMs`; a return to OK is announced as RESOLVED with how long it lasted. An action the
 * checker took is always told.
 */
export function advance(
  prev: NodeState | undefined,
  endpoint: string,
  node: NodeReport,
  now: Date,
  s: LifecycleSettings,
): Transition {
  const at = now.toISOString();
  const obs = observe(node, now);
  const base: NodeState = prev ?? { endpoint, address: node.address, status: "OK", since: at, version: 0 };
  const next: NodeState = { ...base, endpoint, address: node.address, last: obs, version: base.version + 1, missing: undefined };
  if (node.metrics) next.history = appendSample(base.history, sampleOf(node.metrics, now));
  if (node.actions.some((a) => a.action === "ENABLE_ACTIVEDEFRAG" && a.outcome === "applied"))
    next.defrag = { enabledAt: at, start: obs };

  let kind: AlertKind | undefined;
  if (node.status === base.status) {
    next.pending = undefined;
    if (base.status !== "OK" && reminderDue(base, now, s)) kind = "REMINDER";
  } else {
    const pending =
      base.pending?.status === node.status
        ? { ...base.pending, count: base.pending.count + 1 }
        : { status: node.status, count: 1, firstSeen: at, first: obs };
    if (pending.count >= s.consecutive) {
      next.status = node.status;
      next.since = pending.firstSeen;
      next.pending = undefined;
      if (node.status === "OK") kind = "RESOLVED";
      else if (base.status === "OK") {
        kind = "FIRING";
        next.incident = { startedAt: pending.firstSeen, start: pending.first };
      } else kind = "CHANGED";
    } else {
      next.pending = pending;
      if (base.status !== "OK" && reminderDue(base, now, s)) kind = "REMINDER";
    }
  }
  if (!kind && hasNotableAction(node)) kind = "ACTION";
  if (!kind) return { next };

  next.lastNotifiedAt = at;
  const item: AlertItem = {
    endpoint,
    node,
    kind,
    previousStatus: base.status,
    since: kind === "RESOLVED" ? (base.incident?.startedAt ?? base.since) : next.since,
    trend: trend(base, next, obs, now),
  };
  if (kind === "RESOLVED") {
    next.incident = undefined;
    next.defrag = undefined;
  }
  return { next, item };
}

/** What to do with a node's state when its endpoint listed its nodes without it. */
export interface Vanishing {
  /** The state to keep while the absence is unconfirmed; undefined once it is removed. */
  next?: NodeState;
  /** RESOLVED, when a non-OK node's absence is confirmed. */
  item?: AlertItem;
}

/**
 * A node the endpoint no longer reports: its absence is confirmed by the same rule as a new status
 * (`consecutive` runs in a row), then its state is removed, with a RESOLVED notice if it was not OK.
 */
export function vanish(prev: NodeState, now: Date, s: LifecycleSettings): Vanishing {
  const at = now.toISOString();
  const missing = { count: (prev.missing?.count ?? 0) + 1, firstSeen: prev.missing?.firstSeen ?? at };
  if (missing.count < s.consecutive) return { next: { ...prev, missing, version: prev.version + 1 } };
  if (prev.status === "OK") return {};
  return {
    item: {
      endpoint: prev.endpoint,
      node: { address: prev.address, status: "OK", durationMs: 0, findings: [], actions: [] },
      kind: "RESOLVED",
      previousStatus: prev.status,
      since: prev.incident?.startedAt ?? prev.since,
      vanished: true,
    },
  };
}

function reminderDue(state: NodeState, now: Date, s: LifecycleSettings): boolean {
  const last = Date.parse(state.lastNotifiedAt ?? state.since);
  return now.getTime() - last >= s.reminderMs;
}

/** The trend lines every message carries: since the last check, since the alert began, and defrag's effect. */
export function trend(prev: NodeState, next: NodeState, obs: Observation, now: Date): string[] {
  const lines: string[] = [];
  const ago = (iso: string) => formatDuration(now.getTime() - Date.parse(iso));
  const move = (from: Observation | undefined, label: string) => {
    if (!from || from.fragmentationRatio === undefined || obs.fragmentationRatio === undefined) return;
    lines.push(
      `mem_fragmentation_ratio ${formatRatio(from.fragmentationRatio)} -> ${formatRatio(obs.fragmentationRatio)}, ` +
        `fragmented ${formatBytes(from.fragmentationBytes ?? 0)} -> ${formatBytes(obs.fragmentationBytes ?? 0)} ${label} (${ago(from.at)} ago)`,
    );
  };
  move(prev.last, "since the last check");
  const incident = next.incident ?? prev.incident;
  if (incident && incident.start.at !== prev.last?.at) move(incident.start, "since the alert began");
  const defrag = next.defrag ?? prev.defrag;
  if (defrag) {
    if (defrag.enabledAt === obs.at)
      lines.push("Active defrag was enabled by the checker in this run; the next messages say whether it helps.");
    else if (defrag.start.allocatorFragBytes !== undefined && obs.allocatorFragBytes !== undefined) {
      const before = defrag.start.allocatorFragBytes;
      const after = obs.allocatorFragBytes;
      const helping = after < before * 0.9;
      lines.push(
        `Active defrag, enabled by the checker ${ago(defrag.enabledAt)} ago, ${helping ? "is helping" : "is not helping yet"}: ` +
          `allocator fragmentation ${formatBytes(before)} -> ${formatBytes(after)}.`,
      );
    }
  }
  return lines;
}
