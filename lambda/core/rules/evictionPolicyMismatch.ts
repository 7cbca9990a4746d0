import { refusedByService } from "./facts.js";
import type { Rule } from "./rule.js";

/**
 * The eviction policy against what the endpoint is configured to hold: a cache should evict (allkeys-lru or
 * allkeys-lfu; volatile-* where every key has a TTL), a datastore must not lose keys (noeviction).
 */
export const evictionPolicyMismatch: Rule = (facts) => {
  const { usage } = facts;
  const policy = facts.memory.maxmemoryPolicy;
  if (!usage || !policy) return [];
  const fits = usage === "cache" ? policy.startsWith("allkeys-") || policy.startsWith("volatile-") : policy === "noeviction";
  if (fits) return [];
  const want = usage === "cache" ? "allkeys-lru (or allkeys-lfu)" : "noeviction";
  const why =
    usage === "cache"
      ? "a full cache answers writes with OOM errors instead of evicting old keys"
      : "a full datastore silently evicts keys, which is data loss";
  const set = refusedByService(facts) ? "Set maxmemory-policy in the parameter group to" : "CONFIG SET maxmemory-policy";
  return [
    {
      code: "EVICTION_POLICY_MISMATCH",
      severity: "INFO",
      metric: "maxmemory-policy",
      measured: policy,
      threshold: want,
      meaning: `This endpoint is a ${usage}, but its policy is ${policy}: ${why}.`,
      nextStep: `${set} ${want}. The checker does not change the policy.`,
      summary: `${policy} on a ${usage}`,
    },
  ];
};
