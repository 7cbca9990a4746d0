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
