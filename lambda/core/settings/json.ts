/**
 * JSON as people write it, with errors they can act on: where (line and column) and what, never the text
 * itself (a secret's document holds passwords). V8's own messages give a position for most mistakes but
 * quote the document for others (`Unexpected token ']', "[1,2,]" is not valid JSON`), so a failed parse is
 * located and described again here, by a scanner that only ever runs on text JSON.parse refused.
 */

export class JsonSyntaxError extends Error {
  override name = "JsonSyntaxError";
  constructor(
    /** 1-based, as editors count. */
    readonly line: number,
    readonly column: number,
    /** What is wrong there, in words that never quote the document. */
    readonly problem: string,
  ) {
    super(`not valid JSON at line ${line}, column ${column}: ${problem}`);
  }
}

/** JSON.parse, with a JsonSyntaxError (line, column, what) instead of V8's message. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const found = locateJsonError(text) ?? { at: v8Position(err) ?? text.length, problem: "not valid JSON here" };
    const { line, column } = lineAndColumn(text, found.at);
    throw new JsonSyntaxError(line, column, found.problem);
  }
}

/** `at position 12` in V8's message; only a fallback, for text the scanner below finds nothing wrong with. */
function v8Position(err: unknown): number | undefined {
  const m = /at position (\d+)/.exec(err instanceof Error ? err.message : "");
  return m ? Number(m[1]) : undefined;
}

/** 1-based line and column of a UTF-16 offset; the column counts characters (code points), as editors do. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf("\n") + 1;
  const line = before.split("\n").length;
  return { line, column: [...before.slice(lineStart)].length + 1 };
}

class Located {
  constructor(
    readonly at: number,
    readonly problem: string,
  ) {}
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const VALUE_STARTS = 'a value (an object {…}, a list […], "text", a number, true, false or null)';

/**
 * The first place the text breaks JSON's grammar (RFC 8259), and what breaks it; undefined for valid JSON.
 * Recursive descent, bounded: nesting deeper than MAX_DEPTH is reported rather than followed.
 */
export function locateJsonError(text: string): { at: number; problem: string } | undefined {
  let i = 0;
  const fail = (problem: string, at = i): never => {
    throw new Located(at, problem);
  };
  const skipWhitespace = () => {
    while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
  };

  const value = (depth: number): void => {
    skipWhitespace();
    if (i >= text.length) fail(`the document ends where ${VALUE_STARTS} was expected`);
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    const c = text[i] as string;
    const parse =
      c === "{" ? object : c === "[" ? array : c === '"' ? string : c === "-" || (c >= "0" && c <= "9") ? number : undefined;
    if (parse) {
      parse(depth);
      return;
    }
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (c === "'") fail("text in single quotes: JSON needs double quotes");
    if (c === "," || c === "]" || c === "}") {
      fail(previousToken() === "," ? `a comma before "${c}": JSON allows no trailing comma` : `expected ${VALUE_STARTS}`);
    }
    fail(`expected ${VALUE_STARTS}; text must be in double quotes`);
  };

  const object = (depth: number): void => {
    const open = i++;
    skipWhitespace();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (i >= text.length) fail(`the document ends inside the object opened at ${where(text, open)}: a "}" is missing`);
      const c = text[i];
      if (c !== '"') {
        if (c === "}" && previousToken() === ",") fail('a comma before "}": JSON allows no trailing comma');
        if (c === "'") fail("a property name in single quotes: JSON needs double quotes");
        fail("expected a property name in double quotes");
      }
      string();
      skipWhitespace();
      if (i >= text.length) fail(`the document ends inside the object opened at ${where(text, open)}: a "}" is missing`);
      if (text[i] !== ":") fail('expected ":" after the property name');
      i++;
      value(depth + 1);
      skipWhitespace();
      if (i >= text.length) fail(`the document ends inside the object opened at ${where(text, open)}: a "}" is missing`);
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      fail(`expected "," or "}" after a property's value (a comma missing between two properties?)`);
    }
  };

  const array = (depth: number): void => {
    const open = i++;
    skipWhitespace();
    if (i >= text.length) fail(`the document ends inside the list opened at ${where(text, open)}: a "]" is missing`);
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      value(depth + 1);
      skipWhitespace();
      if (i >= text.length) fail(`the document ends inside the list opened at ${where(text, open)}: a "]" is missing`);
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      fail(`expected "," or "]" after a list item (a comma missing between two items?)`);
    }
  };

  const string = (): void => {
    const open = i++;
    for (;;) {
      if (i >= text.length) fail(`text in quotes that is not closed: a '"' is missing`, open);
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\\") {
        const next = text[i + 1];
        if (next !== undefined && ESCAPES.has(next)) i += 2;
        else if (next === "u" && /^[\da-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail(next === "u" ? "a \\u escape needs four hexadecimal digits" : "a backslash escape JSON does not have");
        continue;
      }
      if (c < " ") fail("a control character (a raw tab or line break?) inside text: write it as \\t or \\n");
      i++;
    }
  };

  const number = (): void => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail("not a number (a minus sign must be followed by a digit)");
    i += (m as RegExpExecArray)[0].length;
    const next = text[i];
    if (next !== undefined && /[\d.eE]/.test(next))
      fail("not a valid number (a leading zero, or a decimal point or exponent without digits)");
  };

  /** The last character before `i` that is not whitespace. */
  const previousToken = (): string | undefined => {
    let j = i - 1;
    while (j >= 0 && WHITESPACE.has(text[j] as string)) j--;
    return text[j];
  };

  try {
    if (text.trim() === "") fail("the document is empty");
    value(0);
    skipWhitespace();
    if (i < text.length) fail('more text after the end of the document (an extra "}" or "]", or a second document?)');
    return undefined;
  } catch (e) {
    if (e instanceof Located) return { at: e.at, problem: e.problem };
    throw e;
  }
}

const MAX_DEPTH = 1000;

function where(text: string, offset: number): string {
  const { line, column } = lineAndColumn(text, offset);
  return `line ${line}, column ${column}`;
}
