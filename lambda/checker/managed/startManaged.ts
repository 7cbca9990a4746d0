import type { EndpointEntry, ResolvedEndpoint } from "../../core/endpoints/endpoint.js";
import { type MetricSample, metricQueries, type NodeSamples, samplesByNode } from "../../core/endpoints/managed/cloudwatch.js";
import type { ManagedEntry } from "../../core/endpoints/managed/entry.js";
import { endpointsFor } from "../../core/endpoints/managed/expand.js";
import type { ManagedEndpoint } from "../../core/endpoints/managed/resource.js";
import { errorText } from "../../core/vocabulary/errors.js";
import type { ManagedDiscovery, MetricSource } from "../ports.js";
import { isManaged, type RunEntry } from "../runEntries.js";

/**
 * A managed entry becomes the endpoints discovery finds; a failed or empty discovery becomes an UNKNOWN
 * endpoint with the service's reason, never nothing: a watch that watches nothing must say so.
 */
export async function expandManaged(
  e: ManagedEntry,
  discovery: ManagedDiscovery | undefined,
  signal: () => AbortSignal,
): Promise<EndpointEntry[]> {
  const failed = (message: string): EndpointEntry[] => [
    { name: e.name, target: e.name, error: { code: "DISCOVERY_FAILED", message } },
  ];
  if (!discovery) return failed("managed resources are named, but this run has no AWS access to list them");
  try {
    const resources = await discovery.discover(
      { service: e.service, selection: e.selection, tags: e.tags, region: e.region, roleArn: e.roleArn },
      signal(),
    );
    if (resources.length === 0) return failed("no resource matched the names, tags and region given");
    return endpointsFor(e, resources);
  } catch (err) {
    return failed(`listing failed: ${errorText(err)}`);
  }
}

/** The region and account a managed resource's calls go to; CloudWatch is read once for each. */
function accountKey(where: { region?: string; roleArn?: string }): string {
  return `${where.region ?? ""}|${where.roleArn ?? ""}`;
}

function isManagedEndpoint(e: EndpointEntry): e is ResolvedEndpoint & { managed: ManagedEndpoint } {
  return !("error" in e) && e.managed !== undefined;
}

export interface ManagedRun {
  /** Per run entry, in order: itself, or the endpoints its discovery found. */
  lists: Array<Promise<EndpointEntry[]>>;
  /** The CloudWatch answers for a discovered endpoint's nodes. */
  cloudwatch(endpoint: ManagedEndpoint): Promise<CloudWatchSamples>;
}

/**
 * Starts every discovery at once, without holding up the hosts' checks, and one CloudWatch batch per
 * region and account as soon as that account's listings are in: a listing that hangs in one region delays
 * (until the deadline) only the metrics of that region.
 */
export function startManaged(
  entries: readonly RunEntry[],
  discovery: ManagedDiscovery | undefined,
  metrics: MetricSource | undefined,
  signal: () => AbortSignal,
): ManagedRun {
  const lists = entries.map((e) => (isManaged(e) ? expandManaged(e, discovery, signal) : Promise.resolve([e])));
  const byAccount = new Map<string, Array<Promise<EndpointEntry[]>>>();
  entries.forEach((e, i) => {
    const list = lists[i];
    if (!isManaged(e) || !list) return;
    const key = accountKey(e);
    byAccount.set(key, [...(byAccount.get(key) ?? []), list]);
  });
  const batches = new Map(
    [...byAccount].map(([key, pending]) => [
      key,
      Promise.all(pending).then((found) => readCloudWatch(found.flat().filter(isManagedEndpoint), metrics, signal)),
    ]),
  );
  return {
    lists,
    cloudwatch: (endpoint) => batches.get(accountKey(endpoint)) ?? Promise.resolve({ byNode: new Map() }),
  };
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
