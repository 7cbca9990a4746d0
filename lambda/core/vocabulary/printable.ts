/**
 * What a server says is data. Text from Redis or AWS (INFO values, error messages, replies) is shown with
 * every control character escaped, so no escape sequence reaches a terminal, an email or an SMS: no cleared
 * screen, no retitled window, no line overwritten with a fake OK. Escaped, not dropped, so what the server
 * sent can still be read: `\x1b[2J`. Covered (Unicode categories Cc, Cf, Zl, Zp): C0 controls (newline and
 * tab too: one value is one line), DEL, C1 controls (8-bit CSI), the invisible format characters among
 * which the bidirectional overrides that reorder text, and the line and paragraph separators.
 */
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
  });
}

/** Renders lines for a person: each line made printable, then joined. */
export function printableLines(lines: readonly string[]): string {
  return lines.map(printable).join("\n");
}
