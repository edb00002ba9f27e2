import { RateLimiter } from '../../intake/rate-limiter.ts';
import { RateLimitedError } from '../../shared/errors.ts';
import type { HttpContext } from '../context.ts';

/** Email sign-ups (which send a confirmation mail) per client address: a burst of 5, then 6 an hour. */
const limiters = new WeakMap<HttpContext, RateLimiter>();

export function signupAllowed(ctx: HttpContext, ip: string): boolean {
  let l = limiters.get(ctx);
  if (!l) {
    l = new RateLimiter(0.1, 5, 50_000);
    limiters.set(ctx, l);
  }
  return l.take(ip, ctx.clock.now()) === 0;
}

/** 429 with its own words (the report limiter's text speaks of reports). */
export class SignupRateLimited extends RateLimitedError {
  constructor() {
    super(600);
    this.message = 'Too many sign-ups from this address; try again later.';
  }
}
