import type { CheckReport } from "../report/report.js";
import type { AlertItem } from "./items.js";

/** One team's share of a run's alert: its nodes only, and the labels its messages carry. */
export interface OwnerGroup {
  /** Absent for endpoints the document gives no owner. */
  owner?: string;
  /** `key=value` of the group's endpoints' tags, for filter policies on a String.Array attribute. */
  tags: string[];
  items: AlertItem[];
}

/**
 * Splits a run's items by the owner of their endpoint, so each team's subscription (filtered on `owner`)
 * receives only its own nodes. Owned groups in name order, then the unowned.
 */
export function splitByOwner(items: readonly AlertItem[], report: CheckReport): OwnerGroup[] {
  const endpoints = new Map(report.endpoints.map((e) => [e.name, e]));
  const groups = new Map<string, OwnerGroup>();
  for (const item of items) {
    const e = endpoints.get(item.endpoint);
    const key = e?.owner ?? "";
    const group = groups.get(key) ?? { ...(e?.owner ? { owner: e.owner } : {}), tags: [], items: [] };
    group.items.push(item);
    for (const [k, v] of Object.entries(e?.tags ?? {})) {
      const tag = `${k}=${v}`;
      if (!group.tags.includes(tag)) group.tags.push(tag);
    }
    groups.set(key, group);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b))).map(([, g]) => g);
}
