import { formatAddress } from "../vocabulary/address.js";
import { printable } from "../vocabulary/printable.js";
import { detached, infoNumber, infoRecords, infoString, type ParsedInfo } from "./info.js";

/** One line of `CLUSTER NODES`. */
export interface ClusterNode {
  id: string;
  host: string;
  port: number;
  /** Redis 7 `cluster-announce-hostname`, when set: preferred for connecting and for TLS names. */
  hostname?: string;
  role: "master" | "replica";
  /** For a replica, the id of its master. */
  masterId?: string;
  /** Slot ranges as Redis prints them (`0-5460`), masters only. */
  slots: string[];
  myself: boolean;
  /** Flagged `fail` or `fail?` by the cluster. */
  failing: boolean;
  connected: boolean;
}

/**
 * Parses `CLUSTER NODES`: `<id> <ip:port@cport[,hostname]> <flags> <master> <ping> <pong> <epoch> <link> <slots…>`.
 * Nodes without an address (`noaddr`, `:0`) and handshake entries are skipped: nothing can be reached there.
 */
export function parseClusterNodes(text: string): ClusterNode[] {
  const nodes: ClusterNode[] = [];
  for (const line of text.split(/\r?\n/)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 8) continue;
    const [id, addr, flagText, master, , , , link, ...slots] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      ...string[],
    ];
    const flags = flagText.split(",");
    if (flags.includes("noaddr") || flags.includes("handshake")) continue;
    const [hostPort = "", hostname] = addr.split(",");
    const at = hostPort.indexOf("@");
    const hp = at >= 0 ? hostPort.slice(0, at) : hostPort;
    const colon = hp.lastIndexOf(":");
    const host = hp.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
    const port = Number(hp.slice(colon + 1));
    if (!host || !port) continue;
    // Copies: the report keeps these, and a slice would keep the whole CLUSTER NODES text alive.
    nodes.push({
      id: detached(id),
      host: printable(detached(host)),
      port,
      hostname: hostname ? printable(detached(hostname)) : undefined,
      role: flags.includes("master") ? "master" : "replica",
      masterId: master !== "-" ? detached(master) : undefined,
      slots: slots.filter((s) => !s.startsWith("[")).map(detached),
      myself: flags.includes("myself"),
      failing: flags.includes("fail") || flags.includes("fail?"),
      connected: link === "connected",
    });
  }
  return nodes;
}

/** What a node's own INFO says about replication: context for the report, never a memory finding. */
export interface ReplicationContext {
  role: "master" | "replica";
  connectedReplicas?: number;
  /** For a replica: its master, link state and seconds since it last heard from it. */
  master?: string;
  linkStatus?: string;
  lastIoSecondsAgo?: number;
  /** For a replica seen from its primary: the primary's `lag` (seconds) and offset difference (bytes). */
  lagSeconds?: number;
  offsetBehindBytes?: number;
}

export function replicationContext(info: ParsedInfo): ReplicationContext | undefined {
  const role = infoString(info, "role");
  if (role === "master") return { role: "master", connectedReplicas: infoNumber(info, "connected_slaves") };
  if (role !== "slave") return undefined;
  const host = infoString(info, "master_host");
  const port = infoString(info, "master_port");
  return {
    role: "replica",
    master: host && port ? formatAddress(host, port) : undefined,
    linkStatus: infoString(info, "master_link_status"),
    lastIoSecondsAgo: infoNumber(info, "master_last_io_seconds_ago"),
  };
}

/** A primary's replicas, from its `slaveN:ip=…,port=…,state=…,offset=…,lag=…` lines. */
export interface ReplicaRef {
  host: string;
  port: number;
  state?: string;
  lagSeconds?: number;
  offsetBehindBytes?: number;
}

export function replicasOf(info: ParsedInfo): ReplicaRef[] {
  const masterOffset = infoNumber(info, "master_repl_offset");
  return Object.values(infoRecords(info, "replication", /^slave\d+$/)).flatMap((r) => {
    const port = Number(r.port);
    if (!r.ip || !port) return [];
    const offset = r.offset === undefined ? undefined : Number(r.offset);
    return [
      {
        host: printable(r.ip),
        port,
        state: r.state,
        lagSeconds: r.lag === undefined ? undefined : Number(r.lag),
        offsetBehindBytes: masterOffset !== undefined && offset !== undefined ? Math.max(0, masterOffset - offset) : undefined,
      },
    ];
  });
}

/** Slot ranges as one short string for reports: `0-5460`, `5461-10922 12000`. */
export function describeSlots(slots: string[]): string | undefined {
  return slots.length ? slots.join(" ") : undefined;
}
