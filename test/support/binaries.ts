import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const INSTALL_HINT = "run: bash scripts/install-redis.sh (installs Debian's redis-server and builds the defrag-capable one)";

/** Debian's redis-server (system jemalloc: refuses activedefrag). */
export function debianRedisServer(): string {
  const bin = process.env.REDIS_SERVER ?? "redis-server";
  try {
    execFileSync(bin, ["--version"], { stdio: "ignore" });
  } catch {
    throw new Error(`redis-server not found (${bin}); ${INSTALL_HINT}`);
  }
  return bin;
}

/** The build from Debian's source with Redis's bundled jemalloc, cached by scripts/install-redis.sh. */
export function defragRedisServer(): string {
  const fromEnv = process.env.REDIS_DEFRAG_SERVER;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const cache =
    process.env.REDIS_BUILD_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "redis-memory-checker");
  if (existsSync(cache)) {
    for (const dir of readdirSync(cache)
      .filter((d) => d.startsWith("redis-defrag-"))
      .sort()
      .reverse()) {
      const bin = join(cache, dir, "redis-server");
      if (existsSync(bin)) return bin;
    }
  }
  throw new Error(`defrag-capable redis-server not found in ${cache}; ${INSTALL_HINT}`);
}
