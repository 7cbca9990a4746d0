export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** `1.5 GiB`, `812 MiB`, `740 KiB`, `12 B`. Negative values keep their sign. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? "-" : "";
  const abs = Math.abs(bytes);
  if (abs >= GiB) return `${sign}${(abs / GiB).toFixed(2)} GiB`;
  if (abs >= MiB) return `${sign}${(abs / MiB).toFixed(1)} MiB`;
  if (abs >= KiB) return `${sign}${Math.round(abs / KiB)} KiB`;
  return `${sign}${abs} B`;
}

export function formatRatio(ratio: number | undefined): string {
  return ratio === undefined ? "n/a" : ratio.toFixed(2);
}

export function formatPercent(pct: number | undefined): string {
  return pct === undefined ? "n/a" : `${pct.toFixed(1)}%`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = s / 60;
  if (m < 120) return `${Math.round(m)} min`;
  const h = m / 60;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} d`;
}
