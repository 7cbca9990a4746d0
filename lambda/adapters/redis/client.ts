import { once } from "node:events";
import { Redis, type RedisOptions } from "ioredis";
import type { NodeSession, RedisAccess } from "../../checker/ports.js";
import type { ConnectionTarget } from "../../core/endpoints/endpoint.js";
import type { RawReading } from "../../core/parsing/reading.js";
import { isIpAddress } from "../../core/vocabulary/address.js";

export interface Timeouts {
  connectMs: number;
  commandMs: number;
}

/**
 * How long a closing socket may wait for the server's side of the close before it is destroyed. Nothing
 * is sent to say goodbye (QUIT is deprecated since Redis 7.2 and a proxy may answer it and keep the socket
 * open): the socket is ended, and destroyed if the server does not close its side within this bound.
 */
export const CLOSE_GRACE_MS = 100;

/** How much of what a server sends first is kept: enough to tell HTTP, SSH or TLS from Redis. */
const FIRST_BYTES = 64;

/**
 * ioredis options for a one-shot check. ioredis retries forever and queues commands while offline by
 * default; a checker must fail fast instead, so both are off and every wait is bounded.
 */
export function redisOptions(target: ConnectionTarget, timeouts: Timeouts): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    username: target.username,
    password: target.password,
    db: target.db,
    tls: target.tls
      ? {
          ca: target.tls.ca,
          cert: target.tls.cert,
          key: target.tls.key,
          servername: target.tls.servername ?? (isIpAddress(target.host) ? undefined : target.host),
          rejectUnauthorized: target.tls.rejectUnauthorized ?? true,
        }
      : undefined,
    lazyConnect: true,
    connectTimeout: timeouts.connectMs,
    commandTimeout: timeouts.commandMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    // The default (2 s) keeps a half-closed socket, its timer and this client alive that long after the check.
    disconnectTimeout: CLOSE_GRACE_MS,
    // RESP2: no HELLO on connect, so the checker's ACL user needs no permission beyond its commands.
    protocol: 2,
    // No CLIENT SETINFO / SETNAME either, for the same reason.
    disableClientInfo: true,
  };
}

/** Redis through ioredis: one connection per session, bounded everywhere, always closed before it settles. */
export const ioredisAccess: RedisAccess = {
  session: (target, timeouts, signal, use) => withRedis(target, timeouts, (redis) => use(nodeSession(redis)), signal),
};

function nodeSession(redis: Redis): NodeSession {
  return {
    read: () => readAll(redis),
    async send(command) {
      const [name, ...args] = command;
      return String(await redis.call(name as string, ...args));
    },
  };
}

/**
 * One round trip: INFO, INFO debug, CONFIG GET *defrag* and MEMORY DOCTOR. Only INFO must answer: the
 * others' refusals are part of the reading. `INFO debug` is empty on servers without the section.
 */
async function readAll(redis: Redis): Promise<RawReading> {
  const results = (await redis.pipeline().info().info("debug").config("GET", "*defrag*").call("MEMORY", "DOCTOR").exec()) ?? [];
  const [info, debug, config, doctor] = results;
  if (!info || info[0]) throw info?.[0] ?? new Error("INFO returned nothing");
  return {
    info: String(info[1]),
    debug: debug && !debug[0] ? String(debug[1]) : undefined,
    config: config && !config[0] && Array.isArray(config[1]) ? (config[1] as unknown[]).map(String) : undefined,
    configError: config?.[0]?.message,
    doctor: doctor && !doctor[0] ? String(doctor[1]) : undefined,
  };
}

/**
 * Opens a connection, runs `fn`, and always closes it, resolving only once the socket is closed: a caller
 * holding a concurrency slot holds it until then, so the slot really bounds the sockets open at once.
 */
async function withRedis<T>(
  target: ConnectionTarget,
  timeouts: Timeouts,
  fn: (redis: Redis) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const redis = new Redis(redisOptions(target, timeouts));
  // Given up on (the run's deadline passed): drop the socket now rather than at the command timeout.
  const abort = () => redis.disconnect(false);
  signal?.addEventListener("abort", abort, { once: true });
  let lastError: Error | undefined;
  // ioredis emits 'error' on the instance as well as rejecting; without a listener Node prints it.
  redis.on("error", (err: Error) => {
    lastError = err;
  });
  const received = firstBytes(redis);
  try {
    if (signal?.aborted) throw signal.reason;
    await connectBounded(redis, timeouts.connectMs);
    return await fn(redis);
  } catch (err) {
    throw withReceived(tlsHandshakeCause(target, redis, preferRootCause(err, lastError)), received());
  } finally {
    signal?.removeEventListener("abort", abort);
    await close(redis);
  }
}

async function connectBounded(redis: Redis, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no connection within ${ms} ms`), { code: "ETIMEDOUT" })), ms + 250);
  });
  try {
    await Promise.race([redis.connect(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Keeps the first bytes the server sends on the connection. A port that is not Redis (HTTP, SSH, a TLS port
 * reached without TLS) answers something the RESP decoder rejects; those bytes say what it is.
 */
function firstBytes(redis: Redis): () => Buffer {
  const chunks: Buffer[] = [];
  let size = 0;
  // ioredis emits "connect" on the tick after the socket connects: before any data event can be delivered.
  redis.once("connect", () => {
    const stream = redis.stream;
    const keep = (chunk: Buffer) => {
      chunks.push(Buffer.from(chunk.subarray(0, FIRST_BYTES - size)));
      size += Math.min(chunk.length, FIRST_BYTES - size);
      if (size >= FIRST_BYTES) stream.off("data", keep);
    };
    stream.on("data", keep);
  });
  return () => Buffer.concat(chunks);
}

/** What the server sent first, for the classifier to name the service it came from. */
function withReceived(err: unknown, received: Buffer): unknown {
  if (received.length === 0 || typeof err !== "object" || err === null) return err;
  return Object.assign(err, { received });
}

/** "Connection is closed" hides the cause (TLS alert, reset); the last 'error' event names it. */
function preferRootCause(err: unknown, last: Error | undefined): unknown {
  if (last && err instanceof Error && /Connection is closed/i.test(err.message) && last.message !== err.message) {
    return last;
  }
  return err;
}

/**
 * `rediss://` to a plain Redis port: the TCP connection opens, the server reads the TLS greeting as a
 * command that never ends and says nothing, and the connect times out. Name that instead of "timed out".
 */
function tlsHandshakeCause(target: ConnectionTarget, redis: Redis, err: unknown): unknown {
  const stream = redis.stream as Redis["stream"] | undefined;
  const timedOut = (err as { code?: unknown })?.code === "ETIMEDOUT";
  if (!target.tls || !timedOut || !stream || stream.connecting) return err;
  return Object.assign(
    new Error(
      "the port accepted the connection but no TLS handshake completed: is it a plain (non-TLS) port? Use redis:// for it",
    ),
    { code: "ERR_TLS_HANDSHAKE_TIMEOUT" },
  );
}

/**
 * Ends the socket and waits for it to close: at once when the server closes its side, after CLOSE_GRACE_MS
 * (ioredis destroys it then) when it does not, and never longer than that bound plus a margin.
 */
async function close(redis: Redis): Promise<void> {
  const stream = redis.stream as Redis["stream"] | undefined;
  redis.disconnect(false);
  if (!stream || stream.destroyed || stream.closed) return;
  const bound = AbortSignal.timeout(CLOSE_GRACE_MS + 50);
  await once(stream, "close", { signal: bound }).catch(() => stream.destroy());
}
