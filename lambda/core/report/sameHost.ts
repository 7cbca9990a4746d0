import type { SameHost } from "../rules/facts.js";
import type { EndpointReport, NodeReport } from "./report.js";

/** `10.0.0.5` of `10.0.0.5:6379`, `::1` of `[::1]:6379`. */
export function hostOf(address: string): string {
  if (address.startsWith("[")) return address.slice(1, address.indexOf("]"));
  const colon = address.lastIndexOf(":");
  return colon < 0 ? address : address.slice(0, colon);
}

/**
 * The run's checked nodes that share a host with another checked node: the same address on other ports,
 * reporting the same total_system_memory (one address that forwards to different machines reports theirs).
 * A process listed twice (under two endpoints) counts once. Nodes alone on their host are left out.
 */
export function sameHostNodes(endpoints: readonly EndpointReport[]): Map<NodeReport, SameHost> {
  const groups = new Map<string, Map<string, NodeReport[]>>();
  for (const n of endpoints.flatMap((e) => e.nodes)) {
    if (!n.metrics) continue;
    const key = `${hostOf(n.address)} ${n.metrics.totalSystemMemory ?? "?"}`;
    const byAddress = groups.get(key) ?? new Map<string, NodeReport[]>();
    byAddress.set(n.address, [...(byAddress.get(n.address) ?? []), n]);
    groups.set(key, byAddress);
  }
  const shared = new Map<NodeReport, SameHost>();
  for (const byAddress of groups.values()) {
    if (byAddress.size < 2) continue;
    const processes = [...byAddress.entries()].map(([address, reports]) => ({
      address,
      limit: reports[0]?.metrics?.maxmemory ?? 0,
    }));
    for (const [address, reports] of byAddress) {
      const others = processes.filter((p) => p.address !== address);
      const host: SameHost = {
        host: hostOf(address),
        nodes: processes.length,
        unlimited: processes.filter((p) => !(p.limit > 0)).length,
        limitedBytes: others.reduce((sum, p) => sum + Math.max(p.limit, 0), 0),
      };
      for (const n of reports) shared.set(n, host);
    }
  }
  return shared;
}
