import { describe, expect, it } from "vitest";
import { beforeDeadline, planBudget, SAFETY_MARGIN_MS, SETUP_MAX_MS, signalAt } from "../../../lambda/checker/budget.js";

describe("planBudget", () => {
  it("orders the phases inside the invocation's time, keeping the publish window after the checks", () => {
    // Prepare: a 120 s function with its 12 s publish window.
    const b = planBudget(0, 120_000, 12_000);

    // Assess
    expect(b.end).toBe(120_000 - SAFETY_MARGIN_MS);
    expect(b.checksBy).toBe(b.end - 12_000);
    expect(b.setupBy).toBe(SETUP_MAX_MS);
    expect(b.start).toBeLessThan(b.setupBy);
    expect(b.setupBy).toBeLessThan(b.checksBy);
    expect(b.checksBy).toBeLessThan(b.claimsBy);
    expect(b.claimsBy).toBeLessThan(b.publishBy);
    expect(b.publishBy).toBeLessThan(b.end);
  });

  it("gives setup a quarter of the time before the checks' deadline when that is shorter", () => {
    const b = planBudget(1000, 6000, 2000);
    expect(b.end).toBe(1000 + 6000 - SAFETY_MARGIN_MS);
    expect(b.checksBy).toBe(b.end - 2000);
    expect(b.setupBy).toBe(1000 + Math.floor((b.checksBy - 1000) / 4));
  });

  it("shrinks the window in proportion when the invocation has less time than it", () => {
    const b = planBudget(0, 3000, 12_000);
    expect(b.checksBy - b.start).toBe(b.end - b.checksBy);
    expect(b.publishBy).toBeLessThan(b.end);
  });

  it("never plans a deadline in the past, even with no time left", () => {
    const b = planBudget(5000, 100, 12_000);
    for (const t of [b.setupBy, b.checksBy, b.claimsBy, b.publishBy, b.end]) expect(t).toBe(5000);
  });
});

describe("signalAt", () => {
  it("aborts at the deadline, at once for one already passed", async () => {
    // Prepare
    const soon = signalAt(Date.now() + 20);
    const passed = signalAt(Date.now() - 1000);

    // Act
    await new Promise((r) => setTimeout(r, 60));

    // Assess
    expect(soon.aborted).toBe(true);
    expect(passed.aborted).toBe(true);
  });

  it("never aborts without a deadline (the CLI)", async () => {
    const signal = signalAt(undefined);
    await new Promise((r) => setTimeout(r, 20));
    expect(signal.aborted).toBe(false);
  });
});

describe("beforeDeadline", () => {
  it("gives the work's value before the deadline; after it, aborts the work and gives the fallback", async () => {
    expect(
      await beforeDeadline(
        Date.now() + 1000,
        async () => "done",
        () => "late",
      ),
    ).toBe("done");
    expect(
      await beforeDeadline(
        Date.now() - 1,
        async () => "done",
        () => "late",
      ),
    ).toBe("late");
    let aborted = false;
    const result = await beforeDeadline(
      Date.now() + 20,
      (signal) =>
        new Promise<string>((resolve) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            resolve("closed");
          });
        }),
      () => "late",
    );
    expect(result).toBe("late");
    expect(aborted).toBe(true);
  });
});
