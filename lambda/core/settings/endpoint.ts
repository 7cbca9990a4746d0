import type { RemediationOptions } from "../remediation/plan.js";
import type { CheckError } from "../report/report.js";
import type { RemediationMode } from "../vocabulary/types.js";
import type { Defaults, EndpointInput, ParameterGroupInput, TlsInput } from "./config.js";
import { resolveThresholds, type Thresholds } from "./thresholds.js";

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
}

export interface ResolvedEndpoint {
  name: string;
  /** `rediss://user@host:port`: safe to print, never carries the password. */
  display: string;
  target: ConnectionTarget;
  cluster: boolean | "auto";
  followReplicas: boolean;
  usage?: "cache" | "datastore";
  thresholds: Thresholds;
  remediation: RemediationOptions & { parameterGroupRef?: ParameterGroupRef };
  timeouts: { connectMs: number; commandMs: number };
}

/** An endpoint whose configuration could not be used: reported, never silently dropped. */
export interface InvalidEndpoint {
  name: string;
  target: string;
  error: CheckError;
}

export type EndpointEntry = ResolvedEndpoint | InvalidEndpoint;

export const DEFAULT_TIMEOUTS = { connectMs: 3000, commandMs: 2000 } as const;
export const DEFAULT_PORT = 6379;

export function resolveEndpoint(input: EndpointInput, defaults: Defaults = {}, modeOverride?: RemediationMode): ResolvedEndpoint {
  const target = connectionTarget(input);
  const group = parameterGroupRef(input.remediation?.parameterGroup ?? defaults.remediation?.parameterGroup);
  return {
    name: input.name ?? formatAddress(target.host, target.port),
    display: displayTarget(target),
    target,
    cluster: input.cluster ?? "auto",
    followReplicas: input.followReplicas ?? false,
    usage: input.usage ?? defaults.usage,
    thresholds: resolveThresholds(defaults.thresholds, input.thresholds),
    remediation: {
      mode: modeOverride ?? input.remediation?.mode ?? defaults.remediation?.mode ?? "dry-run",
      purge: input.remediation?.purge ?? defaults.remediation?.purge ?? false,
      parameterGroup: group?.name,
      parameterGroupRef: group,
    },
    timeouts: { ...DEFAULT_TIMEOUTS, ...defaults.timeouts, ...input.timeouts },
  };
}

function connectionTarget(input: EndpointInput): ConnectionTarget {
  let fromUrl: Partial<ConnectionTarget> & { secure?: boolean } = {};
  if (input.url) {
    const u = new URL(input.url);
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
    // A password field wins over the URL's, so secrets can keep the URL free of credentials.
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

/** `host:port`, with an IPv6 address in brackets (`[::1]:6379`), as URLs and Redis's own output write it. */
export function formatAddress(host: string, port: number | string): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** Replaces every secret string in a text; used on any error message before it is reported. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 3) out = out.split(s).join("***");
  }
  // A URL with inline credentials, whatever the secret list says.
  return out.replace(/(rediss?:\/\/[^:/@\s]*:)[^@\s]+@/g, "$1***@");
}

/** An IP literal (v4 or v6), as opposed to a host name a TLS certificate can name. */
export function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}
