import { DEFAULT_PORT, DEFAULT_REMEDIATION_MODE, DEFAULT_TIMEOUTS } from "../settings/defaults.js";
import { resolveThresholds, type Thresholds } from "../settings/thresholds.js";
import { formatAddress, redactUrl } from "../vocabulary/address.js";
import type { CheckError } from "../vocabulary/errors.js";
import { printable } from "../vocabulary/printable.js";
import type { RemediationMode } from "../vocabulary/types.js";
import {
  type ConfigDocument,
  ConfigError,
  type Defaults,
  type EndpointInput,
  EndpointSchema,
  type ParameterGroupInput,
  type TlsInput,
} from "./config.js";
import type { ManagedEndpoint } from "./managed/resource.js";

export interface TlsSettings {
  ca?: string;
  cert?: string;
  key?: string;
  servername?: string;
  rejectUnauthorized?: boolean;
}

/** Everything needed to reach one Redis node. */
export interface ConnectionTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: TlsSettings;
}

export interface ParameterGroupRef {
  name: string;
  service: "elasticache" | "memorydb";
  region?: string;
  /** The role the group's account is reached through (a discovered resource in another account). */
  roleArn?: string;
}

export interface RemediationOptions {
  mode: RemediationMode;
  /** MEMORY PURGE is opt-in on top of the mode. */
  purge: boolean;
  /** Custom parameter group that holds `activedefrag` on ElastiCache/MemoryDB. */
  parameterGroup?: ParameterGroupRef;
}

/**
 * What an endpoint is checked with, wherever it is: a host's entry and every resource a managed entry
 * finds are checked with these.
 */
export interface EndpointSettings {
  usage?: "cache" | "datastore";
  thresholds: Thresholds;
  remediation: RemediationOptions;
  timeouts: { connectMs: number; commandMs: number };
  owner?: string;
  tags?: Record<string, string>;
  /** Credentials to read from this secret before connecting (they fill what the target lacks). */
  credentialsSecret?: string;
}

export interface ResolvedEndpoint extends EndpointSettings {
  name: string;
  /** `rediss://user@host:port`: safe to print, never carries the password. */
  display: string;
  target: ConnectionTarget;
  cluster: boolean | "auto";
  followReplicas: boolean;
  /** Discovered through the service's API: its nodes are listed there, not found through CLUSTER NODES. */
  managed?: ManagedEndpoint;
}

/** An endpoint whose configuration could not be used: reported, never silently dropped. */
export interface InvalidEndpoint {
  name: string;
  target: string;
  error: CheckError;
}

export type EndpointEntry = ResolvedEndpoint | InvalidEndpoint;

/** What a run sets over every endpoint: the CLI's flags, the Lambda payload's `remediate`. */
export interface Overrides {
  remediate?: RemediationMode;
  timeouts?: { connectMs?: number; commandMs?: number };
}

/**
 * The one way endpoints are resolved, for the CLI and the handler alike: the built-in defaults, then
 * `defaults` (the document's own merged over the caller's base, the handler's environment: the run's
 * entries step merges them once; alone, the document's own), then each endpoint's, and the run's overrides
 * over all of them.
 */
export function resolveEndpoints(
  doc: ConfigDocument,
  defaults: Defaults = doc.defaults,
  overrides: Overrides = {},
): ResolvedEndpoint[] {
  return doc.endpoints.map((input) => resolveEndpoint(input, defaults, overrides));
}

/**
 * A URL given on the command line; its name is its host and port. A bad one is a ConfigError whose source
 * is `label` and the URL with its password hidden: `URL 2 (redis://checker:***@cache:6379)`.
 */
export function endpointFromUrl(url: string, overrides: Overrides = {}, label = "URL"): ResolvedEndpoint {
  const parsed = EndpointSchema.safeParse({ url });
  if (!parsed.success) {
    throw new ConfigError(
      `${label} (${printable(redactUrl(url))})`,
      parsed.error.issues.map((i) => i.message),
    );
  }
  return resolveEndpoint(parsed.data, {}, overrides);
}

export function mergeDefaults(base: Defaults, over: Defaults): Defaults {
  return {
    usage: over.usage ?? base.usage,
    remediation: { ...base.remediation, ...over.remediation },
    thresholds: { ...base.thresholds, ...over.thresholds },
    timeouts: { ...base.timeouts, ...over.timeouts },
    concurrency: over.concurrency ?? base.concurrency,
  };
}

export function resolveEndpoint(input: EndpointInput, defaults: Defaults = {}, overrides: Overrides = {}): ResolvedEndpoint {
  const target = connectionTarget(input);
  return {
    name: input.name ?? formatAddress(target.host, target.port),
    display: displayTarget(target),
    target,
    cluster: input.cluster ?? "auto",
    followReplicas: input.followReplicas ?? false,
    ...endpointSettings(input, defaults, overrides),
  };
}

/** What an entry (an endpoint or a managed entry) writes about how it is checked. */
export type SettingsInput = Pick<
  EndpointInput,
  "usage" | "owner" | "credentialsSecret" | "tags" | "thresholds" | "remediation" | "timeouts"
>;

/** An entry's own settings over `defaults` and the built-in ones, the run's overrides over all. */
export function endpointSettings(input: SettingsInput, defaults: Defaults, overrides: Overrides): EndpointSettings {
  return {
    usage: input.usage ?? defaults.usage,
    ...(input.owner ? { owner: input.owner } : {}),
    ...(input.credentialsSecret ? { credentialsSecret: input.credentialsSecret } : {}),
    ...(input.tags ? { tags: input.tags } : {}),
    thresholds: resolveThresholds(defaults.thresholds, input.thresholds),
    remediation: {
      mode: overrides.remediate ?? input.remediation?.mode ?? defaults.remediation?.mode ?? DEFAULT_REMEDIATION_MODE,
      purge: input.remediation?.purge ?? defaults.remediation?.purge ?? false,
      parameterGroup: parameterGroupRef(input.remediation?.parameterGroup ?? defaults.remediation?.parameterGroup),
    },
    timeouts: { ...DEFAULT_TIMEOUTS, ...defaults.timeouts, ...input.timeouts, ...definedOnly(overrides.timeouts) },
  };
}

function connectionTarget(input: EndpointInput): ConnectionTarget {
  let fromUrl: Partial<ConnectionTarget> & { secure?: boolean } = {};
  // Parsed once, by the document's schema (config.ts).
  const u = input.url;
  if (u) {
    const db = u.pathname.replace(/^\//, "");
    fromUrl = {
      host: u.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: u.port ? Number(u.port) : undefined,
      username: u.username ? decodeURIComponent(u.username) : undefined,
      password: u.password ? decodeURIComponent(u.password) : undefined,
      db: db && /^\d+$/.test(db) ? Number(db) : undefined,
      secure: u.protocol === "rediss:",
    };
  }
  const tls = tlsSettings(input.tls, fromUrl.secure ?? false);
  return {
    host: input.host ?? fromUrl.host ?? "127.0.0.1",
    port: input.port ?? fromUrl.port ?? DEFAULT_PORT,
    username: input.username ?? fromUrl.username,
    // A password field fills what the URL leaves out, so secrets can keep the URL free of credentials; the
    // schema refuses a field beside the URL's own (conflicts.ts), so neither ever silently wins.
    password: input.password ?? fromUrl.password,
    db: input.db ?? fromUrl.db,
    tls,
  };
}

function tlsSettings(tls: TlsInput | undefined, urlSecure: boolean): TlsSettings | undefined {
  if (tls === false) return undefined;
  if (tls === true) return {};
  if (tls && typeof tls === "object") return { ...tls };
  return urlSecure ? {} : undefined;
}

function parameterGroupRef(input: ParameterGroupInput): ParameterGroupRef | undefined {
  if (input === undefined) return undefined;
  if (typeof input === "string") return { name: input, service: "elasticache" };
  return { name: input.name, service: input.service, region: input.region };
}

export function displayTarget(t: Pick<ConnectionTarget, "host" | "port" | "username" | "tls">): string {
  const user = t.username ? `${encodeURIComponent(t.username)}@` : "";
  return `${t.tls ? "rediss" : "redis"}://${user}${formatAddress(t.host, t.port)}`;
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
