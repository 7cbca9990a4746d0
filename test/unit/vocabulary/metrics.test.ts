import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { METRICS_NAMESPACE } from "../../../lambda/core/settings/defaults.js";
import { METRICS, metricTable, STATUS_SCALE, statusValue } from "../../../lambda/core/vocabulary/metrics.js";
import { STATUSES } from "../../../lambda/core/vocabulary/types.js";
import { markedBlock, tableCells } from "../../support/markdownTable.js";

describe("metrics", () => {
  it("are listed in docs/deploying.md from the same table the function and the dashboard use", () => {
    // Prepare
    const listed = markedBlock("docs/deploying.md", "metrics");

    // Assess: cell by cell, Biome pads the table's columns when it formats the page.
    expect(listed, "docs/deploying.md has the metrics markers").toBeDefined();
    expect(tableCells(listed as string), "docs/deploying.md's table, between its metrics markers").toEqual(
      tableCells(metricTable()),
    );
    expect(
      tableCells(metricTable())
        .slice(2)
        .map((row) => row[0]),
    ).toEqual(Object.keys(METRICS).map((name) => `\`${name}\``));
  });

  it("are said to be in the namespace the stack gives them", () => {
    const doc = readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "deploying.md"), "utf8");
    const section = doc.slice(doc.indexOf("### Metrics"), doc.indexOf("<!-- metrics:start -->"));
    expect(section).toContain(`in the \`${METRICS_NAMESPACE}\` namespace`);
  });

  it("give Status as the statuses' order, UNKNOWN highest", () => {
    expect(STATUSES.map(statusValue)).toEqual([0, 1, 2, 3]);
    expect(STATUS_SCALE).toBe("0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN");
  });
});
