/**
 * npm run demo: starts a throwaway redis-server, fragments it for real, checks it with remediation on,
 * and checks again while active defrag works. Uses the defrag-capable build when scripts/install-redis.sh
 * has made one, otherwise Debian's redis-server (which refuses activedefrag: the demo shows that too).
 */
import { execFileSync } from "node:child_process";
import { main } from "../lambda/cli/main.js";
import { debianRedisServer, defragRedisServer } from "./lib/binaries.js";
import { fragment } from "./lib/fragment.js";
import { RedisServer } from "./lib/redisServer.js";

function pickBinary(): { binary: string; label: string } | undefined {
  try {
    return { binary: defragRedisServer(), label: "defrag-capable build (bundled jemalloc)" };
  } catch {
    try {
      return { binary: debianRedisServer(), label: "Debian's redis-server (system jemalloc: no active defrag)" };
    } catch {
      return undefined;
    }
  }
}

const picked = pickBinary();
if (!picked) {
  console.error("redis-server not found: install it with `sudo apt-get install -y redis-server` and run `npm run demo` again.");
  process.exit(1);
}
const version = execFileSync(picked.binary, ["--version"], { encoding: "utf8" }).trim();
console.log(`Starting a throwaway Redis: ${picked.label}\n  ${version}`);
const server = await RedisServer.start({ binary: picked.binary });
const client = server.client();
try {
  console.log(`Writing 350,000 values of 50 to 750 bytes on ${server.url}, then deleting 9 of every 10…`);
  await fragment(client, { keys: 350_000 });
  await new Promise((r) => setTimeout(r, 1500));

  console.log(`\n$ npm run check -- ${server.url} --remediate on\n`);
  const first = await main([server.url, "--remediate", "on"]);

  const enabled = (await client.config("GET", "activedefrag").catch(() => [])) as string[];
  if (enabled[1] === "yes") {
    console.log("\nActive defrag is on. Waiting 20 s for it to work, then checking again…");
    await new Promise((r) => setTimeout(r, 20_000));
    console.log(`\n$ npm run check -- ${server.url} --verbose\n`);
    await main([server.url, "--verbose"]);
  }
  console.log(`\nThe first check exited with ${first} (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). The throwaway Redis is stopped.`);
} finally {
  client.disconnect();
  await server.stop();
}
