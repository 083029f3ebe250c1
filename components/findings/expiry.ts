// Bounds of the risk acceptance's "Expires on" date input, computed by the caller
// (the server page, or an event handler) so rendering stays pure.

/** YYYY-MM-DD dates (UTC) for the date input. */
export interface ExpiryBounds {
  /** Today + the default acceptance length. */
  defaultValue: string;
  min: string;
  max: string;
}

const DAY_MS = 86_400_000;

/** Tomorrow to one year ahead, `defaultDays` ahead by default. */
export function expiryBounds(now: Date, defaultDays: number, maxDays: number): ExpiryBounds {
  const day = (n: number) => new Date(now.getTime() + n * DAY_MS).toISOString().slice(0, 10);
  // The server allows at most `maxDays` from now; the last whole day inside it is maxDays - 1.
  return { defaultValue: day(defaultDays), min: day(1), max: day(maxDays - 1) };
}
