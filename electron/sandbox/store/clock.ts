/**
 * The store's notion of time.
 *
 * Every archive transition (restore completion, copy expiry) is derived from
 * the clock rather than from timers, so tests move time by hand and never
 * sleep, and a store reopened from disk sees exactly the state the wall clock
 * implies.
 */

/** A source of "now" in milliseconds since the epoch. */
export interface SandboxClock {
  now(): number;
}

/** A clock tests drive by hand. */
export interface ManualClock extends SandboxClock {
  /** Moves time forward (or backward, with a negative value) by `ms`. */
  advance(ms: number): void;
  /** Jumps to an absolute time. */
  set(ms: number): void;
}

/**
 * Creates a clock that only moves when told to.
 *
 * `start` is ms since the epoch (or a Date / ISO string for readability in tests).
 */
export function createManualClock(start: number | string | Date = Date.UTC(2026, 10, 1)): ManualClock {
  let current = typeof start === 'number' ? start : new Date(start).getTime();
  if (!Number.isFinite(current)) throw new RangeError(`Invalid clock start: ${String(start)}`);
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    set(ms: number) {
      current = ms;
    },
  };
}

/**
 * Creates the wall clock.
 *
 * Used by the CLI, the demo and every non-test caller.
 */
export function createSystemClock(): SandboxClock {
  return { now: () => Date.now() };
}
