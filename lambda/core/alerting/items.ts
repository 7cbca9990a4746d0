import { alertableNodes, type CheckReport, type NodeReport } from "../report/report.js";
import type { ActionResult, Status } from "../vocabulary/types.js";

/** Why a node is in a message. The lifecycle (state table) decides; without state every non-OK node fires. */
export type AlertKind = "FIRING" | "CHANGED" | "REMINDER" | "RESOLVED" | "ACTION" | "SUMMARY";

export interface AlertItem {
  endpoint: string;
  node: NodeReport;
  kind: AlertKind;
  /** Status before this check, for CHANGED and RESOLVED. */
  previousStatus?: Status;
  /** ISO time the current status (or, for RESOLVED, the incident) began. */
  since?: string;
  /** One-line trend statements ("ratio 10.02 -> 4.02 since the alert began"). */
  trend?: string[];
  /** Endpoint-wide actions (a managed service's parameter group), shown with the endpoint's first node. */
  endpointActions?: ActionResult[];
  /** RESOLVED because the endpoint no longer reports this node (removed, replaced, failed over). */
  vanished?: boolean;
}

/** Outcomes worth telling people about even on an OK node: something was done, or could not be. */
const NOTABLE: ReadonlySet<ActionResult["outcome"]> = new Set([
  "applied",
  "failed",
  "unsupported",
  "no-permission",
  "command-unavailable",
]);

export function hasNotableAction(node: NodeReport): boolean {
  return node.actions.some((a) => NOTABLE.has(a.outcome));
}

/** Without alert state: every non-OK node, and every node where an action was taken or refused. */
export function alertItemsWithoutState(report: CheckReport): AlertItem[] {
  return withEndpointActions(
    report,
    report.endpoints.flatMap((e) =>
      alertableNodes(e)
        .filter((n) => n.status !== "OK" || hasNotableAction(n))
        .map((node) => ({ endpoint: e.name, node, kind: node.status === "OK" ? ("ACTION" as const) : ("FIRING" as const) })),
    ),
  );
}

/** The daily digest: every node of every endpoint, even when all is well. */
export function summaryItems(report: CheckReport): AlertItem[] {
  return withEndpointActions(
    report,
    report.endpoints.flatMap((e) => alertableNodes(e).map((node) => ({ endpoint: e.name, node, kind: "SUMMARY" as const }))),
  );
}

/** Attaches each endpoint's own actions to the first item of that endpoint. */
export function withEndpointActions(report: CheckReport, items: AlertItem[]): AlertItem[] {
  const actions = new Map(report.endpoints.flatMap((e) => (e.actions?.length ? [[e.name, e.actions] as const] : [])));
  const seen = new Set<string>();
  return items.map((item) => {
    const own = actions.get(item.endpoint);
    if (!own || seen.has(item.endpoint)) return item;
    seen.add(item.endpoint);
    return { ...item, endpointActions: own };
  });
}
