/**
 * How long an interactive transaction may wait to start (for a pooled connection) and run. Prisma's
 * defaults, 2 s and 5 s, fail transactions on a busy machine: a consumer's batch of a hundred saga steps,
 * or a CI run with every test file at once. What fails is retried (the saga's messages stay pending),
 * so these limits are only there to end what is stuck.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;
