/**
 * Background rounds a service repeats (sweeps, trims, purges): one round at a time, the next one
 * `intervalMs` after the last ended, and a stop that waits for the round in flight.
 */
export { repeatEvery, type PeriodicJob, type RepeatOptions } from "./repeat-every";
