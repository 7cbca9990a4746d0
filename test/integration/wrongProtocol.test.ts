import { spawn } from "node:child_process";
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { checkDocument } from "../support/check.js";

const CLI = join(import.meta.dirname, "..", "..", "dist", "cli.cjs");

/** Real loopback servers of other protocols, each answering as the real thing does on its first bytes. */
const servers: Server[] = [];
const ports: Record<string, number> = {};

async function listen(name: string, server: Server): Promise<void> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  ports[name] = (server.address() as { port: number }).port;
}

/** A raw TCP service: `greet` is written on accept (SSH, SMTP), `answer` to whatever the client sends. */
function raw(options: { greet?: Buffer | string; answer?: Buffer | string; close?: boolean }): Server {
  return createServer((socket: Socket) => {
    socket.on("error", () => undefined);
    if (options.greet !== undefined) socket.write(options.greet);
    socket.on("data", () => {
      if (options.answer === undefined) return;
      if (options.close) socket.end(options.answer);
      else socket.write(options.answer);
    });
  });
}

beforeAll(async () => {
  // Node's own HTTP server: it answers a RESP command with "HTTP/1.1 400 Bad Request" and closes.
  await listen(
    "http",
    createHttpServer((_req, res) => res.end("hello")),
  );
  await listen("ssh", raw({ greet: "SSH-2.0-OpenSSH_9.2\r\n" }));
  await listen("smtp", raw({ greet: "220 mail.example.com ESMTP Postfix (Debian/GNU)\r\n" }));
  await listen("ftp", raw({ greet: "220 (vsFTPd 3.0.3)\r\n" }));
  // memcached answers a command it does not know with ERROR.
  await listen("memcached", raw({ answer: "ERROR\r\n" }));
  // A TLS server that answers plain text with a fatal alert (protocol_version), as some TLS stacks do.
  await listen("tls", raw({ answer: Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]), close: true }));
  // Something else, whose first bytes are hostile: they must reach no output unescaped.
  await listen("hostile", raw({ greet: "\u001b[2J\u001b]0;owned\u0007 all good\r\n" }));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const checkOne = async (name: string): Promise<{ report: CheckReport; ms: number }> => {
  const started = performance.now();
  const report = await checkDocument([
    { name, url: `redis://127.0.0.1:${ports[name]}`, timeouts: { commandMs: 5000, connectMs: 5000 } },
  ]);
  return { report, ms: performance.now() - started };
};

describe("a port that is not Redis is named, not reported as a parser bug", () => {
  it.each([
    ["http", "NOT_REDIS", 'not a Redis server: it answered HTTP ("HTTP/1.1 400 Bad Request")'],
    ["ssh", "NOT_REDIS", 'not a Redis server: it answered SSH ("SSH-2.0-OpenSSH_9.2")'],
    ["smtp", "NOT_REDIS", 'not a Redis server: it answered SMTP ("220 mail.example.com ESMTP Postfix (Debian/GNU)")'],
    ["ftp", "NOT_REDIS", 'not a Redis server: it answered FTP ("220 (vsFTPd 3.0.3)")'],
    ["memcached", "NOT_REDIS", 'not a Redis server: it answered as memcached does ("ERROR")'],
    [
      "tls",
      "TLS_FAILED",
      'TLS failed: the server answered a plain connection with a TLS alert ("\\x15\\x03\\x03\\x00\\x02\\x02F"): the port expects TLS; use rediss://',
    ],
  ])("%s: %s, with what it answered, well before any timeout", async (name, code, message) => {
    const { report, ms } = await checkOne(name);
    const node = report.endpoints[0]?.nodes[0];
    expect(node?.status).toBe("UNKNOWN");
    expect(node?.error).toEqual({ code, message });
    expect(node?.findings[0]?.nextStep).toMatch(
      code === "NOT_REDIS" ? /^Check the port: another service answers there/ : /rediss:\/\//,
    );
    // The answer comes at once: nothing waits for the 5 s timeouts.
    expect(ms).toBeLessThan(1500);
  });

  it("what the server sent is escaped before it reaches any output", async () => {
    const { report } = await checkOne("hostile");
    const error = report.endpoints[0]?.nodes[0]?.error;
    expect(error?.code).toBe("NOT_REDIS");
    expect(error?.message).toBe(
      'not a Redis server: its answer is not the Redis protocol ("\\x1b[2J\\x1b]0;owned\\x07 all good")',
    );
    expect(JSON.stringify(report)).not.toMatch(/\\u001b|\\u0007/);
  });

  it("the command line reports it, exits UNKNOWN, and exits at once", async () => {
    const { code, stdout, ms } = await new Promise<{ code: number | null; stdout: string; ms: number }>((resolve) => {
      const started = performance.now();
      const child = spawn(process.execPath, [CLI, `redis://127.0.0.1:${ports.http}`, `redis://127.0.0.1:${ports.ssh}`]);
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
      });
      child.on("exit", (c) => resolve({ code: c, stdout: out, ms: performance.now() - started }));
    });
    expect(code).toBe(3);
    expect(stdout).toContain('not a Redis server: it answered HTTP ("HTTP/1.1 400 Bad Request")');
    expect(stdout).toContain('not a Redis server: it answered SSH ("SSH-2.0-OpenSSH_9.2")');
    expect(stdout).toMatch(/next: Check the port: another service answers there, not Redis/);
    expect(stdout).not.toMatch(/Please report this|Unknown RESP type/);
    expect(ms).toBeLessThan(5000);
  });
});
