import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FINDING_GUIDE } from "../../../lambda/core/vocabulary/findingGuide.js";

/** docs/checks.md's findings table: code, severity and "When", cell by cell (Biome pads the columns). */
function findingsTable(): Record<string, { severity: string; when: string }> {
  const doc = readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "checks.md"), "utf8");
  const rows: Record<string, { severity: string; when: string }> = {};
  for (const line of doc.split("\n")) {
    const row = /^\| `([A-Z_]+)` +\|(.*)\|$/.exec(line);
    if (!row) continue;
    const [severity = "", when = ""] = (row[2] ?? "").split(/(?<!\\)\|/).map((c) => c.trim().replaceAll("\\|", "|"));
    rows[row[1] ?? ""] = { severity, when };
  }
  return rows;
}

describe("the finding guide (what the MCP server's get_finding_explanation answers)", () => {
  it("says what docs/checks.md's table says, for the same codes: neither can drift from the other", () => {
    const table = findingsTable();
    expect(Object.keys(table).sort()).toEqual(Object.keys(FINDING_GUIDE).sort());
    for (const [code, guide] of Object.entries(FINDING_GUIDE)) {
      expect({ severity: guide.severity, when: guide.when }, code).toEqual(table[code]);
    }
  });

  it("says for every code what it means and what to do", () => {
    for (const [code, guide] of Object.entries(FINDING_GUIDE)) {
      expect(guide.meaning.length, code).toBeGreaterThan(40);
      expect(guide.whatToDo.length, code).toBeGreaterThan(20);
    }
  });
});
