import { describe, expect, it } from "vitest";
import { JsonSyntaxError, lineAndColumn, locateJsonError, parseJson } from "../../../lambda/core/settings/json.js";

const failure = (text: string): JsonSyntaxError => {
  try {
    parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
  throw new Error("expected a JsonSyntaxError");
};

describe("parseJson", () => {
  it("parses what JSON.parse parses", () => {
    expect(parseJson('{"a": [1, "x", null]}')).toEqual({ a: [1, "x", null] });
  });

  it("a trailing comma, in an object and in a list (V8's message has no position for the list)", () => {
    expect(failure('{\n  "a": 1,\n}')).toMatchObject({
      line: 3,
      column: 1,
      problem: 'a comma before "}": JSON allows no trailing comma',
    });
    expect(failure("[1,\n 2,\n]").message).toBe(
      'not valid JSON at line 3, column 1: a comma before "]": JSON allows no trailing comma',
    );
  });

  it("says what is wrong without quoting the text", () => {
    const cases: Array<[string, string]> = [
      ['{"password": hunter2}', "expected a value"],
      ["{'url': 'redis://u:hunter2@h'}", "a property name in single quotes: JSON needs double quotes"],
      ['{"a": "hunter2', "text in quotes that is not closed"],
      ['{"a": "x" "hunter2": 1}', 'expected "," or "}" after a property\'s value'],
      ['["hunter2" "b"]', 'expected "," or "]" after a list item'],
      ['{"a": 1} {"hunter2": 1}', "more text after the end of the document"],
      ['{"a": "x\ty"}', "a control character"],
      ['{"a": "\\q"}', "a backslash escape JSON does not have"],
      ['{"a": 01}', "not a valid number"],
      ['{"a" 1}', 'expected ":" after the property name'],
      ['{"a": [1, 2', 'the document ends inside the list opened at line 1, column 7: a "]" is missing'],
      ["   ", "the document is empty"],
    ];
    for (const [text, problem] of cases) {
      const e = failure(text);
      expect(e.problem, text).toContain(problem);
      expect(e.message, text).not.toMatch(/hunter2|redis:/);
    }
  });

  it("columns count characters, not UTF-16 units", () => {
    expect(lineAndColumn('"é😀" x', 5)).toEqual({ line: 1, column: 5 });
    // The x is the 7th UTF-16 unit but the 6th character.
    expect(failure('"é😀" x')).toMatchObject({ line: 1, column: 6 });
  });

  it("the scanner agrees with JSON.parse on what is valid (random short texts)", () => {
    const alphabet = [
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      '"',
      "a",
      "1",
      "-",
      ".",
      "e",
      " ",
      "\\",
      "t",
      "r",
      "u",
      "n",
      "l",
      "0",
      "\n",
      "+",
    ];
    let seed = 21;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 20_000; n++) {
      let text = "";
      for (let k = 0, len = 1 + Math.floor(random() * 10); k < len; k++) text += alphabet[Math.floor(random() * alphabet.length)];
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(locateJsonError(text) === undefined, text).toBe(valid);
    }
  });

  it("deep nesting is reported, not followed until the stack overflows", () => {
    expect(failure("[".repeat(5000)).problem).toBe("nested deeper than 1000 levels");
  });
});
