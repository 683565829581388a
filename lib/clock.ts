/**
 * Time enters the system only through a {@link Clock}, so the domain stays pure and tests pass a
 * fixed or stepping clock instead of reading the wall.
 */
export interface Clock {
  /** The current instant (UTC). */
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still at `at` until moved with `set` or `advance` (tests, demo replays). */
export class FixedClock implements Clock {
  private at: Date;
  constructor(at: Date | string) {
    this.at = new Date(at);
  }
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date | string): void {
    this.at = new Date(at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}
