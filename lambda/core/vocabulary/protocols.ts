/**
 * What answered, when it is not Redis: read from the first bytes a server sent. A Redis reply starts with a
 * RESP type byte; anything else is another service on that port, named where its first bytes say which.
 */

/** RESP2's type bytes (`+ - : $ *`) and RESP3's (`_ , # ( ! = % ~ > |`). */
const RESP_TYPE_BYTES = new Set([..."+-:$*_,#(!=%~>|"].map((c) => c.charCodeAt(0)));

/** At most this much of what the server sent is quoted. */
const QUOTE_MAX = 60;

export interface ForeignAnswer {
  /**
   * What it answered, to follow "it answered": `HTTP`, `SSH`, `SMTP`, `as memcached does`…; undefined when the
   * bytes are not RESP but name nothing known.
   */
  protocol?: string;
  /** A TLS record on a plain connection: the port expects TLS (it may well be Redis with TLS). */
  tls?: true;
  /** The first line of what was sent, every byte outside printable ASCII escaped (`\x15`). */
  quote: string;
}

/** Undefined when the bytes start as a Redis reply does (or there are none). */
export function foreignAnswer(bytes: Uint8Array): ForeignAnswer | undefined {
  const first = bytes[0];
  if (first === undefined || RESP_TYPE_BYTES.has(first)) return undefined;
  // A TLS record: content type 21 (alert) or 22 (handshake), then the protocol version's major byte, 3. An
  // alert is 7 bytes; a record is binary, so it is quoted whole rather than up to a line break.
  if ((first === 0x15 || first === 0x16) && bytes[1] === 0x03) {
    const protocol = first === 0x15 ? "a TLS alert" : "a TLS handshake";
    return { protocol, tls: true, quote: quoteBytes(bytes.subarray(0, 7), false) };
  }
  const quote = quoteBytes(bytes, true);
  const text = String.fromCharCode(...bytes.subarray(0, 256));
  if (/^HTTP\/\d/.test(text)) return { protocol: "HTTP", quote };
  if (text.startsWith("SSH-")) return { protocol: "SSH", quote };
  // Both greet with 220 (RFC 5321, RFC 959); the rest of the line usually says which.
  if (/^220[ -]/.test(text)) {
    const line = text.split(/\r?\n/)[0] ?? "";
    const protocol = /SMTP/i.test(line) ? "SMTP" : /FTP/i.test(line) ? "FTP" : "an SMTP or FTP greeting";
    return { protocol, quote };
  }
  // memcached's answer to a command it does not know (RESP's errors start with `-`).
  if (/^ERROR\r\n/.test(text)) return { protocol: "as memcached does", quote };
  return { quote };
}

/** The first line, printable ASCII only: any other byte as `\xNN`, so no control sequence reaches a person. */
function quoteBytes(bytes: Uint8Array, firstLine: boolean): string {
  let out = "";
  for (const b of bytes) {
    if (firstLine && (b === 0x0d || b === 0x0a)) break;
    if (out.length >= QUOTE_MAX) return `${out}…`;
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return out;
}
