import { describe, expect, it } from "vitest";
import { forecastLimit, fragmentationClimb, growthOf } from "../../../lambda/core/forecast/growth.js";
import { appendSample, currentSeries, HISTORY_MAX_SAMPLES, type Sample } from "../../../lambda/core/forecast/history.js";
import { maxmemoryForecast } from "../../../lambda/core/rules/maxmemoryForecast.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { MiB } from "../../../lambda/core/vocabulary/units.js";
import { editedInfo, snapshotOf } from "../../support/fixtures.js";
import { historyOf } from "../../support/history.js";

const GiB = 1024 * MiB;
/** A real capture with a 4 GiB maxmemory and a used memory of `used` bytes. */
const node = (used: number, policy = "noeviction") =>
  snapshotOf(
    editedInfo("healthy-7.0", { set: { used_memory: String(used), maxmemory: String(4 * GiB), maxmemory_policy: policy } }),
  );

describe("growthOf and forecastLimit (synthetic series)", () => {
  it("steady growth: the rate, and when the limit is reached", () => {
    const h = historyOf(node(2 * GiB), { bytesPerHour: 300 * MiB, samples: 12, everyMinutes: 10 });
    const f = forecastLimit(h);
    expect(f?.bytesPerHour).toBeCloseTo(300 * MiB, -3);
    expect(f?.hoursToLimit).toBeCloseTo((2 * GiB) / (300 * MiB), 1);
    expect(f?.confidence).toBe("high");
  });

  it("a restart mid-series starts a new series: growth before it is not counted", () => {
    const before = historyOf(node(3 * GiB), { bytesPerHour: 1 * GiB, samples: 6, everyMinutes: 10, run: "aaaaaaaaaaaa" });
    const after = historyOf(node(500 * MiB), { bytesPerHour: 0, samples: 6, everyMinutes: 10, run: "bbbbbbbbbbbb" }).map((s) => ({
      ...s,
      t: s.t + 3600,
    }));
    const h = [...before, ...after];
    expect(currentSeries(h)).toHaveLength(6);
    expect(forecastLimit(h)).toBeUndefined();
  });

  it("a FLUSHALL (used memory halved at once) starts a new series too", () => {
    const h = historyOf(node(3 * GiB), { bytesPerHour: 200 * MiB, samples: 8 });
    h[h.length - 3] = { ...(h[h.length - 3] as Sample), used: 10 * MiB };
    expect(currentSeries(h).length).toBeLessThanOrEqual(3);
    expect(forecastLimit(h)).toBeUndefined();
  });

  it("noise around steady growth: the robust fit keeps the rate", () => {
    const h = historyOf(node(2 * GiB), { bytesPerHour: 300 * MiB, samples: 18, everyMinutes: 10, noise: 20 * MiB });
    const f = forecastLimit(h);
    expect(f?.bytesPerHour).toBeGreaterThan(250 * MiB);
    expect(f?.bytesPerHour).toBeLessThan(350 * MiB);
  });

  it("noise with no trend: no forecast", () => {
    const h = historyOf(node(2 * GiB), { bytesPerHour: 0, samples: 18, noise: 50 * MiB });
    expect(forecastLimit(h)).toBeUndefined();
  });

  it("a flat node gets no forecast", () => {
    expect(forecastLimit(historyOf(node(2 * GiB), { bytesPerHour: 0 }))).toBeUndefined();
  });

  it("a node already past its limit gets none (MAXMEMORY_PRESSURE speaks for it)", () => {
    const h = historyOf(node(4 * GiB + MiB), { bytesPerHour: 100 * MiB });
    expect(forecastLimit(h)).toBeUndefined();
  });

  it("too little history (3 samples, or under half an hour) says nothing", () => {
    expect(growthOf(historyOf(node(2 * GiB), { bytesPerHour: GiB, samples: 3 }))).toBeUndefined();
    expect(growthOf(historyOf(node(2 * GiB), { bytesPerHour: GiB, samples: 5, everyMinutes: 5 }))).toBeUndefined();
  });

  it("the history stays bounded in count and age", () => {
    let h: Sample[] = [];
    for (let i = 0; i < 100; i++) h = appendSample(h, { t: 1_800_000_000 + i * 300, used: i });
    expect(h).toHaveLength(HISTORY_MAX_SAMPLES);
    const old = appendSample([{ t: 1_800_000_000, used: 1 }], { t: 1_800_000_000 + 25 * 3600, used: 2 });
    expect(old).toHaveLength(1);
    expect(JSON.stringify(h).length).toBeLessThan(2048);
  });

  it("fragmentation climbing while used memory is flat", () => {
    const m = node(2 * GiB);
    expect(fragmentationClimb(historyOf(m, { fragPerHour: 0.1 }))?.bytesPerHour).toBeCloseTo(0.1, 2);
    expect(fragmentationClimb(historyOf(m, { fragPerHour: 0.1, bytesPerHour: 300 * MiB }))).toBeUndefined();
  });
});

describe("MAXMEMORY_FORECAST", () => {
  const forecast = (m: ReturnType<typeof node>, bytesPerHour: number) =>
    maxmemoryForecast({ memory: m, history: historyOf(m, { bytesPerHour, samples: 12, everyMinutes: 10 }) }, DEFAULT_THRESHOLDS);

  it("WARNING within 6 hours where a full node refuses writes, with the rate, the time and the fit", () => {
    const [f] = forecast(node(2 * GiB), 500 * MiB);
    expect(f).toMatchObject({ code: "MAXMEMORY_FORECAST", severity: "WARNING" });
    expect(f?.meaning).toBe(
      "Used memory grows 500.0 MiB an hour (high confidence: 12 samples over 110 min); at that rate it reaches maxmemory, 4.00 GiB, in about 4.1 h: writes then fail with OOM errors (maxmemory-policy noeviction).",
    );
  });

  it("CRITICAL within an hour", () => {
    expect(forecast(node(3.8 * GiB), 500 * MiB)[0]?.severity).toBe("CRITICAL");
  });

  it("a cache that evicts by design is told as information", () => {
    expect(forecast(node(3.8 * GiB, "allkeys-lru"), 500 * MiB)[0]).toMatchObject({ severity: "INFO" });
  });

  it("nothing beyond the warning horizon: 300 MiB an hour toward 2 GiB free is 6.8 hours away", () => {
    expect(forecast(node(2 * GiB), 300 * MiB)).toEqual([]);
  });
});
