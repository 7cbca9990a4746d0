import type { StateStore } from "../adapters/aws/stateStore.js";
import { type AlertItem, alertItemsWithoutState, summaryItems, withEndpointActions } from "../core/alert.js";
import { errorText } from "../core/errors.js";
import { advance, type LifecycleSettings, type NodeState, previousFrom, stateKey } from "../core/lifecycle.js";
import { alertableNodes } from "../core/report.js";
import type { AlertPolicy } from "./invocation.js";

/**
 * Alerts like a good pager: one message when something changes, reminders while it lasts, a notice when
 * it is over. State is claimed with conditional writes before publishing, so two overlapping invocations
 * never both send the same alert. If the state table cannot be used, it alerts anyway and says so.
 */
export function lifecyclePolicy(store: StateStore, settings: LifecycleSettings, now: () => Date = () => new Date()): AlertPolicy {
  let states: Map<string, NodeState> | undefined;
  let loadError: string | undefined;

  return {
    async prepare() {
      try {
        states = await store.loadAll();
      } catch (err) {
        loadError = errorText(err);
      }
    },

    previous(endpoint, address) {
      return previousFrom(states?.get(stateKey(endpoint, address)));
    },

    async select(report, mode) {
      if (mode === "summary") {
        try {
          if (!(await store.claimSummary(now().toISOString().slice(0, 10)))) return { items: [] };
        } catch (err) {
          return { items: summaryItems(report), stateNote: unreachable(errorText(err)) };
        }
        return { items: summaryItems(report) };
      }
      if (!states) return { items: alertItemsWithoutState(report), stateNote: unreachable(loadError ?? "not read") };

      const at = now();
      const items: AlertItem[] = [];
      const quiet: Array<{ next: NodeState; expected: number }> = [];
      const claimed: Array<{ prev: NodeState | undefined; next: NodeState }> = [];
      let writeError: string | undefined;
      for (const e of report.endpoints) {
        for (const node of alertableNodes(e)) {
          const prev = states.get(stateKey(e.name, node.address));
          const { next, item } = advance(prev, e.name, node, at, settings);
          if (!item) {
            quiet.push({ next, expected: prev?.version ?? 0 });
            continue;
          }
          try {
            // Claim before publishing: only the invocation whose write lands sends this alert.
            if (!(await store.save(next, prev?.version ?? 0))) continue;
            claimed.push({ prev, next });
          } catch (err) {
            writeError = errorText(err);
          }
          items.push(item);
        }
      }
      return {
        items: withEndpointActions(report, items),
        stateNote: writeError ? `the alert state could not be recorded (${writeError}); this alert may repeat.` : undefined,
        async commit() {
          await Promise.all(quiet.map((q) => store.save(q.next, q.expected).catch(() => false)));
        },
        async rollback() {
          // The publish failed: undo the claims so the next run announces these again.
          await Promise.all(
            claimed.map(({ prev, next }) =>
              store
                .save(
                  prev
                    ? { ...prev, version: next.version + 1 }
                    : { ...next, lastNotifiedAt: undefined, status: "OK", version: next.version + 1 },
                  next.version,
                )
                .catch(() => false),
            ),
          );
        },
      };
    },
  };
}

function unreachable(cause: string): string {
  return `the alert state table could not be read (${cause}); every non-OK node is reported, and this may repeat an alert already sent.`;
}
