import type { Rule } from "./rule.js";

/** A cluster seed that would not list its peers: only it was checked, and the rest of the cluster is unwatched. */
export const clusterDiscoveryFailed: Rule = ({ discoveryError }) =>
  discoveryError
    ? [
        {
          code: "CLUSTER_DISCOVERY_FAILED",
          severity: "UNKNOWN",
          metric: "CLUSTER NODES",
          measured: discoveryError,
          meaning: `This node is in cluster mode but CLUSTER NODES failed (${discoveryError}): only this node was checked.`,
          nextStep:
            "Grant the checker's ACL user +cluster|nodes (see the README's minimal ACL), or list every node as its own endpoint.",
          summary: "cluster nodes not listed",
        },
      ]
    : [];
