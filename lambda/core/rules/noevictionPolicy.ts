import { refusedByService } from "./facts.js";
import type { Rule } from "./rule.js";

/**
 * noeviction on an endpoint whose `usage` is not configured: what it means for a cache and for a datastore,
 * and how to say which this one is.
 */
export const noevictionPolicy: Rule = (facts) => {
  if (facts.usage || facts.memory.maxmemoryPolicy !== "noeviction") return [];
  const set = refusedByService(facts) ? "set maxmemory-policy in the parameter group" : "CONFIG SET maxmemory-policy";
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
};
