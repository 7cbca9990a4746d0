import { afterAll } from "vitest";
import { RedisServer } from "../../scripts/lib/redisServer.js";

/** Starts real servers for one test file, and stops every one of them after its tests. */
export function serverPool(): (...args: Parameters<typeof RedisServer.start>) => Promise<RedisServer> {
  const servers: RedisServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });
  return async (...args) => {
    const s = await RedisServer.start(...args);
    servers.push(s);
    return s;
  };
}
