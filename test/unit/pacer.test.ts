/**
 * The pacer's timing, on a clock the tests move: how fast a key's attempts may start, what a 429
 * teaches, and that keys do not slow each other. (That a fleet under a real limit completes is
 * test/engine/rate-limit.test.ts.)
 */
import { DOCUMENTED_RATE, KeyPace, Pacer } from "../../provider/core/pacer";

/** Starts `count` attempts as soon as the pace allows from `from`, each answered at once; their start times. */
function run(pace: KeyPace, from: number, count: number, answer = (_started: number) => true): number[] {
  const starts: number[] = [];
  let now = from;
  for (let i = 0; i < count; i++) {
    now = Math.max(now, pace.readyAt(now));
    pace.start(now);
    starts.push(now);
    if (answer(now)) pace.answered(now, now);
  }
  return starts;
}
const gaps = (starts: number[]) => starts.slice(1).map((t, i) => t - starts[i]);

describe("KeyPace", () => {
  it("starts at the documented rate: a fresh key's attempts are 5 ms apart", () => {
    const pace = new KeyPace();
    expect(pace.readyAt(0)).toBeLessThanOrEqual(0);
    expect(gaps(run(pace, 0, 10))).toEqual(Array(9).fill(1000 / DOCUMENTED_RATE));
  });

  it("after a 429 met with attempts queued: blocked for the wait asked, then spaced at what got through", () => {
    const pace = new KeyPace();
    // Five answered in the first 25 ms, the sixth refused, others waiting.
    run(pace, 0, 5);
    pace.start(25);
    pace.limited(25, 27, 1100, true);
    expect(pace.readyAt(27)).toBe(27 + 1100);
    const after = run(pace, 1127, 10);
    expect(after[0]).toBe(1127);
    // Five per second got through: paced at 0.9 × 5 per second, about 222 ms apart.
    for (const gap of gaps(after)) {
      expect(gap).toBeGreaterThan(215);
      expect(gap).toBeLessThan(223);
    }
  });

  it("ignores the 429s of attempts that started before the last one was learnt from", () => {
    const pace = new KeyPace();
    run(pace, 0, 5);
    pace.limited(25, 27, 1000, true);
    const learnt = pace.rate(27);
    // The rest of the burst, refused a moment later: no further drop, no longer block.
    pace.limited(26, 28, 1200, true);
    pace.limited(26.5, 29, 1200, true);
    expect(pace.rate(29)).toBeCloseTo(learnt, 2);
    expect(pace.readyAt(29)).toBe(1027);
  });

  it("a 429 with nothing queued blocks the key but keeps its pace: someone else used the limit up, or it was a blip", () => {
    const pace = new KeyPace();
    run(pace, 0, 1);
    pace.limited(500, 501, 1000, false);
    expect(pace.readyAt(501)).toBe(1501);
    expect(pace.rate(1501)).toBe(DOCUMENTED_RATE);
  });

  it("grows again, slowly, while no 429 comes (additive increase)", () => {
    const pace = new KeyPace();
    run(pace, 0, 5);
    pace.limited(25, 25, 1000, true);
    const learnt = pace.rate(25);
    const later = [10_000, 60_000, 600_000].map((t) => pace.rate(25 + t));
    expect(later[0]).toBeGreaterThan(learnt);
    expect(later[0]).toBeLessThan(learnt * 1.05);
    expect(later[1] - learnt).toBeCloseTo(6 * (later[0] - learnt), 6);
    expect(later[2]).toBeLessThanOrEqual(DOCUMENTED_RATE);
  });

  it("halves the pace when nothing got through at all, and never stops", () => {
    const pace = new KeyPace();
    pace.limited(0, 1, 0, true);
    expect(pace.rate(1)).toBe(DOCUMENTED_RATE / 2);
    for (let t = 2; t < 100; t++) pace.limited(t, t, 0, true);
    expect(pace.rate(100)).toBeGreaterThan(0);
  });
});

describe("Pacer", () => {
  it("keeps one pace per key and base URL: a 429 of one key does not slow another", async () => {
    let now = 0;
    const pacer = new Pacer(() => now);
    const a = pacer.of("https://api.ultravox.ai", "key-a.0000");
    expect(pacer.of("https://api.ultravox.ai", "key-a.0000")).toBe(a);
    const b = pacer.of("https://api.ultravox.ai", "key-b.0000");
    const aElsewhere = pacer.of("http://127.0.0.1:9", "key-a.0000");
    const started = await a.turn();
    now = 10;
    a.limited(started, 60_000);
    expect(a.pace.readyAt(now)).toBe(60_010);
    await expect(b.turn()).resolves.toBe(10);
    await expect(aElsewhere.turn()).resolves.toBe(10);
  });

  it("lets queued attempts start one at a time, in order, at the pace", async () => {
    jest.useFakeTimers();
    try {
      let now = 0;
      const pacer = new Pacer(() => now);
      const key = pacer.of("https://api.ultravox.ai", "key-c.0000");
      const order: number[] = [];
      const turns = [0, 1, 2, 3].map((i) =>
        key.turn().then((at) => {
          order.push(i);
          return at;
        }),
      );
      await Promise.resolve();
      expect(order).toEqual([0]);
      // Each further turn comes when its timer does; move the clock with the timers.
      for (let i = 1; i < 4; i++) {
        now += 1000 / DOCUMENTED_RATE;
        jest.advanceTimersByTime(1000 / DOCUMENTED_RATE);
        await Promise.resolve();
      }
      expect(await Promise.all(turns)).toEqual([0, 5, 10, 15]);
      expect(order).toEqual([0, 1, 2, 3]);
    } finally {
      jest.useRealTimers();
    }
  });
});
