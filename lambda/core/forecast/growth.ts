import { currentSeries, type Sample } from "./history.js";

/** How sure a forecast is: the spread of the pairwise growth rates around their median. */
export type Confidence = "high" | "medium" | "low";

export interface Growth {
  /** Bytes per hour (Theil–Sen: the median of every pair's rate, robust to noise and outliers). */
  bytesPerHour: number;
  confidence: Confidence;
  samples: number;
  spanHours: number;
}

export interface Forecast extends Growth {
  limit: number;
  /** Hours until used memory reaches the limit at this rate. */
  hoursToLimit: number;
}

/** At least this many samples over at least this long: fewer say nothing about a trend. */
export const MIN_SAMPLES = 4;
export const MIN_SPAN_HOURS = 0.5;

/**
 * The growth of used memory over the current series (since the last restart, failover or flush). Undefined
 * when there is too little history, or no growth worth naming: a rate under 0.1% of the limit an hour is flat.
 */
export function growthOf(
  history: readonly Sample[],
  pick: (s: Sample) => number | undefined = (s) => s.used,
): Growth | undefined {
  const series = currentSeries(history).filter((s) => pick(s) !== undefined);
  if (series.length < MIN_SAMPLES) return undefined;
  const spanHours = ((series.at(-1) as Sample).t - (series[0] as Sample).t) / 3600;
  if (spanHours < MIN_SPAN_HOURS) return undefined;
  const rates: number[] = [];
  for (let i = 0; i < series.length; i++) {
    for (let j = i + 1; j < series.length; j++) {
      const [a, b] = [series[i] as Sample, series[j] as Sample];
      if (b.t > a.t) rates.push(((pick(b) as number) - (pick(a) as number)) / ((b.t - a.t) / 3600));
    }
  }
  rates.sort((x, y) => x - y);
  const median = quantile(rates, 0.5);
  const spread = quantile(rates, 0.75) - quantile(rates, 0.25);
  const relative = median === 0 ? Number.POSITIVE_INFINITY : spread / Math.abs(median);
  const confidence: Confidence = relative <= 0.5 ? "high" : relative <= 1 ? "medium" : "low";
  return { bytesPerHour: median, confidence, samples: series.length, spanHours };
}

/** The rule and the report both ask for a node's forecast: one fit per history. */
const forecasts = new WeakMap<readonly Sample[], Forecast | undefined>();

/** When used memory reaches its limit at the current rate; undefined when it is not growing, or already there. */
export function forecastLimit(history: readonly Sample[]): Forecast | undefined {
  if (forecasts.has(history)) return forecasts.get(history);
  const f = fitLimit(history);
  forecasts.set(history, f);
  return f;
}

function fitLimit(history: readonly Sample[]): Forecast | undefined {
  const last = history.at(-1);
  const limit = last?.limit;
  if (!last || !limit || last.used >= limit) return undefined;
  const growth = growthOf(history);
  if (!growth || growth.bytesPerHour <= limit * 0.001 || growth.confidence === "low") return undefined;
  return { ...growth, limit, hoursToLimit: (limit - last.used) / growth.bytesPerHour };
}

/**
 * The fragmentation ratio climbing run after run while used memory stays flat (within 5% over the series):
 * fragmentation building up, not growth. Ratio points per hour.
 */
export function fragmentationClimb(history: readonly Sample[]): Growth | undefined {
  const series = currentSeries(history);
  const used = series.map((s) => s.used);
  if (used.length === 0 || Math.max(...used) > Math.min(...used) * 1.05) return undefined;
  const growth = growthOf(series, (s) => s.frag);
  return growth && growth.bytesPerHour > 0.01 && growth.confidence !== "low" ? growth : undefined;
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}
