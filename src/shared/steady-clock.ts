/** A step of the wall clock, as seen by SteadyClock: how far and when (wall time after the step). */
export type ClockStep = { stepMs: number; wallAt: number };

export type SteadyClockOptions = {
  /** Wall time (epoch ms); Date.now by default. */
  wall?: () => number;
  /** A monotonic time in ms; performance.now by default. */
  mono?: () => number;
  /** Called once per step larger than `stepThresholdMs` (the app logs it). */
  onStep?: (step: ClockStep) => void;
  stepThresholdMs?: number;
  /** While behind the clock, the share of each elapsed ms given up to catch up (0.5: half speed). */
  slew?: number;
};

/**
 * Epoch milliseconds that never go backwards and advance with the monotonic clock. Small wall-clock
 * corrections are followed. A forward step is taken at once (time really passed, or the clock was
 * late). A backward step (NTP stepping a fast clock back, an operator's `date -s`) is absorbed: the
 * clock keeps moving at half speed until the wall clock has caught up, so minutes are still
 * evaluated and windows still close (a clock held still would freeze the status for the length of
 * the step). Each step over the threshold is reported once through `onStep`.
 */
export class SteadyClock {
  readonly #wall: () => number;
  readonly #mono: () => number;
  readonly #onStep: (step: ClockStep) => void;
  readonly #threshold: number;
  readonly #slew: number;
  #t: number;
  #lastMono: number;
  #absorbing = false;

  constructor(o: SteadyClockOptions = {}) {
    this.#wall = o.wall ?? Date.now;
    this.#mono = o.mono ?? (() => performance.now());
    this.#onStep = o.onStep ?? (() => {});
    this.#threshold = o.stepThresholdMs ?? 1_000;
    this.#slew = o.slew ?? 0.5;
    this.#t = this.#wall();
    this.#lastMono = this.#mono();
  }

  now = (): number => {
    const m = this.#mono();
    const elapsed = Math.max(0, m - this.#lastMono);
    this.#lastMono = m;
    this.#t += elapsed;
    const w = this.#wall();
    const ahead = this.#t - w;
    if (ahead < 0) {
      if (-ahead > this.#threshold) this.#onStep({ stepMs: -ahead, wallAt: w });
      this.#t = w;
      this.#absorbing = false;
    } else if (ahead > 0) {
      if (ahead > this.#threshold && !this.#absorbing) {
        this.#absorbing = true;
        this.#onStep({ stepMs: -ahead, wallAt: w });
      }
      this.#t -= Math.min(ahead, elapsed * this.#slew);
      if (this.#t - w <= this.#threshold / 10) this.#absorbing = false;
    }
    return Math.floor(this.#t);
  };
}
