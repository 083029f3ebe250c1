// Guesses the traffic format from the first ~64 KB of an upload: HAR ({"log": {…"entries"}}),
// OTLP/JSON (resourceSpans), JSON access-log lines (Envoy/Istio vs nginx keys, scored), or
// combined-format text lines (nginx/Apache). Binary input and anything unrecognised → null.

import type { TrafficFormat } from "../types";
import { looksBinary } from "./common";
import { ENVOY_KEYS } from "./envoy";
import { NGINX_JSON_KEYS } from "./nginx";

const HEAD_BYTES = 64 * 1024;
const SAMPLE_LINES = 50;
const CLF_TIME_AND_REQUEST = /\[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function tryParse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Whole-document JSON: a HAR or an OTLP export, told apart by their top-level keys. */
function documentFormat(text: string): TrafficFormat | null {
  const start = text.slice(0, 4096);
  if (/^\{\s*"log"\s*:\s*\{/.test(start) || (/"log"\s*:\s*\{/.test(start) && /"entries"\s*:\s*\[/.test(text))) return "har";
  if (/^\{\s*"resourceSpans"\s*:\s*\[/.test(start) || /"resourceSpans"\s*:\s*\[/.test(start)) return "otlp";
  return null;
}

/** JSON lines: Envoy/Istio or nginx, by which key set the sampled lines use more. */
function jsonLinesFormat(lines: string[]): TrafficFormat | null {
  let envoy = 0;
  let nginx = 0;
  for (const line of lines) {
    const o = tryParse(line);
    if (!isPlainObject(o)) continue;
    for (const key of Object.keys(o)) {
      const e = ENVOY_KEYS.has(key);
      const n = NGINX_JSON_KEYS.has(key);
      if (e && !n) envoy++;
      else if (n && !e) nginx++;
    }
  }
  if (envoy >= 2 && envoy > nginx) return "envoy";
  if (nginx >= 2 && nginx > envoy) return "nginx";
  return null;
}

export function detectTrafficFormat(head: Buffer | string): TrafficFormat | null {
  let text: string;
  if (typeof head === "string") {
    text = head.slice(0, HEAD_BYTES);
    if (text.includes("\u0000")) return null;
  } else {
    const bytes = head.subarray(0, HEAD_BYTES);
    if (looksBinary(bytes)) return null;
    text = bytes.toString("utf8");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.trimStart();
  if (text === "") return null;

  const all = text.split("\n");
  // the last line may be cut off by the 64 KB limit; use it only when it is all there is
  const lines = (all.length > 1 ? all.slice(0, -1) : all)
    .map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l))
    .filter((l) => l.trim() !== "")
    .slice(0, SAMPLE_LINES);

  if (text.startsWith("{")) {
    const first = tryParse(lines[0] ?? "");
    if (isPlainObject(first)) {
      if (Array.isArray(first.resourceSpans)) return "otlp";
      if (isPlainObject(first.log) && Array.isArray(first.log.entries)) return "har";
      return jsonLinesFormat(lines);
    }
    // a pretty-printed or long single-line document
    return documentFormat(text);
  }

  let clf = 0;
  for (const line of lines) if (CLF_TIME_AND_REQUEST.test(line)) clf++;
  return clf > 0 && clf * 2 >= lines.length ? "nginx" : null;
}
