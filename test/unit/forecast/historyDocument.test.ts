import { describe, expect, it } from "vitest";
import {
  HistoryDocumentError,
  historyDocument,
  historyKey,
  parseHistoryDocument,
} from "../../../lambda/core/forecast/historyDocument.js";

describe("the --history document", () => {
  it("round-trips each node's samples", () => {
    const histories = new Map([
      [historyKey("cache", "10.0.0.1:6379"), [{ t: 1_800_000_000, used: 42, limit: 100, frag: 1.2, run: "abc" }]],
    ]);
    expect(parseHistoryDocument(historyDocument(histories))).toEqual(histories);
  });

  it.each([
    ['{"version":1,"tool":"redis-memory-checker","nodes":{},}', /not valid JSON at line 1, column 55/],
    ['{"version":2,"tool":"redis-memory-checker","nodes":{}}', /version 2: this checker reads version 1/],
    ['{"hello":"world"}', /not a redis-memory-checker history \(version 1\)/],
    ['{"version":1,"tool":"redis-memory-checker","nodes":{"a#b":[{"t":-1,"used":0}]}}', /nodes\.a#b\.0\.t/],
  ])("refuses %s, saying why", (text, why) => {
    expect(() => parseHistoryDocument(text)).toThrow(HistoryDocumentError);
    expect(() => parseHistoryDocument(text)).toThrow(why);
  });
});
