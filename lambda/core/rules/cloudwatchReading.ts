import { formatBytes } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/** A node judged on CloudWatch's figures: said, with what they cannot tell, so absence never reads as health. */
export const cloudwatchReading: Rule = ({ cloudwatch: cw }) => {
  if (!cw) return [];
  const perMinute = [
    cw.perMinute.activeDefragHits !== undefined ? `ActiveDefragHits ${cw.perMinute.activeDefragHits}/min` : "",
    cw.perMinute.evictions !== undefined ? `Evictions ${cw.perMinute.evictions}/min` : "",
    cw.perMinute.swapBytes !== undefined ? `SwapUsage ${formatBytes(cw.perMinute.swapBytes)}` : "",
  ].filter(Boolean);
  return [
    {
      code: "CLOUDWATCH_READING",
      severity: cw.fallback ? "WARNING" : "INFO",
      metric: "source",
      measured: `CloudWatch at ${cw.at}`,
      meaning:
        `Read from CloudWatch (${cw.reason}), not from INFO${perMinute.length ? `; ${perMinute.join(", ")}` : ""}. ` +
        `Unavailable this way: ${cw.unavailable.join("; ")}. RSS and maxmemory are derived from the ratio and the usage percentage, ` +
        "so a high ratio cannot be split into what active defrag fixes and what it does not.",
      nextStep: cw.fallback
        ? 'Let the function reach the node (VPC subnets, security group, AUTH token or ACL user in the secret), or set "read": "cloudwatch" for this resource if that is intended.'
        : "For the allocator breakdown, run the CLI with --config from a host that can reach the node.",
      summary: cw.fallback ? "INFO failed; read from CloudWatch" : "read from CloudWatch",
    },
  ];
};
