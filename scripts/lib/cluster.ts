import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Redis } from "ioredis";
import { RedisServer, type ServerOptions } from "./redisServer.js";

const run = promisify(execFile);

/** A real Redis Cluster on loopback: `masters` masters with one replica each, created by redis-cli. */
export class RedisClusterBench {
  private constructor(readonly servers: RedisServer[]) {}

  static async start(masters = 3, options: ServerOptions = {}): Promise<RedisClusterBench> {
    const servers = await Promise.all(
      Array.from({ length: masters * 2 }, () =>
        RedisServer.start({
          ...options,
          config: [
            "cluster-enabled yes",
            "cluster-config-file nodes.conf",
            "cluster-node-timeout 5000",
            ...(options.config ?? []),
          ],
        }),
      ),
    );
    const bench = new RedisClusterBench(servers);
    try {
      await run(
        "redis-cli",
        ["--cluster", "create", ...servers.map((s) => `127.0.0.1:${s.port}`), "--cluster-replicas", "1", "--cluster-yes"],
        {
          timeout: 60_000,
        },
      );
      await bench.waitUntilOk();
    } catch (err) {
      await bench.stop();
      throw err;
    }
    return bench;
  }

  private async waitUntilOk(): Promise<void> {
    const end = Date.now() + 30_000;
    for (const s of this.servers) {
      const c = s.client();
      try {
        for (;;) {
          const info = String(await c.call("CLUSTER", "INFO"));
          const nodes = String(await c.call("CLUSTER", "NODES"));
          const known = nodes
            .trim()
            .split("\n")
            .filter((l) => !/handshake|noaddr/.test(l)).length;
          const replication = await c.info("replication");
          const linked = replication.includes("role:master") || replication.includes("master_link_status:up");
          if (info.includes("cluster_state:ok") && known === this.servers.length && linked) break;
          if (Date.now() > end) throw new Error(`cluster not ok on ${s.port}: ${info}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      } finally {
        c.disconnect();
      }
    }
  }

  /** Masters as the cluster sees them now. */
  async masters(): Promise<RedisServer[]> {
    const out: RedisServer[] = [];
    for (const s of this.servers) {
      const c = s.client();
      if ((await c.info("replication")).includes("role:master")) out.push(s);
      c.disconnect();
    }
    return out;
  }

  /** A hash tag whose slot the given node serves, so plain commands on that node accept the keys. */
  static async hashTagServedBy(node: Redis): Promise<string> {
    const myself = String(await node.call("CLUSTER", "NODES"))
      .split("\n")
      .find((l) => l.includes("myself"));
    const ranges = (myself?.trim().split(/\s+/).slice(8) ?? [])
      .filter((r) => !r.startsWith("["))
      .map((r) => r.split("-").map(Number));
    for (let i = 0; i < 10_000; i++) {
      const slot = Number(await node.call("CLUSTER", "KEYSLOT", `t${i}`));
      if (ranges.some(([a = 0, b = a]) => slot >= a && slot <= b)) return `t${i}`;
    }
    throw new Error("no hash tag found for this node");
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
  }
}
