const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * A `@rateLimit` window in graphql-rate-limit's vocabulary ("30s", "1m", "15m", "1h", "1d"), in whole
 * seconds: limits live in Redis with second precision.
 */
export function windowSeconds(window: string | undefined, fallbackSeconds = 60): number {
  if (window === undefined) return fallbackSeconds;
  const match = /^\s*(\d+)\s*(s|m|h|d)\s*$/.exec(window);
  if (!match) throw new Error(`@rateLimit window "${window}" is not a number followed by s, m, h or d`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  if (seconds < 1) throw new Error(`@rateLimit window "${window}" is shorter than a second`);
  return seconds;
}
