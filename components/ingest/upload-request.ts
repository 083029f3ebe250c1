// Sends one file to POST /api/v1/ingest/{kind} with XMLHttpRequest, because
// fetch() cannot report upload progress.
import type { IngestRunSummary } from "@/lib/server/ingest/runs";
import { ingestKindNeedsApp, ingestKindPath, type IngestKind } from "@/lib/validation/ingest";
import type { TrafficFormatChoice } from "./guess-kind";

export type UploadOutcome = { summary: IngestRunSummary } | { error: string; fieldErrors?: Record<string, string[]> };

export interface UploadRequest {
  file: File;
  kind: IngestKind;
  app: string;
  api?: string;
  /** The provider whose published spec this is (provider specs only). */
  provider?: string;
  format: TrafficFormatChoice;
  /** 0–100 while the bytes go up. */
  onProgress: (percent: number) => void;
}

export function ingestUrl({ file, kind, app, api, provider, format }: Omit<UploadRequest, "onProgress">): string {
  const params = new URLSearchParams({ name: file.name.slice(0, 200) });
  if (ingestKindNeedsApp(kind)) params.set("app", app);
  if (kind === "provider_spec" && provider) params.set("provider", provider);
  if (kind === "openapi" && api) params.set("api", api);
  if (kind === "traffic" && format !== "auto") params.set("format", format);
  return `/api/v1/ingest/${ingestKindPath(kind)}?${params.toString()}`;
}

function isSummary(body: unknown): body is IngestRunSummary {
  return typeof body === "object" && body !== null && "id" in body && "status" in body && "recordsRead" in body;
}

export function uploadFile(request: UploadRequest): { done: Promise<UploadOutcome>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadOutcome>((resolve) => {
    xhr.open("POST", ingestUrl(request));
    xhr.setRequestHeader("x-sibyl-trigger", "ui");
    xhr.setRequestHeader("accept", "application/json");
    xhr.setRequestHeader("content-type", request.file.type || "application/octet-stream");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) request.onProgress(Math.min(100, Math.round((event.loaded / event.total) * 100)));
    };
    xhr.upload.onload = () => request.onProgress(100);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (isSummary(body)) return resolve({ summary: body });
      const problem = (body ?? {}) as { error?: string; fieldErrors?: Record<string, string[]> };
      const detail = problem.fieldErrors ? Object.entries(problem.fieldErrors).map(([field, messages]) => `${field === "_form" ? "" : `${field}: `}${messages.join(" ")}`) : [];
      resolve({ error: [problem.error ?? `The server answered ${xhr.status}`, ...detail].join(" — "), fieldErrors: problem.fieldErrors });
    };
    xhr.onerror = () => resolve({ error: "The upload was interrupted (network error). Try again." });
    xhr.onabort = () => resolve({ error: "Upload cancelled." });
    xhr.send(request.file);
  });
  return { done, abort: () => xhr.abort() };
}
