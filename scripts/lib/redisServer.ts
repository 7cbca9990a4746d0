import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis, type RedisOptions } from "ioredis";
import { debianRedisServer } from "./binaries.js";

export interface ServerOptions {
  /** Path of the redis-server binary; Debian's by default. */
  binary?: string;
  /** Extra redis.conf lines, e.g. `maxmemory 64mb` or `rename-command CONFIG ""`. */
  config?: string[];
  /** Ports are picked free; set this to listen on TLS instead of plain TCP (port 0 then). */
  tls?: boolean;
}

/** A real redis-server on a free loopback port, with its own directory; stopped by `stop()`. */
export class RedisServer {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly proc: ChildProcess,
    readonly log: () => string,
  ) {}

  static async start(options: ServerOptions = {}): Promise<RedisServer> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        return await RedisServer.tryStart(options, await freePort());
      } catch (err) {
        lastError = err;
        if (!/Address already in use/.test(String(err))) break;
      }
    }
    throw lastError;
  }

  private static async tryStart(options: ServerOptions, port: number): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), "rmc-redis-"));
    const conf = join(dir, "redis.conf");
    const listen = options.tls ? [`port 0`, `tls-port ${port}`] : [`port ${port}`];
    writeFileSync(
      conf,
      [
        "bind 127.0.0.1",
        ...listen,
        `dir ${dir}`,
        'save ""',
        "appendonly no",
        'logfile ""',
        "daemonize no",
        "protected-mode no",
        ...(options.config ?? []),
      ].join("\n"),
    );
    const proc = spawn(options.binary ?? debianRedisServer(), [conf], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    proc.stdout?.on("data", (d) => {
      output += d;
    });
    proc.stderr?.on("data", (d) => {
      output += d;
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start in 10 s:\n${output}`)), 10_000);
      const onData = () => {
        if (/Ready to accept connections/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout?.on("data", onData);
      proc.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
    return new RedisServer(port, dir, proc, () => output);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A test-side client (the checker makes its own); closed by the caller. */
  client(options: RedisOptions = {}): Redis {
    return new Redis({ host: "127.0.0.1", port: this.port, protocol: 2, maxRetriesPerRequest: 1, ...options });
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Stops the process and keeps its directory (its redis.conf and any dump.rdb), for a restart. */
  async kill(): Promise<void> {
    if (this.proc.exitCode === null) {
      const exited = new Promise((resolve) => this.proc.once("exit", resolve));
      this.proc.kill("SIGKILL");
      await exited;
    }
  }
}

/** A port nothing listens on, for the "closed port" case and for new servers. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until `check` holds, polling; for server-side effects such as defrag that take seconds. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 500): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
