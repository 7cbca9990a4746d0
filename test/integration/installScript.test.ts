import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { serverBuild } from "../../scripts/lib/binaries.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");
const SCRIPT = join(ROOT, "scripts", "install-redis.sh");

/** The machine's apt configuration, as files and their contents. */
function aptConfiguration(): string {
  const hash = createHash("sha256");
  for (const dir of ["/etc/apt/sources.list.d", "/etc/apt/apt.conf.d", "/etc/apt/preferences.d"]) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {}
    for (const name of names) hash.update(`${dir}/${name}\n`).update(readFileSync(join(dir, name)));
  }
  return hash.digest("hex");
}

/**
 * An APT_CONFIG that makes apt see Debian's sid and experimental source lists beside the machine's own, as
 * many Debian developers' machines do, with its lists read into a folder of the test's.
 */
async function aptWithExtraSuites(): Promise<NodeJS.ProcessEnv> {
  const dir = mkdtempSync(join(tmpdir(), "rmc-apt-"));
  mkdirSync(join(dir, "parts"));
  mkdirSync(join(dir, "lists", "partial"), { recursive: true });
  for (const f of readdirSync("/etc/apt/sources.list.d").filter((n) => /\.(list|sources)$/.test(n))) {
    cpSync(join("/etc/apt/sources.list.d", f), join(dir, "parts", f));
  }
  writeFileSync(
    join(dir, "parts", "extra.sources"),
    [
      "Types: deb-src",
      "URIs: http://deb.debian.org/debian",
      "Suites: trixie sid experimental",
      "Components: main",
      "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
      "",
    ].join("\n"),
  );
  const conf = join(dir, "apt.conf");
  writeFileSync(conf, `Dir::Etc::SourceParts "${dir}/parts";\nDir::State::Lists "${dir}/lists";\nDebug::NoLocking "1";\n`);
  const env = { ...process.env, APT_CONFIG: conf };
  await run("apt-get", ["update", "-qq"], { env, timeout: 120_000 });
  // The machine, as the script will see it, now offers Redis 8.6 beside 8.0 and Valkey 9.1 beside 8.1.
  const { stdout } = await run("apt-cache", ["showsrc", "redis", "valkey"], { env, maxBuffer: 1 << 24 });
  expect(stdout).toMatch(/^Version: 5:8\.6\./m);
  return env;
}

describe("scripts/install-redis.sh", () => {
  it("takes each server from its own suite whatever the machine's lists hold, and leaves apt as it found it", async () => {
    // Prepare
    const before = aptConfiguration();
    const extra = await aptWithExtraSuites();

    // Act
    const plain = await run("bash", [SCRIPT, "--plan"], { timeout: 180_000 });
    const withExtra = await run("bash", [SCRIPT, "--plan"], { env: extra, timeout: 180_000 });
    const install = await run("bash", [SCRIPT], { env: extra, timeout: 180_000 });
    const verify = await run("bash", [SCRIPT, "--verify"], { timeout: 60_000 });

    // Assess
    expect(withExtra.stdout).toBe(plain.stdout);
    const plan = plain.stdout
      .trim()
      .split("\n")
      .map((l) => l.split(" "));
    const folders = new Map(plan.map(([, , version, folder]) => [folder as string, version as string]));
    for (const [folder, version] of folders) {
      // The label is the suite's upstream version: no epoch, no +dfsg, no Debian revision.
      const upstream = version.replace(/^\d+:/, "").replace(/[+~]dfsg\d*.*$|-[^-]*$/, "");
      expect(folder).toContain(`-${upstream}-`);
    }
    expect(plan.find(([pkg, suite]) => pkg === "redis" && suite === "trixie")?.[3]).toMatch(/^redis-8\.0\.\d+-jemalloc$/);
    expect(plan.find(([pkg, suite]) => pkg === "redis" && suite === "experimental")?.[3]).toMatch(/^redis-8\.6\./);
    expect(plan.find(([pkg, suite]) => pkg === "valkey" && suite === "trixie")?.[3]).toMatch(/^valkey-8\.1\./);
    expect(plan.filter(([pkg, suite]) => pkg === "valkey" && suite === "sid").map((p) => p[3])).toEqual([
      expect.stringMatching(/^valkey-9\.1\.\d+-jemalloc$/),
      expect.stringMatching(/^valkey-9\.1\.\d+-system-jemalloc$/),
    ]);
    expect(install.stderr).not.toMatch(/building/);
    expect(verify.stdout).not.toMatch(/MISMATCH/);
    expect(verify.stdout.trim().split("\n").length).toBeGreaterThanOrEqual(folders.size);
    expect(aptConfiguration()).toBe(before);
  }, 300_000);

  it("finds a build whose binary does not report its label's version", async () => {
    // Prepare: a cache holding Redis 8.0 labelled 8.6, as the old script once made it
    const cache = mkdtempSync(join(tmpdir(), "rmc-cache-"));
    const real = serverBuild("redis-8.0-jemalloc");
    mkdirSync(join(cache, "redis-8.6.3-jemalloc"));
    cpSync(real.binary, join(cache, "redis-8.6.3-jemalloc", "redis-server"));
    writeFileSync(
      join(cache, "redis-8.6.3-jemalloc", "build.json"),
      JSON.stringify({ engine: "redis", version: "8.6.3", allocator: "jemalloc", binary: "redis-server" }),
    );

    // Act
    const verify = await run("bash", [SCRIPT, "--verify"], { env: { ...process.env, REDIS_BUILD_CACHE: cache } }).then(
      () => ({ code: 0, stdout: "" }),
      (e: { code: number; stdout: string }) => e,
    );

    // Assess
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/MISMATCH redis-8\.6\.3-jemalloc: labelled 8\.6\.3, reports v=8\.0\.\d+/);
  });
});
