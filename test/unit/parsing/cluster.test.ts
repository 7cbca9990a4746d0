import { describe, expect, it } from "vitest";
import { parseClusterNodes } from "../../../lambda/core/parsing/cluster.js";

// Real CLUSTER NODES output of the test cluster (scripts/lib/cluster.ts), Redis 7.0, with one replica
// failing, a node without an address and a handshake entry added as Redis prints them.
const CLUSTER_NODES = [
  "3c3a0c74aae0b56170ccb03a76b60cfe7dc1912e 127.0.0.1:30002@40002,cache-b.example master - 0 1764000000000 2 connected 5461-10922",
  "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@40001 myself,master - 0 1764000000000 1 connected 0-5460",
  "6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:30005@40005 slave 3c3a0c74aae0b56170ccb03a76b60cfe7dc1912e 0 1764000000000 2 connected",
  "824fe116063bc5fcf9f4ffd895bc17aee7731ac3 127.0.0.1:30006@40006 slave,fail e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1764000000000 1 disconnected",
  "67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 :0@0 master,noaddr - 0 1764000000000 3 disconnected 10923-16383",
  "292f8b365bb7edb5e285caf0b7e6ddc7265a2f4b 127.0.0.1:30007@40007 handshake - 0 0 0 connected",
  "",
].join("\n");

describe("parseClusterNodes", () => {
  const nodes = parseClusterNodes(CLUSTER_NODES);

  it("lists the reachable nodes with role, master, slots, hostname and health", () => {
    expect(nodes.map((n) => n.port)).toEqual([30002, 30001, 30005, 30006]);
    expect(nodes[0]).toMatchObject({ role: "master", slots: ["5461-10922"], hostname: "cache-b.example", myself: false });
    expect(nodes[1]).toMatchObject({ myself: true, slots: ["0-5460"] });
    expect(nodes[2]).toMatchObject({ role: "replica", masterId: "3c3a0c74aae0b56170ccb03a76b60cfe7dc1912e", connected: true });
    expect(nodes[3]).toMatchObject({ failing: true, connected: false });
  });

  it("reads IPv6 addresses and skips importing/migrating slot markers", () => {
    const [n] = parseClusterNodes(
      "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca [::1]:30001@40001 myself,master - 0 0 1 connected 0-100 [101->-3c3a0c74aae0b56170ccb03a76b60cfe7dc1912e]",
    );
    expect(n).toMatchObject({ host: "::1", port: 30001, slots: ["0-100"] });
  });

  it("a hostname with control characters cannot reach a terminal", () => {
    const [n] = parseClusterNodes("a 10.0.0.1:6379@16379,evil\u001b[2Jhost master - 0 0 1 connected");
    expect(n?.hostname).not.toContain("\u001b");
  });

  it("garbage is no nodes, never an exception", () => {
    expect(parseClusterNodes("ERR unknown command\r\n")).toEqual([]);
  });
});
