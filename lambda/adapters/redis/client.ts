import { Redis, type RedisOptions } from "ioredis";
import { type ConnectionTarget, isIpAddress } from "../../core/endpoint.js";

export interface Timeouts {
  connectMs: number;
  commandMs: number;
}

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
    // RESP2: no HELLO on connect, so the checker's ACL user needs no permission beyond its commands.
    protocol: 2,
    // No CLIENT SETINFO / SETNAME either, for the same reason.
    disableClientInfo: true,
  };
}

/** Opens a connection, runs `fn`, and always closes it (quit, then disconnect if quit cannot be sent). */
export async function withRedis<T>(
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
  try {
    await connectBounded(redis, timeouts.connectMs);
    return await fn(redis);
  } catch (err) {
    throw preferRootCause(err, lastError);
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

/** "Connection is closed" hides the cause (TLS alert, reset); the last 'error' event names it. */
function preferRootCause(err: unknown, last: Error | undefined): unknown {
  if (last && err instanceof Error && /Connection is closed/i.test(err.message) && last.message !== err.message) {
    return last;
  }
  return err;
}

/**
 * Sends QUIT (a graceful goodbye) but does not hold the caller, and the run's concurrency slot, for its
 * reply: the socket is destroyed when the reply comes, or after 500 ms at the latest.
 */
async function close(redis: Redis): Promise<void> {
  if (redis.status !== "ready" && redis.status !== "connect") {
    redis.disconnect(false);
    return;
  }
  const force = setTimeout(() => redis.disconnect(false), 500);
  force.unref();
  redis.quit().then(
    () => clearTimeout(force),
    () => {
      clearTimeout(force);
      redis.disconnect(false);
    },
  );
}
