import { DEFAULT_PORT } from "../../settings/defaults.js";
import type { ResolvedEndpoint } from "../endpoint.js";
import type { ManagedEntry } from "./entry.js";
import type { ManagedNode, ManagedResource, ReadMode } from "./resource.js";

/**
 * Where a resource's target points when its API lists no node address (every node is then read from
 * CloudWatch, and each node is reached at its own address anyway): a name that never resolves (RFC 6761).
 */
const NO_ADDRESS = "discovered.invalid";

/**
 * One endpoint per discovered resource, named by the resource's own id, with its nodes listed as the
 * service's API gives them and its parameter group as the repair's target: no name typed by hand. Each is
 * checked with the entry's settings and credentials.
 */
export function endpointsFor(entry: ManagedEntry, resources: readonly ManagedResource[]): ResolvedEndpoint[] {
  return resources.map((r) => {
    const read: ReadMode = r.service === "elasticache-serverless" ? "cloudwatch" : entry.read;
    const seed = firstReachable(r.nodes);
    const settings = entry.settings;
    return {
      ...settings,
      name: r.id,
      display: `${r.service}:${r.id}`,
      target: {
        host: seed?.host ?? NO_ADDRESS,
        port: seed?.port ?? DEFAULT_PORT,
        username: entry.credentials.username,
        password: entry.credentials.password,
        tls: r.tls ? {} : undefined,
      },
      cluster: false,
      followReplicas: false,
      remediation: {
        ...settings.remediation,
        parameterGroup:
          r.parameterGroup && r.service !== "elasticache-serverless"
            ? { name: r.parameterGroup, service: r.service, region: entry.region, roleArn: entry.roleArn }
            : settings.remediation.parameterGroup,
      },
      managed: {
        service: r.service,
        resourceId: r.id,
        ...(entry.region ? { region: entry.region } : {}),
        ...(entry.roleArn ? { roleArn: entry.roleArn } : {}),
        engine: r.engine,
        engineVersion: r.engineVersion,
        read,
        nodes: r.nodes,
        dataLimitBytes: r.dataLimitBytes,
      },
    };
  });
}

/** The primary where the API says which it is, else the first node with an address. */
function firstReachable(nodes: readonly ManagedNode[]): ManagedNode | undefined {
  return nodes.find((n) => n.host && n.role === "master") ?? nodes.find((n) => n.host);
}
