import { describe, expect, it } from "vitest";
import { printable, printableLines } from "../../../lambda/core/vocabulary/printable.js";

describe("printable", () => {
  it.each([
    ["clear screen and retitle", "master\u001b[2J\u001b]0;owned\u0007", "master\\x1b[2J\\x1b]0;owned\\x07"],
    ["carriage return overwriting a line", "noeviction\r[OK]", "noeviction\\x0d[OK]"],
    ["a newline faking a second line", "master\nOK: all good", "master\\x0aOK: all good"],
    ["8-bit CSI", "a\u009b31mb", "a\\x9b31mb"],
    ["DEL", "a\u007fb", "a\\x7fb"],
    ["bidirectional override", "abc\u202efed", "abc\\u{202e}fed"],
    ["line separator", "a\u2028b", "a\\u{2028}b"],
    ["an astral format character (tag)", "a\u{e0041}b", "a\\u{e0041}b"],
  ])("escapes %s", (_name, input, expected) => {
    expect(printable(input)).toBe(expected);
  });

  it("leaves ordinary text alone, including non-ASCII letters", () => {
    expect(printable("jemalloc-5.3.0 café ünïcode 10.0.0.1:6379")).toBe("jemalloc-5.3.0 café ünïcode 10.0.0.1:6379");
  });

  it("joins lines with real newlines, each line made printable", () => {
    expect(printableLines(["one\u001b[2J", "two"])).toBe("one\\x1b[2J\ntwo");
  });
});
