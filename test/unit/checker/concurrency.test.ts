import { describe, expect, it } from "vitest";
import { Limiter } from "../../../lambda/checker/concurrency.js";

describe("Limiter", () => {
  it("never runs more than its limit at once", async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          active++;
          most = Math.max(most, active);
          await new Promise((r) => setImmediate(r));
          active--;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it("frees its slot when a task throws", async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.run(async () => "next")).resolves.toBe("next");
  });
});
