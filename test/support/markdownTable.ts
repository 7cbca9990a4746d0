import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

/** The text of a docs page between its `<!-- name:start -->` and `<!-- name:end -->` markers. */
export function markedBlock(page: string, name: string): string | undefined {
  const doc = readFileSync(join(ROOT, page), "utf8");
  return new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(doc)?.[1];
}

/** A markdown table's cells, row by row: Biome pads the columns when it formats a page, so compare these. */
export function tableCells(table: string): string[][] {
  return table.split("\n").map((row) =>
    row
      .split("|")
      .slice(1, -1)
      .map((c) => (/^\s*-+\s*$/.test(c) ? "---" : c.trim())),
  );
}
