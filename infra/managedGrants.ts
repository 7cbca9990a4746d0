import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";

/** A resource the endpoint documents name (`-c managedResources`), in this stack's region unless given. */
export interface NamedManagedResource {
  service: "elasticache" | "memorydb";
  type: "replicationgroup" | "cluster" | "serverlesscache";
  name: string;
  region?: string;
}

export interface ManagedReads {
  discovery: Array<"elasticache" | "memorydb">;
  cloudwatch: boolean;
  /** Regions the entries name; default the stack's. */
  regions?: string[];
  /** The resources the documents name: the describe calls are granted on exactly these. */
  resources?: NamedManagedResource[];
}

/**
 * The read-only statements of managed-fleet discovery. Where the documents' resources are named, each
 * describe call is granted on them (a replication group's member clusters are `NAME-…`, the API's naming);
 * the parameter groups discovery finds cannot be known, so reading their activedefrag is granted on the
 * regions' parameter groups. Where "all" is listed, a listing cannot name what it has not found yet: those
 * calls are on "*", held to the regions by aws:RequestedRegion. GetMetricData has no resource type at all.
 */
export function managedReadStatements(scope: Construct, reads: ManagedReads | undefined): iam.PolicyStatement[] {
  if (!reads) return [];
  const stack = Stack.of(scope);
  const regions = reads.regions?.length ? reads.regions : [stack.region];
  const inRegions = { StringEquals: { "aws:RequestedRegion": regions } };
  const statements: iam.PolicyStatement[] = [];
  if (reads.cloudwatch) {
    statements.push(
      new iam.PolicyStatement({
        sid: "ManagedMetrics",
        actions: ["cloudwatch:GetMetricData"],
        resources: ["*"],
        conditions: inRegions,
      }),
    );
  }
  const named = reads.resources ?? [];
  if (named.length === 0) {
    const actions = [
      ...(reads.discovery.includes("elasticache") ? ELASTICACHE_READS : []),
      ...(reads.discovery.includes("memorydb") ? MEMORYDB_READS : []),
    ];
    if (actions.length) {
      statements.push(new iam.PolicyStatement({ sid: "ManagedFleetReadOnly", actions, resources: ["*"], conditions: inRegions }));
    }
    return statements;
  }
  const arn = (r: { service: string; region?: string }, resource: string, resourceName: string, slash: boolean) =>
    stack.formatArn({
      service: r.service,
      region: r.region,
      resource,
      resourceName,
      arnFormat: slash ? ArnFormat.SLASH_RESOURCE_NAME : ArnFormat.COLON_RESOURCE_NAME,
    });
  const ec = named.filter((r) => r.service === "elasticache");
  const mdb = named.filter((r) => r.service === "memorydb");
  const ecRegions = [...new Set(ec.map((r) => r.region))];
  const mdbRegions = [...new Set(mdb.map((r) => r.region))];
  const add = (sid: string, actions: string[], resources: string[]) => {
    if (resources.length) statements.push(new iam.PolicyStatement({ sid, actions, resources }));
  };
  const groups = ec.filter((r) => r.type === "replicationgroup");
  const clusters = ec.filter((r) => r.type === "cluster");
  const serverless = ec.filter((r) => r.type === "serverlesscache");
  add(
    "NamedReplicationGroups",
    ["elasticache:DescribeReplicationGroups", "elasticache:ListTagsForResource"],
    groups.map((r) => arn(r, "replicationgroup", r.name, false)),
  );
  add(
    "NamedCacheClusters",
    ["elasticache:DescribeCacheClusters", "elasticache:ListTagsForResource"],
    [...groups.map((r) => arn(r, "cluster", `${r.name}-*`, false)), ...clusters.map((r) => arn(r, "cluster", r.name, false))],
  );
  add(
    "NamedServerlessCaches",
    ["elasticache:DescribeServerlessCaches", "elasticache:ListTagsForResource"],
    serverless.map((r) => arn(r, "serverlesscache", r.name, false)),
  );
  add(
    "DiscoveredCacheParameterGroups",
    ["elasticache:DescribeCacheParameters"],
    ecRegions.map((region) => arn({ service: "elasticache", region }, "parametergroup", "*", false)),
  );
  add(
    "NamedMemoryDbClusters",
    ["memorydb:DescribeClusters", "memorydb:ListTags"],
    mdb.map((r) => arn(r, "cluster", r.name, true)),
  );
  add(
    "DiscoveredMemoryDbParameterGroups",
    ["memorydb:DescribeParameters"],
    mdbRegions.map((region) => arn({ service: "memorydb", region }, "parametergroup", "*", true)),
  );
  return statements;
}

const ELASTICACHE_READS = [
  "elasticache:DescribeReplicationGroups",
  "elasticache:DescribeCacheClusters",
  "elasticache:DescribeServerlessCaches",
  "elasticache:DescribeCacheParameters",
  "elasticache:ListTagsForResource",
];
const MEMORYDB_READS = ["memorydb:DescribeClusters", "memorydb:DescribeParameters", "memorydb:ListTags"];
