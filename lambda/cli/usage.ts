import {
  CONCURRENCY_BOUNDS,
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUTS,
  DEFAULT_URL,
  TIMEOUT_MS_BOUNDS,
} from "../core/settings/defaults.js";

/** `--help`: apart from the arguments' parser (which needs the validators), so the bin prints it before they load. */
export const USAGE = `Usage: redis-memory-checker [URL ...] [options]
       redis-memory-checker mcp [--config FILE] [--allow-remediate]   (the MCP server: mcp --help)

Checks Redis memory health: fragmentation (and where it lives), swap, maxmemory pressure,
eviction policy, active defrag. With no URL and no --config it checks ${DEFAULT_URL}.

  URL                       redis://[user:password@]host:port or rediss://… (TLS)
  --config FILE             endpoints JSON (the Secrets Manager format; see README)
  --history FILE            each node's recent samples, read and rewritten every run (created if
                            missing): growth forecasts (MAXMEMORY_FORECAST) for cron and Nagios
  --json                    print the machine-readable report (same as --format json)
  --format FORMAT           text (default) | json | nagios (monitoring-plugin line, perfdata
                            and exit code) | prometheus (node_exporter textfile collector)
  --remediate MODE          off | dry-run | on (default: the config's, else dry-run)
  --connect-timeout MS      connection timeout per node (default ${DEFAULT_TIMEOUTS.connectMs}, ${TIMEOUT_MS_BOUNDS.min} to ${TIMEOUT_MS_BOUNDS.max})
  --command-timeout MS      command timeout per node (default ${DEFAULT_TIMEOUTS.commandMs}, ${TIMEOUT_MS_BOUNDS.min} to ${TIMEOUT_MS_BOUNDS.max})
  --concurrency N           Redis connections open at once, over all endpoints and nodes
                            (default ${DEFAULT_CONCURRENCY}, ${CONCURRENCY_BOUNDS.min} to ${CONCURRENCY_BOUNDS.max})
  -v, --verbose             show every finding, including context
  -V, --version             print the version
  -h, --help                this text

Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (worst over all endpoints), 64 usage error,
66 config file unreadable, 65 config invalid.`;
