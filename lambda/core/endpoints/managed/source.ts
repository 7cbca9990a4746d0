import * as z from "zod/mini";
import { noConflicts } from "../../settings/conflicts.js";
import { OwnerSchema, RemediationModeSchema, ThresholdsSchema, TimeoutsSchema, UsageSchema } from "../../settings/schemas.js";
import "../../settings/zod.js";
import type { ManagedSelection, ManagedService } from "./resource.js";

/**
 * A document entry naming managed resources instead of hosts: the checker lists their nodes through the
 * service's API (ElastiCache, ElastiCache Serverless, MemoryDB) on every run.
 *
 *   {"elasticache": {"replicationGroups": ["sessions-prod"]}}
 *   {"elasticache": "all", "tags": {"team": "payments"}}
 *   {"memorydb": "all"}   {"elasticacheServerless": {"caches": ["api-cache"]}}
 */
const ids = z.array(z.string().check(z.minLength(1))).check(z.minLength(1, 'lists nothing: name at least one, or use "all"'));

export const ManagedSourceSchema = z
  .strictObject({
    name: z.optional(
      z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[^\p{Cc}\p{Cf}]+$/u, "must be printable text")),
    ),
    elasticache: z.optional(
      z.union([z.literal("all"), z.strictObject({ replicationGroups: z.optional(ids), cacheClusters: z.optional(ids) })]),
    ),
    memorydb: z.optional(z.union([z.literal("all"), z.strictObject({ clusters: ids })])),
    elasticacheServerless: z.optional(z.union([z.literal("all"), z.strictObject({ caches: ids })])),
    /** The team the discovered resources' alerts go to. */
    owner: z.optional(OwnerSchema),
    /** Only resources carrying every one of these tags (and they label the messages, as an endpoint's tags do). */
    tags: z.optional(z.record(z.string().check(z.minLength(1)), z.string())),
    region: z.optional(z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region, e.g. eu-west-1"))),
    /** A role in another account to list, read and repair through (sts:AssumeRole); absent: this account. */
    roleArn: z.optional(
      z
        .string()
        .check(
          z.regex(
            /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
            "an IAM role ARN, e.g. arn:aws:iam::123456789012:role/redis-memory-reader",
          ),
        ),
    ),
    /**
     * How nodes are read: `auto` (INFO where the function can connect, CloudWatch where it cannot),
     * `redis` (INFO only), `cloudwatch` (no connection at all). Serverless caches are always read from CloudWatch.
     */
    read: z.optional(z.enum(["auto", "redis", "cloudwatch"])),
    /** AUTH token or ACL user for the nodes (or put them in a referenced ElastiCache user secret). */
    username: z.optional(z.string().check(z.minLength(1))),
    password: z.optional(z.string()),
    /** A Secrets Manager secret with the username and password (an ElastiCache user secret, or an AUTH token). */
    credentialsSecret: z.optional(z.string().check(z.minLength(1))),
    usage: z.optional(UsageSchema),
    thresholds: z.optional(ThresholdsSchema),
    remediation: z.optional(z.strictObject({ mode: z.optional(RemediationModeSchema), purge: z.optional(z.boolean()) })),
    timeouts: z.optional(TimeoutsSchema),
  })
  .check(
    z.refine((s) => [s.elasticache, s.memorydb, s.elasticacheServerless].filter((x) => x !== undefined).length === 1, {
      message: 'names exactly one of "elasticache", "memorydb" or "elasticacheServerless"',
    }),
    noConflicts(),
  );

export type ManagedSourceInput = z.infer<typeof ManagedSourceSchema>;

/** The keys that make an object a managed entry rather than an endpoint. */
export const MANAGED_KEYS = ["elasticache", "memorydb", "elasticacheServerless"] as const;

export function managedService(input: ManagedSourceInput): ManagedService {
  if (input.memorydb !== undefined) return "memorydb";
  if (input.elasticacheServerless !== undefined) return "elasticache-serverless";
  return "elasticache";
}

export function managedSelection(input: ManagedSourceInput): ManagedSelection {
  const chosen = input.elasticache ?? input.memorydb ?? input.elasticacheServerless;
  if (chosen === "all" || chosen === undefined) return { all: true };
  return {
    all: false,
    replicationGroups: "replicationGroups" in chosen ? (chosen.replicationGroups ?? []) : [],
    cacheClusters: "cacheClusters" in chosen ? (chosen.cacheClusters ?? []) : [],
    clusters: "clusters" in chosen ? chosen.clusters : [],
    caches: "caches" in chosen ? chosen.caches : [],
  };
}

/** `elasticache:all`, `memorydb:orders,carts`: the entry's name in reports when it does not give one. */
export function managedSourceName(input: ManagedSourceInput): string {
  if (input.name) return input.name;
  const sel = managedSelection(input);
  const what = sel.all ? "all" : [...sel.replicationGroups, ...sel.cacheClusters, ...sel.clusters, ...sel.caches].join(",");
  const tags = input.tags
    ? ` [${Object.entries(input.tags)
        .map(([k, v]) => `${k}=${v}`)
        .join(",")}]`
    : "";
  return `${managedService(input)}:${what}${tags}`;
}
