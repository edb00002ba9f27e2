import type { Clock } from '../shared/time.ts';

/** A clock that only moves when told: replays and demos run the app in scenario time. */
export class VirtualClock implements Clock {
  #t: number;
  constructor(t: number) {
    this.#t = t;
  }
  now = (): number => this.#t;
  set(t: number): void {
    this.#t = t;
  }
}
