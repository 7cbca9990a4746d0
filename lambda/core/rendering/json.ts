import type { CheckReport } from "../report/report.js";

/**
 * The JSON report as `--json` prints it and the MCP server returns it (its text, and parsed, its structured
 * content): two spaces of indentation and a final newline. Fields left undefined are absent.
 */
export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
