import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckReport, EndpointReport } from "../../lambda/core/report/report.js";
import { RedisClusterBench } from "../../scripts/lib/cluster.js";
import { fragment } from "../../scripts/lib/fragment.js";
import { RedisServer } from "../../scripts/lib/redisServer.js";
import { checkDocument } from "../support/check.js";
import { makeTlsMaterial, type TlsMaterial, tlsServerConfig } from "../support/tls.js";

/** The checker's documented minimal ACL (README: "The Redis user"), exactly. */
const CHECKER_ACL = "-@all +info +config|get +memory|doctor +cluster|nodes";
const CHECKER_PW = "checker-Pw-42";
const ACL_LINE = `user checker on >${CHECKER_PW} ${CHECKER_ACL}`;

const check = (doc: unknown): Promise<CheckReport> => checkDocument(doc);
const endpoint = (r: CheckReport, name: string): EndpointReport => {
  const e = r.endpoints.find((x) => x.name === name);
  if (!e) throw new Error(`no endpoint ${name}`);
  return e;
};

describe("Redis Cluster: 3 masters, 3 replicas", () => {
  let cluster: RedisClusterBench;
  let fragmentedMaster: RedisServer;

  beforeAll(async () => {
    cluster = await RedisClusterBench.start(3, { config: [ACL_LINE] });
    [fragmentedMaster] = (await cluster.masters()) as [RedisServer];
    const c = fragmentedMaster.client();
    const tag = await RedisClusterBench.hashTagServedBy(c);
    await fragment(c, { keys: 300_000, prefix: `{${tag}}:` });
    c.disconnect();
    await new Promise((r) => setTimeout(r, 1500));
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("discovers every master and replica from one plain URL, as the minimal ACL user, and names the node in trouble", async () => {
    // Prepare: the seed is a replica, and nothing says "cluster" but the server itself.
    const replica = cluster.servers.find((s) => s !== fragmentedMaster) as RedisServer;
    const seedUrl = `redis://checker:${CHECKER_PW}@127.0.0.1:${replica.port}`;

    // Act
    const report = await check([{ name: "sessions", url: seedUrl }]);

    // Assess
    const e = endpoint(report, "sessions");
    expect(e.topology).toBe("cluster");
    expect(e.nodes).toHaveLength(6);
    const masters = e.nodes.filter((n) => n.role === "master");
    const replicas = e.nodes.filter((n) => n.role === "replica");
    expect(masters).toHaveLength(3);
    expect(replicas).toHaveLength(3);
    for (const m of masters) expect(m.cluster?.slots).toMatch(/^\d+-\d+/);
    for (const r of replicas) {
      expect(masters.map((m) => m.address)).toContain(r.cluster?.master);
      expect(r.replication).toMatchObject({ role: "replica", linkStatus: "up" });
    }
    // The master that was fragmented, and its replica (which replayed the same writes and deletes).
    const trouble = e.nodes.find((n) => n.address === `127.0.0.1:${fragmentedMaster.port}`);
    expect(["WARNING", "CRITICAL"]).toContain(trouble?.status);
    expect(trouble?.findings[0]?.code).toBe("FRAGMENTATION_HIGH");
    expect(trouble?.cluster?.slots).toBeDefined();
    const itsReplica = e.nodes.find((n) => n.cluster?.master === trouble?.address);
    expect(itsReplica?.findings.some((f) => f.code.startsWith("FRAGMENTATION"))).toBe(true);
    const others = e.nodes.filter((n) => n !== trouble && n !== itsReplica);
    expect(others.map((n) => n.status)).toEqual(["OK", "OK", "OK", "OK"]);
    // Each node's time is its own, measured inside the run (nodes are checked side by side, not one after another).
    for (const n of e.nodes) expect(n.durationMs).toBeLessThanOrEqual(report.durationMs);
    expect(e.nodes.reduce((sum, n) => sum + n.durationMs, 0)).toBeGreaterThan(0);
  });

  it("checks only the seed when cluster discovery is turned off", async () => {
    const report = await check([{ name: "one", host: "127.0.0.1", port: fragmentedMaster.port, cluster: false }]);
    expect(endpoint(report, "one").nodes).toHaveLength(1);
    expect(endpoint(report, "one").topology).toBe("standalone");
  });
});

describe("replication", () => {
  let primary: RedisServer;
  let replica: RedisServer;
  beforeAll(async () => {
    primary = await RedisServer.start();
    replica = await RedisServer.start({ config: [`replicaof 127.0.0.1 ${primary.port}`] });
    const c = replica.client();
    for (let i = 0; i < 50 && !(await c.info("replication")).includes("master_link_status:up"); i++)
      await new Promise((r) => setTimeout(r, 200));
    c.disconnect();
  });
  afterAll(async () => {
    await Promise.all([primary?.stop(), replica?.stop()]);
  });

  it("follows a primary's replicas on request and reports their lag as context, not as a finding", async () => {
    const report = await check([
      { name: "followed", url: primary.url, followReplicas: true },
      { name: "alone", url: primary.url },
    ]);
    const followed = endpoint(report, "followed");
    expect(followed.topology).toBe("replicated");
    expect(followed.nodes.map((n) => n.role)).toEqual(["master", "replica"]);
    const r = followed.nodes[1];
    expect(r?.address).toBe(`127.0.0.1:${replica.port}`);
    expect(r?.replication).toMatchObject({
      role: "replica",
      master: `127.0.0.1:${primary.port}`,
      linkStatus: "up",
      lagSeconds: expect.any(Number),
    });
    expect(r?.findings.some((f) => /LAG|REPLIC/.test(f.code))).toBe(false);
    expect(followed.nodes[0]?.replication).toMatchObject({ role: "master", connectedReplicas: 1 });
    expect(endpoint(report, "alone").nodes).toHaveLength(1);
  });
});

describe("TLS", () => {
  let tls: TlsMaterial;
  let server: RedisServer;
  let mutual: RedisServer;
  beforeAll(async () => {
    tls = makeTlsMaterial();
    [server, mutual] = await Promise.all([
      RedisServer.start({ tls: true, config: tlsServerConfig(tls, false) }),
      RedisServer.start({ tls: true, config: tlsServerConfig(tls, true) }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), mutual?.stop()]);
  });

  it("checks over rediss:// with a custom CA and a client certificate; every mismatch is a clear UNKNOWN", async () => {
    const port = server.port;
    const report = await check([
      { name: "ok", url: `rediss://localhost:${port}`, tls: { ca: tls.ca } },
      { name: "ok-by-ip-with-servername", host: "127.0.0.1", port, tls: { ca: tls.ca, servername: "localhost" } },
      { name: "mutual", url: `rediss://localhost:${mutual.port}`, tls: { ca: tls.ca, cert: tls.clientCert, key: tls.clientKey } },
      { name: "untrusted-ca", url: `rediss://localhost:${port}`, tls: { ca: tls.otherCa } },
      { name: "system-ca", url: `rediss://localhost:${port}` },
      { name: "wrong-name", host: "127.0.0.1", port, tls: { ca: tls.ca, servername: "cache.example.com" } },
      { name: "no-client-cert", url: `rediss://localhost:${mutual.port}`, tls: { ca: tls.ca } },
      { name: "plain-to-tls", url: `redis://127.0.0.1:${port}`, timeouts: { connectMs: 1500, commandMs: 1500 } },
    ]);
    const status = (n: string) => endpoint(report, n).status;
    const error = (n: string) => endpoint(report, n).nodes[0]?.error;
    expect(status("ok")).toBe("OK");
    expect(status("ok-by-ip-with-servername")).toBe("OK");
    expect(status("mutual")).toBe("OK");
    for (const n of ["untrusted-ca", "system-ca", "wrong-name"]) {
      expect(error(n)?.code, n).toBe("TLS_FAILED");
    }
    expect(error("wrong-name")?.message).toMatch(/cache\.example\.com|altname|does not match/i);
    expect(["TLS_FAILED", "CONNECTION_REFUSED"]).toContain(error("no-client-cert")?.code);
    expect(status("plain-to-tls")).toBe("UNKNOWN");
    expect(error("plain-to-tls")?.message).toMatch(/TLS|closed|timed out/i);
    expect(JSON.stringify(report)).not.toContain(tls.clientKey.slice(40, 80));
  });
});

describe("authentication", () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start({
      config: ["requirepass auth-token-1234567", ACL_LINE, "user noinfo on >noinfo-pw-123 -@all +config|get"],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("password-only (requirepass / AUTH token) and ACL users; a missing INFO permission is NO_PERMISSION", async () => {
    const report = await check([
      { name: "auth-token", host: "127.0.0.1", port: server.port, password: "auth-token-1234567" },
      { name: "minimal-acl", url: `redis://checker:${CHECKER_PW}@127.0.0.1:${server.port}` },
      { name: "no-info", url: `redis://noinfo:noinfo-pw-123@127.0.0.1:${server.port}` },
      { name: "no-password", url: `redis://127.0.0.1:${server.port}` },
    ]);
    expect(endpoint(report, "auth-token").status).toBe("OK");
    const minimal = endpoint(report, "minimal-acl").nodes[0];
    expect(minimal?.status).toBe("OK");
    expect(minimal?.doctor).toBeDefined();
    expect(minimal?.metrics?.activeDefragEnabled).toBe(false);
    expect(endpoint(report, "no-info").nodes[0]?.error?.code).toBe("NO_PERMISSION");
    expect(endpoint(report, "no-password").nodes[0]?.error?.code).toBe("AUTH_FAILED");
    for (const secret of ["auth-token-1234567", CHECKER_PW, "noinfo-pw-123"])
      expect(JSON.stringify(report)).not.toContain(secret);
  });
});
