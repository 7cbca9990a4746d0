/**
 * The words of managed services (ElastiCache, ElastiCache Serverless, MemoryDB): which service, how a node
 * is read, what to list, and a resource as discovery finds it. Types only, beside the managed entry
 * (source.ts, entry.ts), its expansion (expand.ts) and its CloudWatch reading (cloudwatch.ts).
 */

export type ManagedService = "elasticache" | "memorydb" | "elasticache-serverless";
export type ReadMode = "auto" | "redis" | "cloudwatch";

/** What to list: everything the account has in the region, or these names. */
export type ManagedSelection =
  | { all: true }
  | { all: false; replicationGroups: string[]; cacheClusters: string[]; clusters: string[]; caches: string[] };

/** One node of a managed resource, as the service's API lists it. */
export interface ManagedNode {
  /** The service's own name for it: `sessions-prod-0001-001` (ElastiCache), `orders-0001-001` (MemoryDB). */
  id: string;
  /** Absent where the API gives no per-node address (Serverless): read from CloudWatch only. */
  host?: string;
  port?: number;
  role?: "master" | "replica";
  /** The CloudWatch dimensions of this node's metrics. */
  dimensions: Record<string, string>;
}

/** A replication group, cache cluster, MemoryDB cluster or Serverless cache, as discovery found it. */
export interface ManagedResource {
  service: ManagedService;
  id: string;
  engine?: string;
  engineVersion?: string;
  /** The parameter group its nodes use: read every run for activedefrag, and the repair's target. */
  parameterGroup?: string;
  tls: boolean;
  nodes: ManagedNode[];
  /** Serverless: the configured maximum data storage, the memory limit its usage is measured against. */
  dataLimitBytes?: number;
}

/** What a resolved endpoint knows of the managed resource behind it. */
export interface ManagedEndpoint {
  service: ManagedService;
  resourceId: string;
  /** Where the resource lives, when not the function's own region: its metrics are read there. */
  region?: string;
  /** The role its account is reached through. */
  roleArn?: string;
  engine?: string;
  engineVersion?: string;
  read: ReadMode;
  nodes: ManagedNode[];
  dataLimitBytes?: number;
}
