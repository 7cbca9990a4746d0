import type { ManagedEntry, ResolvedEndpoint } from "../settings/endpoint.js";
import type { ManagedNode, ManagedResource, ReadMode } from "../settings/managed.js";

/**
 * One endpoint per discovered resource, named by the resource's own id, with its nodes listed as the
 * service's API gives them and its parameter group as the repair's target: no name typed by hand.
 */
export function endpointsFor(entry: ManagedEntry, resources: readonly ManagedResource[]): ResolvedEndpoint[] {
  return resources.map((r) => {
    const read: ReadMode = r.service === "elasticache-serverless" ? "cloudwatch" : (entry.input.read ?? "auto");
    const seed = firstReachable(r.nodes);
    const t = entry.template;
    return {
      ...t,
      name: r.id,
      display: `${r.service}:${r.id}`,
      target: {
        ...t.target,
        host: seed?.host ?? t.target.host,
        port: seed?.port ?? t.target.port,
        tls: r.tls ? { ...t.target.tls } : undefined,
      },
      cluster: false,
      followReplicas: false,
      remediation: {
        ...t.remediation,
        parameterGroup:
          r.parameterGroup && r.service !== "elasticache-serverless"
            ? { name: r.parameterGroup, service: r.service, region: entry.input.region, roleArn: entry.input.roleArn }
            : t.remediation.parameterGroup,
      },
      managed: {
        service: r.service,
        resourceId: r.id,
        ...(entry.input.region ? { region: entry.input.region } : {}),
        ...(entry.input.roleArn ? { roleArn: entry.input.roleArn } : {}),
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
