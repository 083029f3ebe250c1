/**
 * The one time a factor's evidence is shown with (provider page). A probe factor's evidence carries two:
 * the probe's own `probe.probedAt` and the signal's `observedAt` (when Sibyl recorded it, or, for recorded
 * probe evidence such as the demo's, when that probe saw it). They are normally seconds apart, so the page
 * says "Probed <time>" and adds "(recorded <time>)" only when they are more than an hour apart. Other
 * factors' signals (an analyst's record, a linted OpenAPI description) have only `observedAt`: "Recorded <time>".
 */
export const MEANINGFUL_GAP_MS = 60 * 60 * 1000;

export interface EvidenceTime {
  label: "Probed" | "Recorded";
  /** ISO time the label refers to. */
  at: string;
  /** When Sibyl recorded the evidence, set only when it differs meaningfully from `at`. */
  recordedAt: string | null;
}

const PROBE_SOURCES = new Set(["probe", "recorded_probe"]);

function time(v: unknown): string | null {
  return typeof v === "string" && Number.isFinite(Date.parse(v)) ? v : null;
}

export function evidenceTime(evidence: Record<string, unknown>): EvidenceTime | null {
  const observedAt = time(evidence.observedAt);
  const probe = evidence.probe && typeof evidence.probe === "object" ? (evidence.probe as Record<string, unknown>) : null;
  const probedAt = time(probe?.probedAt);
  const fromProbe = probe !== null || (typeof evidence.signalSource === "string" && PROBE_SOURCES.has(evidence.signalSource));
  if (probedAt) {
    const apart = observedAt !== null && Math.abs(Date.parse(observedAt) - Date.parse(probedAt)) > MEANINGFUL_GAP_MS;
    return { label: "Probed", at: probedAt, recordedAt: apart ? observedAt : null };
  }
  if (!observedAt) return null;
  // An HTTP probe result has no time of its own: its signal was recorded as the probe finished.
  return { label: fromProbe ? "Probed" : "Recorded", at: observedAt, recordedAt: null };
}
