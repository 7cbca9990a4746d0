import { randomUUID } from "node:crypto";
import { type AlertItem, alertItemsWithoutState, summaryItems, withEndpointActions } from "../core/alerting/items.js";
import { advance, type LifecycleSettings, type NodeState, previousFrom, stateKey, vanish } from "../core/alerting/lifecycle.js";
import { alertableNodes, type CheckReport } from "../core/report/report.js";
import { errorText } from "../core/vocabulary/errors.js";
import { Limiter } from "./concurrency.js";
import type { AlertPolicy, AlertScope, AlertSelection, StateStore } from "./ports.js";

/** State writes in flight at once: a big outage claims hundreds of nodes, never all at once. */
const WRITE_CONCURRENCY = 16;

/** One node's step this run: the state to write (or remove), and what to announce. */
interface Step {
  prev?: NodeState;
  /** undefined: remove the state. */
  next?: NodeState;
  item?: AlertItem;
}

/**
 * Alerts like a good pager: one message when something changes, reminders while it lasts, a notice when
 * it is over (or the node is gone). State is claimed with conditional writes before publishing, so two
 * overlapping invocations never both send the same alert, and every claim is undone if the publish fails.
 * If the state table cannot be used, it alerts anyway and says so.
 */
export function lifecyclePolicy(store: StateStore, settings: LifecycleSettings, now: () => Date = () => new Date()): AlertPolicy {
  let states: Map<string, NodeState> | undefined;
  let loadError: string | undefined;

  return {
    async prepare(signal) {
      try {
        states = await store.loadAll(signal);
      } catch (err) {
        loadError = signal.aborted ? "no answer within the run's setup share" : errorText(err);
      }
    },

    previous(endpoint, address) {
      return previousFrom(states?.get(stateKey(endpoint, address)));
    },

    async select(report, mode, scope, signal) {
      if (mode === "summary") return selectSummary(store, report, now(), signal);
      if (!states) return { items: alertItemsWithoutState(report), stateNote: unreachable(loadError ?? "not read") };
      const steps = lifecycleSteps(states, report, scope, now(), settings);
      const limiter = new Limiter(WRITE_CONCURRENCY);
      let writeError: string | undefined;
      // Claim before publishing: only the invocation whose conditional write lands sends the item.
      const claimed = await Promise.all(
        steps
          .filter((s) => s.item)
          .map((s) =>
            limiter.run(async () => {
              try {
                return (await write(store, s, signal)) ? s : undefined;
              } catch (err) {
                writeError = signal.aborted ? "no answer within the run's claim share" : errorText(err);
                return { ...s, unrecorded: true };
              }
            }),
          ),
      );
      const sent = claimed.filter((s): s is Step & { unrecorded?: boolean } => s !== undefined);
      return {
        items: withEndpointActions(
          report,
          sent.map((s) => s.item as AlertItem),
        ),
        stateNote: writeError ? `the alert state could not be recorded (${writeError}); this alert may repeat.` : undefined,
        async commit(commitSignal) {
          const quiet = steps.filter((s) => !s.item);
          await Promise.all(quiet.map((s) => limiter.run(() => write(store, s, commitSignal).catch(() => false))));
        },
        async rollback(rollbackSignal) {
          // The publish failed: undo the claims, so the next run announces these again.
          const undo = sent.filter((s) => !s.unrecorded);
          await Promise.all(undo.map((s) => limiter.run(() => undoWrite(store, s, rollbackSignal).catch(() => false))));
        },
      };
    },
  };
}

/** Every reported node advances; every known node its endpoint no longer lists moves toward removal. */
function lifecycleSteps(
  states: Map<string, NodeState>,
  report: CheckReport,
  scope: AlertScope,
  at: Date,
  settings: LifecycleSettings,
): Step[] {
  const steps: Step[] = [];
  const reported = new Set<string>();
  for (const e of report.endpoints) {
    for (const node of alertableNodes(e)) {
      const key = stateKey(e.name, node.address);
      reported.add(key);
      const prev = states.get(key);
      steps.push({ prev, ...advance(prev, e.name, node, at, settings) });
    }
  }
  const byName = new Map(report.endpoints.map((e) => [e.name, e]));
  for (const [key, prev] of states) {
    if (reported.has(key)) continue;
    const endpoint = byName.get(prev.endpoint);
    // Judged only where this run saw the whole picture: the endpoint listed its nodes, or (for an endpoint
    // gone from the configuration) every configured endpoint was checked.
    if (endpoint ? !endpoint.complete : !scope.allEndpoints) continue;
    steps.push({ prev, ...vanish(prev, at, settings) });
  }
  return steps;
}

function write(store: StateStore, s: Step, signal: AbortSignal): Promise<boolean> {
  const expected = s.prev?.version ?? 0;
  if (s.next) return store.save(s.next, expected, signal);
  return s.prev ? store.remove(s.prev, expected, signal) : Promise.resolve(true);
}

/** Puts back what the claim replaced: the previous state, or nothing. */
function undoWrite(store: StateStore, s: Step, signal: AbortSignal): Promise<boolean> {
  if (!s.next) return s.prev ? store.save({ ...s.prev, version: s.prev.version + 1 }, 0, signal) : Promise.resolve(true);
  if (s.prev) return store.save({ ...s.prev, version: s.next.version + 1 }, s.next.version, signal);
  return store.remove(s.next, s.next.version, signal);
}

/** Once a day: claimed before the publish, and given back if the publish fails, so a retry sends it. */
async function selectSummary(store: StateStore, report: CheckReport, at: Date, signal: AbortSignal): Promise<AlertSelection> {
  const day = at.toISOString().slice(0, 10);
  const claimId = randomUUID();
  try {
    if (!(await store.claimSummary(day, claimId, signal))) return { items: [] };
  } catch (err) {
    return { items: summaryItems(report), stateNote: unreachable(signal.aborted ? "no answer in time" : errorText(err)) };
  }
  return {
    items: summaryItems(report),
    async rollback(rollbackSignal) {
      await store.releaseSummary(day, claimId, rollbackSignal).catch(() => undefined);
    },
  };
}

function unreachable(cause: string): string {
  return `the alert state table could not be read (${cause}); every non-OK node is reported, and this may repeat an alert already sent.`;
}
