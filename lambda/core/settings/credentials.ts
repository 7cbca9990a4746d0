/** The username and password (or AUTH token) another secret holds for an endpoint. */
export interface Credentials {
  username?: string;
  password?: string;
}

/**
 * Reads a referenced credentials secret: an ElastiCache user secret (`{"username","password","user_arn"}`,
 * the shape its Secrets Manager rotation keeps), any JSON with `username`/`password` (or `authToken`), or a
 * bare AUTH token. Undefined when it holds none of these; the caller names the secret, never its value.
 */
export function parseCredentials(text: string): Credentials | undefined {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (!trimmed.startsWith("{")) return trimmed ? { password: trimmed } : undefined;
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!data || typeof data !== "object") return undefined;
  const o = data as Record<string, unknown>;
  const field = (k: string) => (typeof o[k] === "string" && o[k] !== "" ? (o[k] as string) : undefined);
  const password = field("password") ?? field("authToken") ?? field("auth_token");
  if (password === undefined) return undefined;
  const username = field("username");
  return username === undefined ? { password } : { username, password };
}
