// The fakes' notion of "now" for token and code expiry. Tests move it forward through
// `POST /__control/clock` instead of waiting hours for a token to expire.

export interface FakeClock {
  /** Milliseconds since the epoch, shifted by every advance since the last reset. */
  now(): number;
  advance(seconds: number): void;
  reset(): void;
}

export function createClock(): FakeClock {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance: (seconds) => {
      offsetMs += seconds * 1000;
    },
    reset: () => {
      offsetMs = 0;
    },
  };
}
