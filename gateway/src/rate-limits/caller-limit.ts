import type Redis from "ioredis";
import type { Caller, Role } from "../../../packages/identity";
import type { RateLimitSettings } from "../edge-config";
import { Limiter } from "./limiter";
import { rateLimited } from "./rate-limited";
import type { RateLimitReport } from "./report";

const MINUTE = 60;

/**
 * Requests per caller per minute: a signed-in user by their id and role's allowance, an anonymous
 * caller by client address. Falls back to a per-replica in-memory limit while Redis is down.
 */
export class CallerLimit {
  private readonly byRole: Record<Role, Limiter>;
  private readonly anonymous: Limiter;

  constructor(redis: Redis, settings: RateLimitSettings) {
    const limiter = (name: string, points: number) =>
      new Limiter(redis, settings.keyPrefix, { name, points, windowSeconds: MINUTE, failClosed: false });
    this.byRole = { CUSTOMER: limiter("caller:customer", settings.customerPerMinute), ADMIN: limiter("caller:admin", settings.adminPerMinute) };
    this.anonymous = limiter("caller:anonymous", settings.anonymousPerMinute);
  }

  /** Counts the request, recording where the caller's limit stands in `report`; over it, throws RATE_LIMITED. */
  async enforce(caller: Caller | null, clientAddress: string, report: RateLimitReport): Promise<void> {
    const [limiter, key] = caller ? [this.byRole[caller.role], caller.userId] : [this.anonymous, clientAddress];
    const outcome = await limiter.consume(key);
    if (!("allowed" in outcome)) return;
    report.record(outcome.reading);
    if (!outcome.allowed) throw rateLimited(limiter.definition.name, outcome.retryAfterMs, report);
  }
}
