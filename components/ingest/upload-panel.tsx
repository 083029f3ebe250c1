"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { FileUp, Trash2 } from "lucide-react";
import { useEffect, useId, useRef, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { INGEST_KINDS, INGEST_LIMITS, ingestKindNeedsApp, ingestKindPath, type IngestKind } from "@/lib/validation/ingest";
import { cn } from "@/lib/utils";
import { GUESS_HEAD_BYTES, guessKind, type TrafficFormatChoice } from "./guess-kind";
import { formatBytes } from "./run-format";
import { RunSummary } from "./run-summary";
import { uploadFile, type UploadOutcome } from "./upload-request";

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const PROVIDER_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KIND_LABELS: Record<IngestKind, string> = { openapi: "OpenAPI spec", traffic: "Traffic log", sbom: "SBOM (CycloneDX)", catalog: "Backstage catalog", provider_spec: "Provider spec" };
const FORMATS: TrafficFormatChoice[] = ["auto", "har", "envoy", "nginx", "otlp"];
/** Specs before traffic, so the traffic is matched against this upload's templates. */
const KIND_ORDER: Record<IngestKind, number> = { catalog: 0, openapi: 1, provider_spec: 1, sbom: 2, traffic: 3 };

interface UploadItem {
  id: string;
  file: File;
  kind: IngestKind;
  format: TrafficFormatChoice;
  reason: string;
  state: "queued" | "uploading" | "done";
  progress: number;
  outcome?: UploadOutcome;
}

function shellQuote(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function cliCommand(item: { name: string; kind: IngestKind; format: TrafficFormatChoice }, app: string, api: string, provider: string): string {
  const parts = ["npm run sibyl -- ingest", ingestKindPath(item.kind), item.name === "<file>" ? item.name : shellQuote(item.name)];
  if (ingestKindNeedsApp(item.kind)) parts.push("--app", app || "<slug>");
  if (item.kind === "provider_spec") parts.push("--provider", provider || "<slug>");
  if (item.kind === "openapi" && api) parts.push("--api", shellQuote(api));
  if (item.kind === "traffic" && item.format !== "auto") parts.push("--format", item.format);
  return parts.join(" ");
}

/** Upload specs, traffic logs, SBOMs and catalogs with per-file progress, then each run's result. */
export function UploadPanel({ applications }: { applications: { slug: string; name: string }[] }) {
  const id = useId();
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const nextId = useRef(0);
  const [app, setApp] = useState("");
  const [api, setApi] = useState("");
  const [provider, setProvider] = useState("");
  const [items, setItems] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);

  const slug = app.trim();
  const existing = applications.find((a) => a.slug === slug);
  const slugValid = SLUG.test(slug);
  const needsApp = items.some((i) => i.state === "queued" && ingestKindNeedsApp(i.kind));
  const providerSlug = provider.trim();
  const needsProvider = items.some((i) => i.state === "queued" && i.kind === "provider_spec");
  const providerValid = PROVIDER_SLUG.test(providerSlug);
  const queued = items.filter((i) => i.state === "queued");
  const tooLarge = (i: UploadItem) => i.file.size > INGEST_LIMITS[i.kind];
  const canUpload = !busy && queued.length > 0 && (!needsApp || slugValid) && (!needsProvider || providerValid) && !queued.some(tooLarge);

  // Leaving mid-upload would cut the request; ask first.
  useEffect(() => {
    if (!busy) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  const patch = (itemId: string, change: Partial<UploadItem>) => setItems((prev) => prev.map((i) => (i.id === itemId ? { ...i, ...change } : i)));

  const addFiles = async (files: FileList | File[]) => {
    const added = await Promise.all(
      Array.from(files).map(async (file): Promise<UploadItem> => {
        let head = "";
        try {
          head = await file.slice(0, GUESS_HEAD_BYTES).text();
        } catch {
          /* unreadable: guess from the name */
        }
        const guess = guessKind(file.name, head);
        return { id: `f${nextId.current++}`, file, ...guess, state: "queued", progress: 0 };
      }),
    );
    setItems((prev) => [...prev, ...added]);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length) void addFiles(event.dataTransfer.files);
  };

  const upload = async () => {
    setTouched(true);
    if (!canUpload) return;
    setBusy(true);
    const order = [...queued].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    for (const item of order) {
      patch(item.id, { state: "uploading", progress: 0 });
      const { done } = uploadFile({
        file: item.file,
        kind: item.kind,
        format: item.format,
        app: slug,
        api: api.trim() || undefined,
        provider: providerSlug || undefined,
        onProgress: (progress) => patch(item.id, { progress }),
      });
      const outcome = await done;
      patch(item.id, { state: "done", progress: 100, outcome });
    }
    setBusy(false);
    // A first upload may have created the application: reload the list of slugs.
    router.refresh();
  };

  const slugMessage = !slug
    ? "Lower-case letters, digits and dashes, e.g. checkout-api."
    : !slugValid
      ? "Use 1–63 lower-case letters, digits and dashes, starting with a letter or digit."
      : existing
        ? `Uploads go to ${existing.name}.`
        : `No application has the slug ${slug} yet: the first upload creates it.`;
  const showSlugError = Boolean(slug) && !slugValid;

  return (
    <div className="grid gap-6">
      <section aria-labelledby={`${id}-target`} className="grid gap-4 rounded-lg border bg-card p-4">
        <h2 id={`${id}-target`} className="text-base font-semibold">
          1. Where the data belongs
        </h2>
        <div className="grid gap-4 md:grid-cols-2">
          <div className="grid content-start gap-1.5">
            <Label htmlFor={`${id}-app`}>Application slug</Label>
            <Input
              id={`${id}-app`}
              value={app}
              onChange={(e) => setApp(e.target.value.toLowerCase())}
              list={`${id}-apps`}
              placeholder="checkout-api"
              autoComplete="off"
              spellCheck={false}
              maxLength={63}
              aria-invalid={showSlugError || (touched && needsApp && !slug) || undefined}
              aria-describedby={`${id}-app-help`}
            />
            <datalist id={`${id}-apps`}>
              {applications.map((a) => (
                <option key={a.slug} value={a.slug}>
                  {a.name}
                </option>
              ))}
            </datalist>
            <p id={`${id}-app-help`} className={cn("text-xs", showSlugError || (touched && needsApp && !slug) ? "text-danger-foreground" : "text-muted-foreground")}>
              {touched && needsApp && !slug ? "Name the application these files belong to. " : ""}
              {slugMessage}
            </p>
          </div>
          <div className="grid content-start gap-1.5">
            <Label htmlFor={`${id}-api`}>API name (optional)</Label>
            <Input id={`${id}-api`} value={api} onChange={(e) => setApi(e.target.value)} placeholder="Orders API" maxLength={200} aria-describedby={`${id}-api-help`} />
            <p id={`${id}-api-help`} className="text-xs text-muted-foreground">
              For OpenAPI specs only. Empty: the spec&apos;s title names the API.
            </p>
          </div>
          <div className="grid content-start gap-1.5">
            <Label htmlFor={`${id}-provider`}>Provider slug (provider specs only)</Label>
            <Input
              id={`${id}-provider`}
              value={provider}
              onChange={(e) => setProvider(e.target.value.toLowerCase())}
              placeholder="stripe"
              autoComplete="off"
              spellCheck={false}
              maxLength={63}
              aria-invalid={(touched && needsProvider && !providerValid) || undefined}
              aria-describedby={`${id}-provider-help`}
            />
            <p id={`${id}-provider-help`} className={cn("text-xs", touched && needsProvider && !providerValid ? "text-danger-foreground" : "text-muted-foreground")}>
              {touched && needsProvider && !providerValid ? "Name the provider whose published spec this is. " : ""}
              For a file of kind Provider spec: the provider&apos;s OpenAPI spec, e.g. stripe. Traffic ingested afterwards is checked for calls to its deprecated operations.
            </p>
          </div>
        </div>
      </section>

      <section aria-labelledby={`${id}-files`} className="grid gap-4 rounded-lg border bg-card p-4">
        <h2 id={`${id}-files`} className="text-base font-semibold">
          2. Files
        </h2>
        <div
          onDragEnter={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragOver={(e) => e.preventDefault()}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="drop-zone"
          className={cn("flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-6 py-8 text-center text-sm", dragging ? "border-primary bg-accent" : "border-input bg-muted/40")}
        >
          <FileUp className="size-6 text-muted-foreground" aria-hidden />
          <p className="font-medium">Drop files here, or</p>
          <Button variant="outline" onClick={() => inputRef.current?.click()}>
            Choose files…
          </Button>
          <input
            ref={inputRef}
            id={`${id}-input`}
            type="file"
            multiple
            tabIndex={-1}
            aria-label="Files to ingest"
            className="sr-only"
            onChange={(e) => {
              if (e.target.files?.length) void addFiles(e.target.files);
              e.target.value = "";
            }}
          />
          <p className="max-w-xl text-xs text-muted-foreground">
            OpenAPI 2/3 (YAML or JSON), traffic logs (HAR, Envoy or nginx access logs, OTLP JSON traces), CycloneDX SBOMs, Backstage catalog files. The kind is guessed from
            the name and content; change it if the guess is wrong. Values seen in traffic are scanned for sensitive data but never stored.
          </p>
        </div>

        {items.length > 0 && (
          <ul className="grid gap-3" aria-label="Files">
            {items.map((item) => (
              <li key={item.id} className="grid gap-2 rounded-md border p-3" data-testid="upload-item">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="min-w-0 flex-1 break-all font-medium">{item.file.name}</span>
                  <span className="text-xs text-muted-foreground tabular-nums">{formatBytes(item.file.size)}</span>
                  <NativeSelect
                    aria-label={`Kind of ${item.file.name}`}
                    value={item.kind}
                    disabled={item.state !== "queued"}
                    onChange={(e) => patch(item.id, { kind: e.target.value as IngestKind, reason: "chosen" })}
                    wrapperClassName="w-44"
                  >
                    {INGEST_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {KIND_LABELS[k]}
                      </option>
                    ))}
                  </NativeSelect>
                  {item.kind === "traffic" && (
                    <NativeSelect
                      aria-label={`Traffic format of ${item.file.name}`}
                      value={item.format}
                      disabled={item.state !== "queued"}
                      onChange={(e) => patch(item.id, { format: e.target.value as TrafficFormatChoice })}
                      wrapperClassName="w-36"
                    >
                      {FORMATS.map((f) => (
                        <option key={f} value={f}>
                          {f === "auto" ? "Detect format" : f.toUpperCase()}
                        </option>
                      ))}
                    </NativeSelect>
                  )}
                  {item.state === "queued" && (
                    <Button variant="ghost" size="icon" aria-label={`Remove ${item.file.name}`} onClick={() => setItems((prev) => prev.filter((i) => i.id !== item.id))}>
                      <Trash2 aria-hidden />
                    </Button>
                  )}
                </div>
                {item.state === "queued" && (
                  <p className={cn("text-xs", tooLarge(item) ? "text-danger-foreground" : "text-muted-foreground")}>
                    {tooLarge(item) ? `Too large: the limit for this kind is ${formatBytes(INGEST_LIMITS[item.kind])}.` : `Guessed: ${item.reason}.`}
                  </p>
                )}
                {item.state !== "queued" && <UploadProgress item={item} />}
                {item.outcome && "summary" in item.outcome && <RunSummary summary={item.outcome.summary} />}
                {item.outcome && "error" in item.outcome && (
                  <p role="alert" className="rounded-md border border-danger-border bg-danger px-3 py-2 text-sm text-danger-foreground">
                    {item.outcome.error}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}

        <div className="flex flex-wrap items-center gap-3">
          <Button onClick={() => void upload()} disabled={busy || queued.length === 0} aria-describedby={`${id}-upload-help`}>
            {busy ? "Uploading…" : queued.length > 1 ? `Upload ${queued.length} files` : "Upload"}
          </Button>
          {items.some((i) => i.state === "done") && !busy && (
            <Button variant="ghost" onClick={() => setItems((prev) => prev.filter((i) => i.state !== "done"))}>
              Clear finished
            </Button>
          )}
          <p id={`${id}-upload-help`} className="text-xs text-muted-foreground">
            Specs go first, then traffic, so traffic is matched against them. Each file becomes an ingest run: once its bar is full the server finishes it even if you leave, and
            the result stays under{" "}
            <Link href="/ingest/runs" className="text-primary underline">
              Ingest runs
            </Link>
            .
          </p>
        </div>
      </section>

      <section aria-labelledby={`${id}-cli`} className="grid gap-2 rounded-lg border bg-card p-4">
        <h2 id={`${id}-cli`} className="text-base font-semibold">
          The same from a terminal or CI
        </h2>
        <pre className="overflow-x-auto rounded-md bg-muted p-3 text-xs" data-testid="cli-commands">
          {(items.length ? items.map((i) => ({ name: i.file.name, kind: i.kind, format: i.format })) : [{ name: "<file>", kind: "traffic" as const, format: "auto" as const }])
            .map((i) => cliCommand(i, slug, api.trim(), providerSlug))
            .join("\n")}
        </pre>
        <p className="text-xs text-muted-foreground">
          Or POST the file as the request body to <code>/api/v1/ingest/&lt;kind&gt;?app=&lt;slug&gt;</code> with an API token that has the ingest scope.
        </p>
      </section>
    </div>
  );
}

function UploadProgress({ item }: { item: UploadItem }) {
  const processing = item.state === "uploading" && item.progress >= 100;
  const label = item.state === "done" ? "Done" : processing ? "Uploaded; processing on the server…" : `Uploading ${item.progress}%`;
  return (
    <div className="grid gap-1">
      <div
        role="progressbar"
        aria-label={`Upload of ${item.file.name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={item.progress}
        aria-valuetext={label}
        className="h-2 w-full overflow-hidden rounded-full bg-secondary"
      >
        <div className={cn("h-full rounded-full bg-primary transition-[width]", processing && "motion-safe:animate-pulse")} style={{ width: `${item.progress}%` }} />
      </div>
      <p className="text-xs text-muted-foreground" aria-live="polite">
        {label}
      </p>
    </div>
  );
}
