// Guesses what an uploaded file is from its name and first bytes, so the upload
// form can preselect the ingest kind (the user can still change it).
import type { IngestKind } from "@/lib/validation/ingest";

export type TrafficFormatChoice = "auto" | "har" | "envoy" | "nginx" | "otlp";

export interface KindGuess {
  kind: IngestKind;
  format: TrafficFormatChoice;
  /** Why, in a few words, for the file list. */
  reason: string;
}

/** How many bytes of a file the guess reads. */
export const GUESS_HEAD_BYTES = 64 * 1024;

export function guessKind(fileName: string, head: string): KindGuess {
  const name = fileName.toLowerCase();
  const text = head.replace(/^\uFEFF/, "");
  if (name.endsWith(".har")) return { kind: "traffic", format: "har", reason: ".har file" };
  if (/\.(log|jsonl|ndjson)$/.test(name)) return { kind: "traffic", format: "auto", reason: "log file" };
  const isJson = /^\s*[[{]/.test(text);
  if (isJson && /"bomFormat"\s*:/.test(text)) return { kind: "sbom", format: "auto", reason: "CycloneDX (bomFormat)" };
  if (isJson && /"resourceSpans"\s*:/.test(text)) return { kind: "traffic", format: "otlp", reason: "OTLP JSON (resourceSpans)" };
  if (isJson && /"log"\s*:\s*\{[\s\S]*"entries"\s*:/.test(text)) return { kind: "traffic", format: "har", reason: "HAR (log.entries)" };
  if (/^\s*["']?(openapi|swagger)["']?\s*:/m.test(text) || (isJson && /"(openapi|swagger)"\s*:\s*"/.test(text))) return { kind: "openapi", format: "auto", reason: "OpenAPI/Swagger document" };
  if (/^\s*apiVersion\s*:\s*["']?backstage\.io/m.test(text)) return { kind: "catalog", format: "auto", reason: "Backstage catalog" };
  if (/\.(ya?ml)$/.test(name) && /\bkind\s*:\s*(Component|API|System|Location|Group)\b/.test(text)) return { kind: "catalog", format: "auto", reason: "Backstage catalog" };
  if (/\.(cdx|bom)\.json$|sbom/.test(name)) return { kind: "sbom", format: "auto", reason: "SBOM file name" };
  if (/(openapi|swagger)/.test(name)) return { kind: "openapi", format: "auto", reason: "file name" };
  if (/catalog-info/.test(name)) return { kind: "catalog", format: "auto", reason: "file name" };
  if (/^\S+ \S+ \S+ \[[^\]]+\] "/m.test(text)) return { kind: "traffic", format: "nginx", reason: "access log lines" };
  return { kind: "traffic", format: "auto", reason: "not recognised; check the kind" };
}
