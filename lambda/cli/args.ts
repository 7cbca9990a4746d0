import { parseArgs } from "node:util";
import { CONCURRENCY_BOUNDS, TIMEOUT_MS_BOUNDS } from "../core/settings/defaults.js";
import { RemediationModeSchema } from "../core/settings/schemas.js";
import { boundedIntFromText } from "../core/settings/validators.js";
import type { RemediationMode } from "../core/vocabulary/types.js";

export interface CliArgs {
  urls: string[];
  config?: string;
  /** A state file of each node's recent samples, read and written each run: forecasts from cron and Nagios. */
  history?: string;
  json: boolean;
  format: OutputFormat;
  remediate?: RemediationMode;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  concurrency?: number;
  verbose: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const OUTPUT_FORMATS = ["text", "json", "nagios", "prometheus"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals, tokens } = parsed;
  // An option given twice would silently keep the last: a run does one thing, said once.
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== "option" || t.value === undefined) continue;
    if (seen.has(t.name)) throw new UsageError(`--${t.name} is given twice: give it once`);
    seen.add(t.name);
  }
  let remediate: RemediationMode | undefined;
  if (values.remediate !== undefined) {
    const mode = RemediationModeSchema.safeParse(values.remediate);
    if (!mode.success) throw new UsageError(`--remediate must be off, dry-run or on, not "${values.remediate}"`);
    remediate = mode.data;
  }
  const format = values.format ?? (values.json ? "json" : "text");
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(", ")}, not "${format}"`);
  }
  if (values.json && format !== "json") throw new UsageError(`--json and --format ${format} ask for two formats`);
  return {
    urls: positionals,
    format: format as OutputFormat,
    config: values.config,
    history: values.history,
    json: format === "json",
    remediate,
    connectTimeoutMs: bounded(values["connect-timeout"], "--connect-timeout", TIMEOUT_MS_BOUNDS),
    commandTimeoutMs: bounded(values["command-timeout"], "--command-timeout", TIMEOUT_MS_BOUNDS),
    concurrency: bounded(values.concurrency, "--concurrency", CONCURRENCY_BOUNDS),
    verbose: values.verbose ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    tokens: true,
    options: {
      config: { type: "string" },
      history: { type: "string" },
      json: { type: "boolean" },
      format: { type: "string" },
      remediate: { type: "string" },
      "connect-timeout": { type: "string" },
      "command-timeout": { type: "string" },
      concurrency: { type: "string" },
      verbose: { type: "boolean", short: "v" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "V" },
    },
  });
}

/** The same bound as the endpoints document and the handler's environment give this number. */
function bounded(value: string | undefined, flag: string, bounds: { min: number; max: number }): number | undefined {
  if (value === undefined) return undefined;
  const n = boundedIntFromText(bounds).safeParse(/^\d+$/.test(value) ? value : Number.NaN);
  if (!n.success) throw new UsageError(`${flag} must be a whole number from ${bounds.min} to ${bounds.max}`);
  return n.data;
}
