/**
 * Client-side pacing, per API key: how fast the requests of one key may start, learned from 429s.
 *
 * Ultravox limits requests per API key. Retrying each refused request when its `Retry-After` says
 * sends every one of them back at the same moment, where most are refused again: a large `up`
 * under a limit then fails operations. So every attempt of a key (first attempts and retries
 * alike) waits for its turn here. The pace starts at the documented 200 requests per second. A 429
 * met while the key's requests were queued here shows that the pace is too fast: the key is
 * blocked for the wait the 429 asks for, the pace drops to what got through in the last second
 * (times a safety factor), and then grows again slowly while no 429 comes (additive increase).
 *
 * `KeyPace` is the timing alone, on times it is given (unit-testable without a clock); `Pacer`
 * queues the attempts of each key on it.
 */
import { createHash } from "node:crypto";

/** Ultravox documents 200 requests per second per API key: the pace until a 429 says otherwise. */
export const DOCUMENTED_RATE = 200;
/** What got through is counted over this trailing window (the documented limit is per second). */
const WINDOW_MS = 1000;
/** The share of what got through that is paced at after a 429: room for timers and network jitter. */
const SAFETY = 0.9;
/** Additive increase: each second without a 429, the pace grows by this share of the rate learned. */
const GROWTH_PER_SECOND = 0.002;
/** Requests per second: never slower than this, whatever 429s come. */
const MIN_RATE = 0.2;

/** The pace of one API key. Times are milliseconds on one monotonic clock. */
export class KeyPace {
  /** Requests per second set by the last 429 that taught something, and when (the pace grows from there). */
  private learnedRate = DOCUMENTED_RATE;
  private learnedAt = -Infinity;
  private blockedUntil = -Infinity;
  private lastStart = -Infinity;
  /** Start times of attempts answered with anything but a 429, within the trailing window. */
  private answeredStarts: number[] = [];

  /** Requests per second the key may start at `now`. */
  rate(now: number): number {
    if (this.learnedAt === -Infinity) return DOCUMENTED_RATE;
    const grown = this.learnedRate * (1 + (GROWTH_PER_SECOND * (now - this.learnedAt)) / 1000);
    return Math.min(DOCUMENTED_RATE, grown);
  }

  /** The earliest time the next attempt may start. */
  readyAt(now: number): number {
    return Math.max(this.blockedUntil, this.lastStart + 1000 / this.rate(now));
  }

  /** An attempt starts at `now`. */
  start(now: number): void {
    this.lastStart = now;
  }

  /** The attempt started at `startedAt` was answered, with anything but a 429. */
  answered(startedAt: number, now: number): void {
    this.answeredStarts.push(startedAt);
    this.forgetBefore(now - WINDOW_MS);
  }

  /**
   * The attempt started at `startedAt` was answered 429, asking to wait `waitMs`.
   * @param queued whether other attempts of the key were waiting for their turn: only then was it
   *   the pace the server refused (otherwise someone else used up the limit, or it was a blip).
   */
  limited(startedAt: number, now: number, waitMs: number, queued: boolean): void {
    // Sent before the last lesson: it tells nothing new (the burst that taught it).
    if (startedAt < this.learnedAt) return;
    this.blockedUntil = Math.max(this.blockedUntil, now + waitMs);
    const current = this.rate(now);
    let next = current;
    if (queued) {
      this.forgetBefore(now - WINDOW_MS);
      const gotThrough = (this.answeredStarts.length * 1000) / WINDOW_MS;
      next = gotThrough === 0 ? current / 2 : Math.min(current, gotThrough) * SAFETY;
    }
    this.learnedRate = Math.max(MIN_RATE, next);
    this.learnedAt = now;
  }

  private forgetBefore(time: number): void {
    const keep = this.answeredStarts.findIndex((t) => t >= time);
    this.answeredStarts = keep < 0 ? [] : this.answeredStarts.slice(keep);
  }
}

/** The attempts of one key: each waits for its turn, in order. */
export class KeyQueue {
  readonly pace = new KeyPace();
  private readonly waiting: ((startedAt: number) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly clock: () => number) {}

  /** Resolves when the next attempt may start, with the time it starts. */
  turn(): Promise<number> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.release();
    });
  }

  /** The attempt started at `startedAt` was answered, with anything but a 429. */
  answered(startedAt: number): void {
    this.pace.answered(startedAt, this.clock());
  }

  /** The attempt started at `startedAt` was answered 429, asking to wait `waitMs`. */
  limited(startedAt: number, waitMs: number): void {
    this.pace.limited(startedAt, this.clock(), waitMs, this.waiting.length > 0);
  }

  /** Lets waiting attempts start while the pace allows; then waits for the next one's time. */
  private release(): void {
    if (this.timer !== undefined) return;
    while (this.waiting.length > 0) {
      const now = this.clock();
      const ready = this.pace.readyAt(now);
      if (ready > now) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.release();
        }, ready - now);
        return;
      }
      this.pace.start(now);
      this.waiting.shift()!(now);
    }
  }
}

/** The queues of every key this process talks to. */
export class Pacer {
  /** By a hash of the base URL's origin and the key: the key itself is kept nowhere that could be printed. */
  private readonly keys = new Map<string, KeyQueue>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  of(origin: string, apiKey: string): KeyQueue {
    const id = createHash("sha256").update(`${origin}\n${apiKey}`).digest("hex");
    let queue = this.keys.get(id);
    if (queue === undefined) this.keys.set(id, (queue = new KeyQueue(this.clock)));
    return queue;
  }
}

/** One pacer for the whole process: every resource's requests with one key share one pace. */
export const pacer = new Pacer();
