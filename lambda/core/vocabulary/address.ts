/** `host:port`, with an IPv6 address in brackets (`[::1]:6379`), as URLs and Redis's own output write it. */
export function formatAddress(host: string, port: number | string): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** An IP literal (v4 or v6), as opposed to a host name a TLS certificate can name. */
export function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}

/** Replaces every secret string in a text; used on any error message before it is reported. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 3) out = out.split(s).join("***");
  }
  // A URL with inline credentials, whatever the secret list says.
  return out.replace(/(rediss?:\/\/[^:/@\s]*:)[^@\s]+@/g, "$1***@");
}

/**
 * A URL as a person typed it (a command-line argument), safe to print even when it does not parse: what
 * stands between the scheme and the last `@` is hidden but for a username before a colon
 * (`redis://checker:***@host:6379`; `***@host` where no colon tells a username from a password), and so
 * is anything after the host but a database number (a query may carry a password too).
 */
export function redactUrl(url: string): string {
  const scheme = /^[a-z][a-z\d+.-]*:\/\//i.exec(url)?.[0] ?? "";
  const at = url.lastIndexOf("@");
  let user = "";
  if (at >= scheme.length) {
    const userinfo = url.slice(scheme.length, at);
    const colon = userinfo.indexOf(":");
    user = `${colon < 0 ? "***" : `${userinfo.slice(0, colon)}:***`}@`;
  }
  const rest = url.slice(Math.max(at + 1, scheme.length));
  const end = rest.search(/[/?#]/);
  const host = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? "" : rest.slice(end);
  return `${scheme}${user}${host}${/^(\/\d*)?$/.test(tail) ? tail : `${tail[0]}***`}`;
}
