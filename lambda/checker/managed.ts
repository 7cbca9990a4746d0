import { type MetricSample, metricQueries, type NodeSamples, samplesByNode } from "../core/managed/cloudwatch.js";
import { endpointsFor } from "../core/managed/expand.js";
import type { EndpointEntry, ManagedEntry, ResolvedEndpoint } from "../core/settings/endpoint.js";
import { managedSelection, managedService } from "../core/settings/managed.js";
import { errorText } from "../core/vocabulary/errors.js";
import type { ManagedDiscovery, MetricSource } from "./ports.js";

export type RunEntry = EndpointEntry | ManagedEntry;

export function isManaged(e: RunEntry): e is ManagedEntry {
  return "kind" in e && e.kind === "managed";
}

/**
 * Managed entries become the endpoints discovery finds; a failed or empty discovery becomes an UNKNOWN
 * endpoint with the service's reason, never nothing: a watch that watches nothing must say so.
 */
export async function expandManaged(
  entries: readonly RunEntry[],
  discovery: ManagedDiscovery | undefined,
  signal: () => AbortSignal,
): Promise<EndpointEntry[]> {
  const expanded = await Promise.all(
    entries.map(async (e): Promise<EndpointEntry[]> => {
      if (!isManaged(e)) return [e];
      const failed = (message: string): EndpointEntry[] => [
        { name: e.name, target: e.name, error: { code: "DISCOVERY_FAILED", message } },
      ];
      if (!discovery) return failed("managed resources are named, but this run has no AWS access to list them");
      try {
        const resources = await discovery.discover(
          {
            service: managedService(e.input),
            selection: managedSelection(e.input),
            tags: e.input.tags,
            region: e.input.region,
            roleArn: e.input.roleArn,
          },
          signal(),
        );
        if (resources.length === 0) return failed("no resource matched the names, tags and region given");
        return endpointsFor(e, resources);
      } catch (err) {
        return failed(`listing failed: ${errorText(err)}`);
      }
    }),
  );
  return expanded.flat();
}

export interface CloudWatchSamples {
  byNode: Map<string, NodeSamples>;
  /** Why there are none, when the call failed. */
  error?: string;
}

/** One batched read of every managed node's metrics that may be needed, started beside the Redis checks. */
export async function readCloudWatch(
  endpoints: readonly ResolvedEndpoint[],
  metrics: MetricSource | undefined,
  signal: () => AbortSignal,
): Promise<CloudWatchSamples> {
  const { queries, owners } = metricQueries(endpoints);
  if (queries.length === 0) return { byNode: new Map() };
  if (!metrics) return { byNode: new Map(), error: "CloudWatch reading is not configured for this run" };
  try {
    const results: Map<string, MetricSample> = await metrics.latest(queries, signal());
    return { byNode: samplesByNode(results, owners) };
  } catch (err) {
    return { byNode: new Map(), error: `GetMetricData failed: ${errorText(err)}` };
  }
}
