import { networkOf } from '../../intake/identity.ts';
import { rateKey } from '../../intake/rate-key.ts';
import { RateLimiter } from '../../intake/rate-limiter.ts';
import { RateLimitedError } from '../../shared/errors.ts';
import { ipv4ToNumber, unmapIPv4 } from '../../shared/ipv4.ts';
import type { HttpContext } from '../context.ts';

/**
 * Email sign-ups send a confirmation mail, so they are limited three ways: per client address (a
 * burst of 5, then 6 an hour), per network — the /24 of an IPv4 address, the /64 of an IPv6 one —
 * (a burst of 10, then 12 an hour), and per mailbox (a burst of 3, then 3 a day), so no one can
 * flood an inbox from many addresses.
 */
type Limits = { address: RateLimiter; network: RateLimiter; mailbox: RateLimiter };
const limiters = new WeakMap<HttpContext, Limits>();

/** The /24 of an IPv4 address, the /64 of an IPv6 one. */
export const signupNetwork = (ip: string | undefined): string =>
  ip === undefined ? '' : ipv4ToNumber(unmapIPv4(ip)) >= 0 ? networkOf(ip) : rateKey(ip);

export function signupAllowed(ctx: HttpContext, ip: string, email?: string): boolean {
  let l = limiters.get(ctx);
  if (!l) {
    l = {
      address: new RateLimiter(0.1, 5, 50_000),
      network: new RateLimiter(0.2, 10, 50_000),
      mailbox: new RateLimiter(3 / (24 * 60), 3, 100_000),
    };
    limiters.set(ctx, l);
  }
  // Every limit takes its token only when all allow it, so a refused attempt costs no other budget.
  const mailbox = email?.trim().toLowerCase();
  const net = signupNetwork(ip);
  // The app's clock (steady: it never steps back), so a test's virtual hour passes for the limits too.
  const now = ctx.clock.now();
  const refused = l.address.peek(ip, now) > 0 || l.network.peek(net, now) > 0;
  if (refused || (mailbox && l.mailbox.peek(mailbox, now) > 0)) {
    l.address.take(ip, now);
    return false;
  }
  l.address.take(ip, now);
  l.network.take(net, now);
  if (mailbox) l.mailbox.take(mailbox, now);
  return true;
}

/** 429 with its own words (the report limiter's text speaks of reports). */
export class SignupRateLimited extends RateLimitedError {
  constructor() {
    super(600, 'Too many sign-ups from this address, network or for this mailbox; try again later.');
  }
}
