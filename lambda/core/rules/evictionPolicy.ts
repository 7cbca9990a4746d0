import type { Rule } from "./rule.js";

/**
 * The eviction policy against what the endpoint is used for. A cache should evict (allkeys-lru or
 * allkeys-lfu); a datastore must not lose keys (noeviction, with room under maxmemory). When the endpoint's
 * `usage` is not configured, noeviction is named with what it means for each.
 */
export const evictionPolicy: Rule = ({ memory: m, usage, configRefused }) => {
  const policy = m.maxmemoryPolicy;
  if (!policy) return [];
  const set = configRefused ? "set maxmemory-policy in the parameter group" : "CONFIG SET maxmemory-policy";
  if (!usage) {
    if (policy !== "noeviction") return [];
    return [
      {
        code: "NOEVICTION_POLICY",
        severity: "INFO",
        metric: "maxmemory-policy",
        measured: "noeviction",
        meaning: "With noeviction, a full Redis answers writes with OOM errors instead of evicting.",
        nextStep: `Right for a datastore; for a cache, ${set} allkeys-lru (or allkeys-lfu). Say which this endpoint is with "usage": "cache" or "datastore". The checker does not change the policy.`,
      },
    ];
  }
  const fits = usage === "cache" ? policy.startsWith("allkeys-") || policy.startsWith("volatile-") : policy === "noeviction";
  if (fits) return [];
  const want = usage === "cache" ? "allkeys-lru (or allkeys-lfu)" : "noeviction";
  const why =
    usage === "cache"
      ? "a full cache answers writes with OOM errors instead of evicting old keys"
      : "a full datastore silently evicts keys, which is data loss";
  return [
    {
      code: "EVICTION_POLICY_MISMATCH",
      severity: "INFO",
      metric: "maxmemory-policy",
      measured: policy,
      threshold: want,
      meaning: `This endpoint is a ${usage}, but its policy is ${policy}: ${why}.`,
      nextStep: `${set[0]?.toUpperCase()}${set.slice(1)} ${want}. The checker does not change the policy.`,
      summary: `${policy} on a ${usage}`,
    },
  ];
};
