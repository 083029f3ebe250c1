// Evidence is stored as JSON with each factor's score (see lib/domain/scoring):
// these readers take what is there and never assume a field exists, so an older
// score row or a new probe field still renders.
export type Rec = Record<string, unknown>;

export const rec = (v: unknown): Rec | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : null);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
export const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
export const bool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);

/** "2026-11-29" from an ISO time or date. */
export function day(v: unknown): string | null {
  const s = str(v);
  return s ? s.slice(0, 10) : null;
}

export function humanize(key: string): string {
  const spaced = key.replace(/_/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
