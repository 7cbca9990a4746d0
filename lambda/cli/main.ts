import { readFile } from "node:fs/promises";
import { ioredisAccess } from "../adapters/redis/client.js";
import { resolveCredentials } from "../checker/credentials.js";
import { runCheck } from "../checker/runCheck.js";
import { type DocumentRead, runEntries } from "../checker/runEntries.js";
import { TOOL } from "../checker/tool.js";
import { endpointFromUrl, type Overrides } from "../core/endpoints/endpoint.js";
import { clashText } from "../core/endpoints/names.js";
import type { Sample } from "../core/forecast/history.js";
import { formatJson } from "../core/rendering/json.js";
import { formatNagios } from "../core/rendering/nagios.js";
import { formatPrometheus } from "../core/rendering/prometheus.js";
import { formatReport } from "../core/rendering/terminal.js";
import { reportExitCode } from "../core/report/report.js";
import { DEFAULT_URL } from "../core/settings/defaults.js";
import { type CliArgs, parseCliArgs, UsageError } from "./args.js";
import { previousFromHistory, readHistoryFile, writeHistoryFile } from "./historyFile.js";
import { needsAws } from "./needsAws.js";
import { progressLine } from "./progress.js";
import { USAGE } from "./usage.js";

/** Reading referenced credentials secrets, all together. */
const CREDENTIALS_READ_MS = 10_000;

export const EXIT_USAGE = 64;
export const EXIT_DATAERR = 65;
export const EXIT_NOINPUT = 66;

/** The command-line entry point: a thin wire from arguments to the checker and back to the terminal. */
export async function main(
  argv: string[],
  out: Pick<NodeJS.WriteStream, "write"> = process.stdout,
  err: Pick<NodeJS.WriteStream, "write"> & { isTTY?: boolean } = process.stderr,
): Promise<number> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`redis-memory-checker: ${e.message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (args.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (args.version) {
    out.write(`${TOOL.name} ${TOOL.version}\n`);
    return 0;
  }

  const overrides: Overrides = {
    remediate: args.remediate,
    timeouts: { connectMs: args.connectTimeoutMs, commandMs: args.commandTimeoutMs },
  };
  const documents: DocumentRead[] = [];
  let unreadable: string | undefined;
  if (args.config) {
    try {
      documents.push({ from: { file: args.config }, text: await readFile(args.config, "utf8") });
    } catch (e) {
      unreadable = `cannot read --config ${args.config}: ${(e as Error).message}`;
    }
  }
  const run = runEntries({ urls: args.urls, documents }, {}, overrides);
  // Each bad URL named by its place on the command line, its password hidden: a usage error.
  const badUrls = run.problems.flatMap((p) => (p.kind === "url" ? [`redis-memory-checker: ${p.error.message}\n`] : []));
  if (badUrls.length > 0) {
    err.write(badUrls.join(""));
    return EXIT_USAGE;
  }
  if (unreadable !== undefined) {
    err.write(`redis-memory-checker: ${unreadable}\n`);
    return EXIT_NOINPUT;
  }
  for (const p of run.problems) {
    if (p.kind !== "document" || !p.invalid) continue;
    const { source, problems } = p.invalid;
    err.write(`redis-memory-checker: invalid configuration in ${source}:\n${problems.map((line) => `  - ${line}`).join("\n")}\n`);
    return EXIT_DATAERR;
  }
  // One name, one endpoint: within the file it is the file's fault (65); a URL beside it, the command line's (64).
  const clashes = run.problems.flatMap((p) => (p.kind === "clash" ? [p] : []));
  if (clashes.length > 0) {
    err.write(
      `redis-memory-checker: endpoint names must differ:\n${clashes.map((c) => `  - ${clashText(c.clash)}`).join("\n")}\n`,
    );
    return clashes.some((c) => c.onCommandLine) ? EXIT_USAGE : EXIT_DATAERR;
  }
  let histories: Map<string, Sample[]> | undefined;
  if (args.history) {
    try {
      histories = await readHistoryFile(args.history);
    } catch (e) {
      err.write(`redis-memory-checker: ${(e as Error).message}\n`);
      return EXIT_DATAERR;
    }
  }
  const concurrency = args.concurrency ?? run.concurrency;
  const endpoints = run.entries;
  if (endpoints.length === 0) endpoints.push(endpointFromUrl(DEFAULT_URL, overrides));

  // Loaded only when the run calls AWS (the bundle keeps it in dist/cli-aws.cjs): a plain redis:// run
  // loads no SDK at all.
  const aws = needsAws(endpoints) ? (await import("./aws.js")).cliAws() : undefined;
  const progress = progressLine(err, args.format === "text" && !process.env.CI);
  const entries = aws ? await resolveCredentials(endpoints, aws.secrets, AbortSignal.timeout(CREDENTIALS_READ_MS)) : endpoints;
  const report = await runCheck(entries, {
    redis: ioredisAccess,
    concurrency,
    parameterGroups: aws?.parameterGroups,
    discovery: aws?.discovery,
    metrics: aws?.metrics,
    progress: progress.update,
    ...(histories ? { previous: previousFromHistory(histories) } : {}),
  });
  progress.done();
  out.write(render(report, args));
  if (args.history && histories) {
    try {
      await writeHistoryFile(args.history, histories, report, new Date(report.finishedAt));
    } catch (e) {
      // The report stands; the next run's forecast will have one sample fewer, and this says why.
      err.write(`redis-memory-checker: cannot write --history ${args.history}: ${(e as Error).message}\n`);
    }
  }
  return reportExitCode(report);
}

function render(report: Parameters<typeof formatReport>[0], args: CliArgs): string {
  switch (args.format) {
    case "json":
      return formatJson(report);
    case "nagios":
      return formatNagios(report);
    case "prometheus":
      return formatPrometheus(report);
    default:
      return formatReport(report, { verbose: args.verbose });
  }
}

/** Once the report is out, the process ends within this bound, whatever a misbehaving server left open. */
export const EXIT_BOUND_MS = 150;

/** Runs the command as a process: the bin's (./bin.ts) work once `--version` and `--help` are ruled out. */
export function runCommand(argv: string[]): void {
  // A reader that stops early (`--json | head -2`) closes the pipe: stop quietly with the real exit code,
  // which a monitoring system reads, rather than a stack trace and 1 (WARNING).
  let settled: number | undefined;
  let pipeClosed = false;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") throw err;
      pipeClosed = true;
      if (settled !== undefined) process.exit(settled);
    });
  }
  main(argv).then(
    (code) => {
      settled = code;
      process.exitCode = code;
      if (pipeClosed) process.exit(code);
      // Every socket is closed by now; this only guards the promise that scheduled checks never pile up.
      setTimeout(() => process.exit(code), EXIT_BOUND_MS).unref();
    },
    (e) => {
      process.stderr.write(`redis-memory-checker: unexpected error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
