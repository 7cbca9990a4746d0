import { parseConfigDocument } from "../../lambda/core/endpoints/config.js";
import type { ResolvedEndpoint } from "../../lambda/core/endpoints/endpoint.js";
import { resolveManaged } from "../../lambda/core/endpoints/managed/entry.js";
import { endpointsFor } from "../../lambda/core/endpoints/managed/expand.js";
import type { ManagedResource } from "../../lambda/core/endpoints/managed/resource.js";

/** An ElastiCache replication group as discovery finds it: a primary and a replica, TLS on, a custom parameter group. */
export const managedGroup: ManagedResource = {
  service: "elasticache",
  id: "sessions-prod",
  engine: "redis",
  engineVersion: "7.1.0",
  parameterGroup: "sessions-redis7",
  tls: true,
  nodes: [
    {
      id: "sessions-prod-001/0001",
      host: "10.0.1.10",
      port: 6379,
      role: "master",
      dimensions: { CacheClusterId: "sessions-prod-001", CacheNodeId: "0001" },
    },
    {
      id: "sessions-prod-002/0001",
      host: "10.0.2.10",
      port: 6379,
      role: "replica",
      dimensions: { CacheClusterId: "sessions-prod-002", CacheNodeId: "0001" },
    },
  ],
};

/** The endpoint a document's one managed entry makes of a discovered resource (managedGroup unless told). */
export function endpointOf(document: unknown, resource: ManagedResource = managedGroup): ResolvedEndpoint {
  const [entry] = resolveManaged(parseConfigDocument(document, "test"));
  if (!entry) throw new Error("no managed entry");
  const [endpoint] = endpointsFor(entry, [resource]);
  if (!endpoint) throw new Error("no endpoint");
  return endpoint;
}
