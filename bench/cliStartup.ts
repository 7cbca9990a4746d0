/**
 * npx tsx bench/cliStartup.ts [--runs 7] [--no-build]   (also part of npm run bench)
 *
 * The bundled CLI's start-up as a person meets it: whole processes of dist/cli.cjs, timed from spawn to
 * exit, medians of RUNS interleaved runs after one warm-up round, beside `node -e 0` and `redis-cli info
 * memory` against the same local redis-server. Peak RSS is each node process's own peak (VmHWM) at exit, written
 * by a preload every node run gets alike. Exits 1 when a target is missed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median, PEAK_PRELOAD, standalone } from "./measure.js";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "dist", "cli.cjs");
const IOREDIS = createRequire(import.meta.url).resolve("ioredis");

export const CLI_STARTUP_TARGETS = {
  /** One endpoint, whole process, against `node -e 0`; the aim is printed beside the target. */
  endpointVsNode: 1.5,
  endpointAimVsNode: 1.3,
  endpointPeakMiB: 50,
  versionVsNode: 1.1,
};

export interface Figure {
  ms: number;
  /** Median peak RSS; node processes only. */
  peakMiB?: number;
}

export interface CliStartup {
  runs: number;
  node: Figure;
  version: Figure;
  endpoint: Figure;
  /** The same run with NODE_DISABLE_COMPILE_CACHE=1: what the compile cache saves. */
  endpointUncached: Figure;
  /** ioredis loaded alone, nothing else: the share of the start-up that is the Redis client's. */
  ioredis: Figure;
  redisCli: Figure;
}

interface Command {
  name: keyof Omit<CliStartup, "runs">;
  argv: string[];
  env?: Record<string, string>;
  /** Throws unless the run did its job: a failing run is never timed as if it had. */
  expect?: (code: number | null, stdout: string, stderr: string) => void;
}

/** Measures against a redis-server listening on loopback `port`; dist/ must be built. */
export function measureCliStartup(port: number, runs = 7): CliStartup {
  const dir = mkdtempSync(join(tmpdir(), "rmc-startup-bench-"));
  const preload = join(dir, "peak.cjs");
  writeFileSync(preload, PEAK_PRELOAD);
  const node = (...args: string[]) => [process.execPath, "--require", preload, ...args];
  const url = `redis://127.0.0.1:${port}`;
  const checked = (code: number | null, stdout: string, stderr: string) => {
    if (code === null || code > 2 || !/^redis-memory-checker .*: (OK|WARNING|CRITICAL)/.test(stdout)) {
      throw new Error(`the CLI did not check ${url} (exit ${code}): ${stdout.slice(0, 500)}${stderr.slice(0, 500)}`);
    }
  };
  const commands: Command[] = [
    { name: "node", argv: node("-e", "0") },
    {
      name: "version",
      argv: node(CLI, "--version"),
      expect: (code, stdout) => {
        if (code !== 0 || !/^redis-memory-checker /.test(stdout)) throw new Error(`--version failed: exit ${code}`);
      },
    },
    { name: "endpoint", argv: node(CLI, url), expect: checked },
    { name: "endpointUncached", argv: node(CLI, url), env: { NODE_DISABLE_COMPILE_CACHE: "1" }, expect: checked },
    { name: "ioredis", argv: node("-e", `require(${JSON.stringify(IOREDIS)})`) },
    {
      name: "redisCli",
      argv: ["redis-cli", "-p", String(port), "info", "memory"],
      expect: (code, stdout) => {
        if (code !== 0 || !/used_memory:/.test(stdout)) throw new Error(`redis-cli failed: exit ${code}`);
      },
    },
  ];
  const samples = new Map<string, { ms: number[]; peakKiB: number[] }>(commands.map((c) => [c.name, { ms: [], peakKiB: [] }]));
  try {
    // Round 0 warms the page cache and the compile cache, and is not counted; the rounds interleave the
    // commands so that a busy machine slows them all alike.
    for (let round = 0; round <= runs; round++) {
      for (const c of commands) {
        const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...c.env };
        const start = performance.now();
        const r = spawnSync(c.argv[0] as string, c.argv.slice(1), {
          env,
          cwd: tmpdir(),
          stdio: ["ignore", "pipe", "pipe", "pipe"],
          encoding: "utf8",
        });
        const ms = performance.now() - start;
        if (r.error) throw r.error;
        c.expect?.(r.status, String(r.stdout), String(r.stderr));
        if (round === 0) continue;
        const s = samples.get(c.name);
        s?.ms.push(ms);
        const peak = Number(r.output[3]);
        if (peak > 0) s?.peakKiB.push(peak);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const figure = (name: string): Figure => {
    const s = samples.get(name) ?? { ms: [], peakKiB: [] };
    return { ms: median(s.ms), ...(s.peakKiB.length ? { peakMiB: median(s.peakKiB) / 1024 } : {}) };
  };
  return {
    runs,
    node: figure("node"),
    version: figure("version"),
    endpoint: figure("endpoint"),
    endpointUncached: figure("endpointUncached"),
    ioredis: figure("ioredis"),
    redisCli: figure("redisCli"),
  };
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const mib = (f: Figure) => (f.peakMiB === undefined ? "" : `, peak RSS ${f.peakMiB.toFixed(1)} MiB`);
const ratio = (f: Figure, base: Figure) => `${(f.ms / base.ms).toFixed(2)}x`;

/** The figures and the targets' verdicts, as bench/run.ts prints them. */
export function cliStartupReport(m: CliStartup): { figures: string[]; targets: string[]; missed: boolean } {
  const t = CLI_STARTUP_TARGETS;
  const endpointRatio = m.endpoint.ms / m.node.ms;
  const versionRatio = m.version.ms / m.node.ms;
  const peak = m.endpoint.peakMiB ?? Number.POSITIVE_INFINITY;
  const checks = [
    {
      ok: endpointRatio <= t.endpointVsNode,
      line: `one endpoint within ${t.endpointVsNode}x of node -e 0 (aim ${t.endpointAimVsNode}x${endpointRatio <= t.endpointAimVsNode ? ", reached" : ""})`,
      miss: `${(endpointRatio - t.endpointVsNode).toFixed(2)}x`,
    },
    {
      ok: peak < t.endpointPeakMiB,
      line: `one endpoint under ${t.endpointPeakMiB} MiB peak RSS`,
      miss: `${(peak - t.endpointPeakMiB).toFixed(1)} MiB`,
    },
    {
      ok: versionRatio <= t.versionVsNode,
      line: `--version within ${t.versionVsNode}x of node -e 0`,
      miss: `${(versionRatio - t.versionVsNode).toFixed(2)}x`,
    },
  ];
  return {
    figures: [
      `CLI start-up: whole processes, one local endpoint, medians of ${m.runs} runs`,
      `  node -e 0:                              ${ms(m.node.ms)}${mib(m.node)}   baseline`,
      `  dist/cli.cjs --version:                 ${ms(m.version.ms)}${mib(m.version)}   ${ratio(m.version, m.node)}`,
      `  dist/cli.cjs redis://127.0.0.1:PORT:    ${ms(m.endpoint.ms)}${mib(m.endpoint)}   ${ratio(m.endpoint, m.node)} (without the compile cache ${ms(m.endpointUncached.ms)}${mib(m.endpointUncached)}, ${ratio(m.endpointUncached, m.node)})`,
      `  node -e "require('ioredis')":           ${ms(m.ioredis.ms)}${mib(m.ioredis)}   ${ratio(m.ioredis, m.node)} (the Redis client alone, from node_modules)`,
      `  redis-cli -p PORT info memory:          ${ms(m.redisCli.ms)}   ${ratio(m.redisCli, m.node)} (the CLI takes ${(m.endpoint.ms / m.redisCli.ms).toFixed(1)}x redis-cli's time)`,
    ],
    targets: checks.map((c) => `  ${c.line}: ${c.ok ? "met" : `MISSED by ${c.miss}`}`),
    missed: checks.some((c) => !c.ok),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const report = await standalone((port, runs) => cliStartupReport(measureCliStartup(port, runs)));
  console.log([...report.figures, "Targets", ...report.targets].join("\n"));
  process.exit(report.missed ? 1 : 0);
}
