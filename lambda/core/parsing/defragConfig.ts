/** The subset of `CONFIG GET *defrag*` the checks use (or the parameter group's `activedefrag`, where CONFIG is refused). */
export interface DefragConfig {
  activedefrag?: boolean;
  /** `active-defrag-ignore-bytes`: below this much allocator fragmentation, defrag does not start. */
  ignoreBytes?: number;
  /** `active-defrag-threshold-lower` (percent): below this allocator fragmentation, defrag does not start. */
  thresholdLowerPercent?: number;
  /** Where `activedefrag` was read: the server itself, or (managed services) the parameter group. */
  source?: "config" | "parameter-group";
}

/** Parses the flat `[name, value, name, value…]` reply of `CONFIG GET *defrag*`. */
export function parseDefragConfig(reply: readonly string[]): DefragConfig {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < reply.length; i += 2) map.set(String(reply[i]), String(reply[i + 1]));
  const num = (k: string) => {
    const v = map.get(k);
    return v === undefined || v === "" || !Number.isFinite(Number(v)) ? undefined : Number(v);
  };
  const enabled = map.get("activedefrag");
  return {
    activedefrag: enabled === undefined ? undefined : enabled === "yes",
    ignoreBytes: num("active-defrag-ignore-bytes"),
    thresholdLowerPercent: num("active-defrag-threshold-lower"),
    source: "config",
  };
}
