import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const INSTALL_HINT =
  "run: bash scripts/install-redis.sh (installs Debian's redis-server and builds the others from Debian's source packages, cached)";

/** One server build the bench can start. */
export interface ServerBuild {
  /** `redis-7.0.15-debian`, `redis-8.0.2-jemalloc`, `valkey-8.1.1-libc`, `valkey-9.1.2-system-jemalloc`… */
  id: string;
  engine: "redis" | "valkey";
  version: string;
  allocator: "jemalloc" | "libc";
  /** Which jemalloc: the one bundled with the server's source, or the system's (as Debian's packages link it). */
  jemalloc?: "bundled" | "system";
  /** Active defrag works: the bundled jemalloc. The system jemalloc (Debian's packages) and libc refuse it. */
  defrag: boolean;
  binary: string;
  /** `Valkey 8.1.1, libc`. */
  label: string;
}

/** The builds every test run needs (CI installs them; the tests never skip a missing one). */
export const REQUIRED_BUILDS = [
  "redis-7.0-debian",
  "redis-7.0-jemalloc",
  "redis-8.0-jemalloc",
  "redis-8.0-libc",
  "redis-8.6-jemalloc",
  "valkey-8.1-jemalloc",
  "valkey-8.1-libc",
  "valkey-9.1-jemalloc",
  "valkey-9.1-system-jemalloc",
] as const;

function cacheDir(): string {
  return process.env.REDIS_BUILD_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "redis-memory-checker");
}

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

/** Debian's package and every build scripts/install-redis.sh cached (each folder's build.json says what it is). */
export function serverBuilds(): ServerBuild[] {
  const builds: ServerBuild[] = [];
  const debian = debianRedisServer();
  const version = /v=(\d+\.\d+\.\d+)/.exec(execFileSync(debian, ["--version"], { encoding: "utf8" }))?.[1] ?? "0.0.0";
  builds.push({
    id: `redis-${version}-debian`,
    engine: "redis",
    version,
    allocator: "jemalloc",
    defrag: false,
    binary: debian,
    label: `Redis ${version}, Debian's package (system jemalloc)`,
  });
  const cache = cacheDir();
  if (!existsSync(cache)) return builds;
  for (const folder of readdirSync(cache).sort()) {
    const meta = join(cache, folder, "build.json");
    if (!existsSync(meta)) continue;
    const b = JSON.parse(readFileSync(meta, "utf8")) as {
      engine: "redis" | "valkey";
      version: string;
      allocator: "jemalloc" | "libc";
      jemalloc?: "bundled" | "system" | "none";
      binary: string;
    };
    const binary = join(cache, folder, b.binary);
    if (!existsSync(binary)) continue;
    const system = b.allocator === "jemalloc" && b.jemalloc === "system";
    builds.push({
      id: `${b.engine}-${b.version}-${system ? "system-" : ""}${b.allocator}`,
      engine: b.engine,
      version: b.version,
      allocator: b.allocator,
      ...(b.allocator === "jemalloc" ? { jemalloc: system ? ("system" as const) : ("bundled" as const) } : {}),
      defrag: b.allocator === "jemalloc" && !system,
      binary,
      label: `${b.engine === "valkey" ? "Valkey" : "Redis"} ${b.version}, ${system ? "system jemalloc (as Debian ships it)" : b.allocator}`,
    });
  }
  return builds;
}

/**
 * The build with this `engine-major.minor-kind` id (kind: `jemalloc`, `libc`, `system-jemalloc`, or `debian`
 * for the machine's package); throws with the command that fixes it when missing, so only the tests that need
 * a build fail without it.
 */
export function serverBuild(id: (typeof REQUIRED_BUILDS)[number]): ServerBuild {
  const [engine, minor, ...rest] = id.split("-") as [string, string, ...string[]];
  const kind = rest.join("-");
  const found = serverBuilds().find(
    (b) =>
      b.engine === engine &&
      `${b.version}.`.startsWith(`${minor}.`) &&
      (kind === "debian" ? b.id.endsWith("-debian") : b.id === `${b.engine}-${b.version}-${kind}`),
  );
  if (!found) throw new Error(`${id} server not found in ${cacheDir()}; ${INSTALL_HINT}`);
  return found;
}

/** The build from Debian's source with Redis's bundled jemalloc (7.0, defrag-capable). */
export function defragRedisServer(): string {
  const fromEnv = process.env.REDIS_DEFRAG_SERVER;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return serverBuild("redis-7.0-jemalloc").binary;
}
