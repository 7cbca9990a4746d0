import type { CacheCluster, ReplicationGroup, ServerlessCache } from "@aws-sdk/client-elasticache";
import type { Cluster } from "@aws-sdk/client-memorydb";
import type { ManagedDiscovery } from "../../../checker/ports.js";
import type { ManagedNode, ManagedResource, ManagedSelection, ManagedService } from "../../../core/endpoints/managed/resource.js";
import { within } from "../abort.js";
import type { ParameterGroupClients } from "../parameterGroups.js";

const elasticacheSdk = () => import("@aws-sdk/client-elasticache");
const memorydbSdk = () => import("@aws-sdk/client-memorydb");

type Tags = Record<string, string> | undefined;

/**
 * Lists managed resources and their nodes with the services' describe calls, following every page. Only
 * reads; what the shapes mean (which node is primary, which group holds the settings) is copied, not judged.
 */
export function awsDiscovery(clients: ParameterGroupClients): ManagedDiscovery {
  return {
    async discover({ service, selection, tags, region, roleArn }, signal) {
      // Every call of this entry goes to its region and account.
      const account: ParameterGroupClients = {
        elasticache: () => clients.elasticache(region, roleArn),
        memorydb: () => clients.memorydb(region, roleArn),
      };
      const found = await discoverService(service, selection, region, account, signal);
      if (!tags || Object.keys(tags).length === 0) return found.map((f) => f.resource);
      const kept: ManagedResource[] = [];
      for (const f of found) {
        if (f.arn && matches(await tagsOf(service, f.arn, region, account, signal), tags)) kept.push(f.resource);
      }
      return kept;
    },
  };
}

interface Found {
  resource: ManagedResource;
  arn?: string;
}

async function discoverService(
  service: ManagedService,
  selection: ManagedSelection,
  region: string | undefined,
  clients: ParameterGroupClients,
  signal: AbortSignal,
): Promise<Found[]> {
  if (service === "memorydb") return memorydbClusters(selection, region, clients, signal);
  if (service === "elasticache-serverless") return serverlessCaches(selection, region, clients, signal);
  return elasticacheResources(selection, region, clients, signal);
}

async function elasticacheResources(
  selection: ManagedSelection,
  region: string | undefined,
  clients: ParameterGroupClients,
  signal: AbortSignal,
): Promise<Found[]> {
  const { DescribeReplicationGroupsCommand, DescribeCacheClustersCommand } = await elasticacheSdk();
  const client = await clients.elasticache(region);
  const groups: ReplicationGroup[] = await listAll(
    selection.all ? [undefined] : selection.replicationGroups,
    signal,
    async (id, marker, abortSignal) => {
      const out = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id, Marker: marker }), {
        abortSignal,
      });
      return { items: out.ReplicationGroups, next: out.Marker };
    },
  );
  // Each cache cluster with its nodes' addresses and parameter group. For "all", one listing; for named
  // resources, each by its id (the groups' members and the named clusters), so the function's IAM grant can
  // name exactly those clusters (-c managedResources).
  const wantedClusters = selection.all
    ? [undefined]
    : [...new Set([...groups.flatMap((g) => g.MemberClusters ?? []), ...selection.cacheClusters])];
  const listed: CacheCluster[] = await listAll(wantedClusters, signal, async (id, marker, abortSignal) => {
    const out = await client.send(
      new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true, Marker: marker }),
      { abortSignal },
    );
    return { items: out.CacheClusters, next: out.Marker };
  });
  const clusters = new Map(listed.flatMap((c) => (c.CacheClusterId ? [[c.CacheClusterId, c] as const] : [])));
  const found: Found[] = groups.map((g) => ({ resource: replicationGroupResource(g, clusters), arn: g.ARN }));
  // Cache clusters outside any replication group (a single node, or Memcached, which is left out).
  const standalone = [...clusters.values()].filter(
    (c) =>
      !c.ReplicationGroupId &&
      c.Engine !== "memcached" &&
      (selection.all || selection.cacheClusters.includes(c.CacheClusterId ?? "")),
  );
  found.push(...standalone.map((c) => ({ resource: cacheClusterResource(c), arn: c.ARN })));
  return found;
}

/**
 * Every page of a listing, for each name asked for (`undefined`: everything the account has), each call
 * under the run's signal. `page` makes one call with a name and the previous page's marker.
 */
async function listAll<T>(
  names: ReadonlyArray<string | undefined>,
  signal: AbortSignal,
  page: (
    name: string | undefined,
    marker: string | undefined,
    abortSignal: AbortSignal,
  ) => Promise<{ items?: T[]; next?: string }>,
): Promise<T[]> {
  const out: T[] = [];
  for (const name of names) {
    let marker: string | undefined;
    do {
      const got = await within(signal, (abortSignal) => page(name, marker, abortSignal));
      out.push(...(got.items ?? []));
      marker = got.next;
    } while (marker);
  }
  return out;
}

function replicationGroupResource(g: ReplicationGroup, clusters: ReadonlyMap<string, CacheCluster>): ManagedResource {
  const roles = new Map<string, "master" | "replica">();
  for (const ng of g.NodeGroups ?? []) {
    for (const m of ng.NodeGroupMembers ?? []) {
      if (m.CacheClusterId && m.CurrentRole) roles.set(m.CacheClusterId, m.CurrentRole === "primary" ? "master" : "replica");
    }
  }
  const members = (g.MemberClusters ?? []).map((id) => clusters.get(id)).filter((c): c is CacheCluster => c !== undefined);
  const first = members[0];
  return {
    service: "elasticache",
    id: g.ReplicationGroupId ?? "?",
    engine: g.Engine ?? first?.Engine,
    engineVersion: first?.EngineVersion,
    parameterGroup: first?.CacheParameterGroup?.CacheParameterGroupName,
    tls: g.TransitEncryptionEnabled ?? first?.TransitEncryptionEnabled ?? false,
    nodes: members.flatMap((c) => cacheNodes(c, roles.get(c.CacheClusterId ?? ""))),
  };
}

function cacheClusterResource(c: CacheCluster): ManagedResource {
  return {
    service: "elasticache",
    id: c.CacheClusterId ?? "?",
    engine: c.Engine,
    engineVersion: c.EngineVersion,
    parameterGroup: c.CacheParameterGroup?.CacheParameterGroupName,
    tls: c.TransitEncryptionEnabled ?? false,
    nodes: cacheNodes(c, "master"),
  };
}

function cacheNodes(c: CacheCluster, role: "master" | "replica" | undefined): ManagedNode[] {
  return (c.CacheNodes ?? []).map((n) => ({
    id: `${c.CacheClusterId}/${n.CacheNodeId}`,
    host: n.Endpoint?.Address,
    port: n.Endpoint?.Port,
    role,
    dimensions: { CacheClusterId: c.CacheClusterId ?? "", CacheNodeId: n.CacheNodeId ?? "" },
  }));
}

async function serverlessCaches(
  selection: ManagedSelection,
  region: string | undefined,
  clients: ParameterGroupClients,
  signal: AbortSignal,
): Promise<Found[]> {
  const { DescribeServerlessCachesCommand } = await elasticacheSdk();
  const client = await clients.elasticache(region);
  const caches: ServerlessCache[] = await listAll(
    selection.all ? [undefined] : selection.caches,
    signal,
    async (name, token, abortSignal) => {
      const out = await client.send(new DescribeServerlessCachesCommand({ ServerlessCacheName: name, NextToken: token }), {
        abortSignal,
      });
      return { items: out.ServerlessCaches, next: out.NextToken };
    },
  );
  return caches
    .filter((c) => c.Engine !== "memcached")
    .map((c) => {
      const storage = c.CacheUsageLimits?.DataStorage;
      const max = storage?.Maximum;
      return {
        arn: c.ARN,
        resource: {
          service: "elasticache-serverless",
          id: c.ServerlessCacheName ?? "?",
          engine: c.Engine,
          engineVersion: c.FullEngineVersion ?? c.MajorEngineVersion,
          tls: true,
          dataLimitBytes: max !== undefined && storage?.Unit === "GB" ? max * 1e9 : undefined,
          nodes: [
            {
              id: c.ServerlessCacheName ?? "?",
              host: c.Endpoint?.Address,
              port: c.Endpoint?.Port,
              dimensions: { clusterId: c.ServerlessCacheName ?? "" },
            },
          ],
        },
      };
    });
}

async function memorydbClusters(
  selection: ManagedSelection,
  region: string | undefined,
  clients: ParameterGroupClients,
  signal: AbortSignal,
): Promise<Found[]> {
  const { DescribeClustersCommand } = await memorydbSdk();
  const client = await clients.memorydb(region);
  const clusters: Cluster[] = await listAll(
    selection.all ? [undefined] : selection.clusters,
    signal,
    async (name, token, abortSignal) => {
      const out = await client.send(
        new DescribeClustersCommand({ ClusterName: name, ShowShardDetails: true, NextToken: token }),
        {
          abortSignal,
        },
      );
      return { items: out.Clusters, next: out.NextToken };
    },
  );
  return clusters.map((c) => ({
    arn: c.ARN,
    resource: {
      service: "memorydb",
      id: c.Name ?? "?",
      engine: c.Engine,
      engineVersion: c.EngineVersion,
      parameterGroup: c.ParameterGroupName,
      tls: c.TLSEnabled ?? true,
      nodes: (c.Shards ?? []).flatMap((s) =>
        (s.Nodes ?? []).map((n) => ({
          id: n.Name ?? "?",
          host: n.Endpoint?.Address,
          port: n.Endpoint?.Port,
          dimensions: { ClusterName: c.Name ?? "", NodeName: n.Name ?? "" },
        })),
      ),
    },
  }));
}

async function tagsOf(
  service: ManagedService,
  arn: string,
  region: string | undefined,
  clients: ParameterGroupClients,
  signal: AbortSignal,
): Promise<Record<string, string>> {
  if (service === "memorydb") {
    const { ListTagsCommand } = await memorydbSdk();
    const client = await clients.memorydb(region);
    const out = await within(signal, (abortSignal) => client.send(new ListTagsCommand({ ResourceArn: arn }), { abortSignal }));
    return Object.fromEntries((out.TagList ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
  }
  const { ListTagsForResourceCommand } = await elasticacheSdk();
  const client = await clients.elasticache(region);
  const out = await within(signal, (abortSignal) =>
    client.send(new ListTagsForResourceCommand({ ResourceName: arn }), { abortSignal }),
  );
  return Object.fromEntries((out.TagList ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
}

function matches(have: Record<string, string>, want: Tags): boolean {
  return Object.entries(want ?? {}).every(([k, v]) => have[k] === v);
}
