import "server-only";
import { rowsOf } from "../db-results";
import { and, eq, gt, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, auditLog, endpoints, internalApis } from "@/db/schema";
import { eventFingerprint } from "@/lib/domain/ingest/record-fingerprint";
import { normalisePath } from "@/lib/domain/ingest/path-template";
import { RequestTemplater } from "@/lib/domain/ingest/templater";
import { scanEvent } from "@/lib/domain/ingest/sensitive";
import { detectTrafficFormat } from "@/lib/domain/ingest/traffic/detect";
import { parseQueuedOtlpSpans, parseTraffic } from "@/lib/domain/ingest/traffic";
import { hostMatcher } from "@/lib/domain/ingest/traffic/common";
import { IngestInputError, type TrafficEvent, type TrafficFormat } from "@/lib/domain/ingest/types";
import { ownHostListSchema } from "@/lib/validation/application-hosts";
import { appSlugSchema, INGEST_LIMITS } from "@/lib/validation/ingest";
import { declareApplicationHosts, ownHosts, resolveApplication, type ResolvedApp } from "./apps";
import { loadProviderIndex, type ProviderIndex } from "./catalog-cache";
import { applyDependencyDeltas, emptyDelta, type DependencyDelta } from "./dependencies";
import { recordFindings, type DetectedFinding } from "../triage/record";
import { ProviderCallLog } from "./provider-calls";
import { reclassifyApplication } from "./reconcile";
import { addProblem, withIngestRun, type IngestContext, type IngestRunSummary, type RunCounters } from "./runs";
import { meteredStream } from "./stream-utils";

export interface TrafficIngestInput {
  stream: AsyncIterable<Uint8Array | string>;
  appSlug: string;
  format?: TrafficFormat;
  sourceName: string;
  /** Known in advance for files (the CLI hashes first); lets a re-sent file be skipped at once. */
  contentHash?: string;
  byteSize?: number;
  limitBytes?: number;
  onProgress?: (bytesRead: number) => void;
  /** The application's own hosts declared with this ingest (`--host`, `?host=`); saved on the application. */
  hosts?: string[];
  /** The stream is the OTLP receiver's queue, one checked span per line (the fold): parseQueuedOtlpSpans reads it. */
  queuedSpans?: boolean;
}

interface EndpointAgg { apiId: string | null; method: string; template: string; count: number; first: number | null; last: number | null; samples?: string[]; confidence?: number; reasons?: string[]; inferred?: boolean }

const FLUSH_EVENTS = 10_000;
const MAX_UNMATCHED_KEYS = 200_000;

/** Ingests a traffic log as a stream: events are fingerprinted, templated and aggregated, never held all at once. */
export async function ingestTraffic(ctx: IngestContext, input: TrafficIngestInput): Promise<IngestRunSummary> {
  const declared = ownHostListSchema.safeParse(input.hosts ?? []);
  const hosts = declared.success ? declared.data : [];
  return withIngestRun(
    ctx,
    {
      kind: "traffic",
      format: input.format ?? "auto",
      sourceName: input.sourceName,
      contentHash: input.contentHash ?? null,
      byteSize: input.byteSize ?? null,
      applicationSlug: input.appSlug,
      // a file sent before without these hosts reads differently now: its calls to them are inbound
      rereadEvenIfUnchanged: !declared.success || (hosts.length > 0 && (await hostsNotYetDeclared(ctx.db, input.appSlug, hosts))),
      changedSince: ownHostsChangedSince,
    },
    async (tx, counters) => {
      if (!declared.success) throw new IngestInputError(declared.error.issues.map((i) => ({ location: "--host", reason: `${String(input.hosts?.[Number(i.path[0])] ?? "").slice(0, 60)}: ${i.message}` })));
      const metered = await meteredStream(input.stream, input.limitBytes ?? INGEST_LIMITS.traffic);
      if (metered.head.includes(0)) throw new IngestInputError([{ location: "byte 0", reason: "This is a binary file, not a traffic log (HAR, Envoy, nginx or OTLP JSON)." }]);
      const format = input.format ?? detectTrafficFormat(metered.head);
      if (!format) throw new IngestInputError([{ location: "line 1", reason: "Could not recognise the format; name it with --format har|envoy|nginx|otlp." }]);
      counters.format = format;
      const app = await resolveApplication(tx, ctx.actor, input.appSlug, counters);
      await declareApplicationHosts(tx, ctx.actor, app, hosts, counters);
      await new TrafficAggregator(tx, app, counters, ctx.now ?? new Date()).run(metered.stream, format, input.onProgress, input.queuedSpans);
    },
  );
}

/** True when the application does not exist yet or some of `hosts` are not among its declared hosts. */
async function hostsNotYetDeclared(db: Db, rawSlug: string, hosts: string[]): Promise<boolean> {
  const slug = appSlugSchema.safeParse(rawSlug);
  if (!slug.success) return true;
  const [app] = await db.select({ declaredHosts: applications.declaredHosts }).from(applications).where(eq(applications.slug, slug.data));
  return !app || hosts.some((h) => !app.declaredHosts.includes(h));
}

/** A note when the application's declared hosts changed (on its page, or by an ingest's --host) after `since`. */
async function ownHostsChangedSince(db: Db, applicationId: string, since: Date): Promise<string | null> {
  const [change] = await db
    .select({ at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "application"), eq(auditLog.targetId, applicationId), eq(auditLog.action, "application.hosts_declared"), gt(auditLog.at, since)))
    .limit(1);
  return change ? "The same content was ingested before, but the application's declared hosts changed since: it was read again (calls already counted are not counted twice)." : null;
}

/** Which other application a host belongs to (exact names, then "*.domain" wildcards); answers are cached. */
class HostOwners {
  private readonly exact = new Map<string, string>();
  private readonly wildcards: { suffix: string; appId: string }[] = [];
  private readonly cache = new Map<string, string | null>();

  add(appId: string, hosts: string[]): void {
    for (const h of hosts) {
      if (h.startsWith("*.")) this.wildcards.push({ suffix: h.slice(1), appId });
      else if (!this.exact.has(h)) this.exact.set(h, appId);
    }
  }

  ownerOf(host: string): string | undefined {
    const exact = this.exact.get(host);
    if (exact !== undefined || this.wildcards.length === 0) return exact;
    let owner = this.cache.get(host);
    if (owner === undefined) {
      owner = this.wildcards.find((w) => host.endsWith(w.suffix))?.appId ?? null;
      if (this.cache.size < 100_000) this.cache.set(host, owner);
    }
    return owner ?? undefined;
  }
}

class TrafficAggregator {
  private templater = new RequestTemplater([]);
  private providerIndex: ProviderIndex | null = null;
  private providerCalls: ProviderCallLog | null = null;
  private readonly otherApps = new HostOwners();
  private readonly ownHosts: string[];
  private readonly isOwnHost: (host: string) => boolean;
  private readonly endpointAgg = new Map<string, EndpointAgg>();
  private readonly unmatched = new Map<string, { method: string; path: string; count: number; first: number | null; last: number | null }>();
  private readonly deps = new Map<string, DependencyDelta>();
  private readonly findings = new Map<string, DetectedFinding>();
  private duplicates = 0;

  private countSample(key: string): void {
    const finding = this.findings.get(key);
    if (finding) finding.sampleCount = (finding.sampleCount ?? 0) + 1;
  }

  constructor(
    private readonly tx: Db,
    private readonly app: ResolvedApp,
    private readonly counters: RunCounters,
    private readonly now: Date,
  ) {
    this.ownHosts = ownHosts(app);
    this.isOwnHost = hostMatcher(this.ownHosts);
  }

  async run(stream: AsyncIterable<Buffer>, format: TrafficFormat, onProgress?: (bytes: number) => void, queuedSpans = false): Promise<void> {
    await this.loadContext();
    let buffer: TrafficEvent[] = [];
    // Up to two batches in flight: PostgreSQL stores one batch's fingerprints
    // while this process parses the next.
    const inflight: Promise<void>[] = [];
    let chain: Promise<void> = Promise.resolve();
    const flush = async (events: TrafficEvent[]) => {
      if (inflight.length >= 2) await inflight.shift();
      const fps = events.map((e) => eventFingerprint(e, this.app.id));
      const inserted = this.insertFingerprints(fps);
      const previous = chain;
      chain = (async () => {
        const fresh = await inserted;
        await previous;
        this.consume(events, fps, fresh);
      })();
      chain.catch(() => {}); // awaited below; this only marks the rejection as handled
      inflight.push(chain);
    };
    let parsed = 0;
    const options = { app: { hosts: this.ownHosts }, onProgress };
    for await (const batch of queuedSpans ? parseQueuedOtlpSpans(stream, options) : parseTraffic(stream, format, options)) {
      for (const p of batch.problems) addProblem(this.counters, p);
      this.counters.recordsRejected += batch.problems.length;
      this.counters.recordsRead += batch.events.length + batch.problems.length;
      parsed += batch.events.length;
      for (const e of batch.events) buffer.push(e);
      if (buffer.length >= FLUSH_EVENTS) {
        await flush(buffer);
        buffer = [];
      }
    }
    // Bad records beside good ones are reported and the good ones stored; a file of which not one record
    // could be read is refused like any other invalid input (nothing stored, no application created).
    if (parsed === 0 && this.counters.recordsRejected > 0) {
      const n = this.counters.recordsRejected.toLocaleString("en");
      throw new IngestInputError([{ location: "input", reason: `Not one record of this ${format} file could be read: all ${n} have problems (each is listed with its line or path).` }]);
    }
    if (buffer.length) await flush(buffer);
    await chain;
    if (this.duplicates) this.counters.notes.push(`${this.duplicates.toLocaleString("en")} event(s) were already ingested and were not counted again.`);
    await this.write();
  }

  private async loadContext(): Promise<void> {
    const apis = await this.tx.select({ id: internalApis.id, basePaths: internalApis.basePaths }).from(internalApis).where(eq(internalApis.applicationId, this.app.id));
    const specEndpoints = await this.tx
      .select({ apiId: endpoints.apiId, method: endpoints.method, path: endpoints.pathTemplate, pathEnums: endpoints.pathEnums, pathTypes: endpoints.pathParamTypes, documented: endpoints.documented, removed: endpoints.removed, pathDocumented: endpoints.pathDocumented })
      .from(endpoints)
      .where(and(eq(endpoints.applicationId, this.app.id), isNotNull(endpoints.apiId)));
    const specs = apis.map((api) => ({ apiId: api.id, basePaths: api.basePaths, operations: specEndpoints.filter((e) => e.apiId === api.id && (e.documented || e.removed)) }));
    // Endpoints already stored without an API (inferred earlier, merged or split by an analyst): new traffic
    // goes to them first and reuses their parameters, so it never renames them.
    const stored = await this.tx
      .select({ method: endpoints.method, path: endpoints.pathTemplate })
      .from(endpoints)
      .where(and(eq(endpoints.applicationId, this.app.id), sql`${endpoints.apiId} is null`));
    this.templater = new RequestTemplater(specs, stored);
    this.providerIndex = await loadProviderIndex(this.tx);
    this.providerCalls = await ProviderCallLog.load(this.tx);
    const others = await this.tx.select({ id: applications.id, hosts: applications.hosts, declaredHosts: applications.declaredHosts }).from(applications).where(ne(applications.id, this.app.id));
    for (const o of others) this.otherApps.add(o.id, ownHosts(o));
  }

  private async insertFingerprints(fps: number[]): Promise<Set<number>> {
    const unique = [...new Set(fps)];
    const result = await this.tx.execute(
      sql`insert into traffic_fingerprints (fingerprint, application_id) select f, ${this.app.id}::uuid from unnest(${`{${unique.join(",")}}`}::bigint[]) as f order by f on conflict do nothing returning fingerprint`,
    );
    const rows = rowsOf<{ fingerprint: string | number }>(result);
    return new Set(rows.map((r) => Number(r.fingerprint)));
  }

  private consume(events: TrafficEvent[], fps: number[], fresh: Set<number>): void {
    const taken = new Set<number>();
    for (let i = 0; i < events.length; i++) {
      const fp = fps[i];
      if (!fresh.has(fp) || taken.has(fp)) {
        this.duplicates++;
        continue;
      }
      taken.add(fp);
      this.counters.recordsAccepted++;
      const e = events[i];
      const host = e.host?.toLowerCase() ?? null;
      // The parser decided with the own hosts and the format's hint (directionFor). A call the format
      // calls inbound but to a host of another application is that application's traffic (an OTLP
      // export of several services): for this one, a call to the other.
      const inbound = e.direction === "inbound" && (host === null || this.isOwnHost(host) || this.otherApps.ownerOf(host) === undefined);
      if (inbound) this.inbound(e);
      else this.outbound(e, host);
    }
  }

  private inbound(e: TrafficEvent): void {
    const method = e.method.toUpperCase();
    const path = normalisePath(e.path);
    const hit = this.templater.match(method, path);
    if (hit) return this.bump(hit.apiId, method, hit.template, e.timestamp, hit.apiId === null ? path : undefined);
    // Not documented (or not with this method): templated in write(), once all the run's values are known.
    const key = `${method} ${path}`;
    const agg = this.unmatched.get(key);
    if (agg) {
      agg.count++;
      agg.first = minTime(agg.first, e.timestamp);
      agg.last = maxTime(agg.last, e.timestamp);
    } else if (this.unmatched.size < MAX_UNMATCHED_KEYS) {
      this.unmatched.set(key, { method, path, count: 1, first: e.timestamp, last: e.timestamp });
    } else {
      this.bump(null, method, path, e.timestamp, path);
    }
  }

  private bump(apiId: string | null, method: string, template: string, ts: number | null, sample?: string): void {
    const key = `${apiId ?? ""}|${method}|${template}`;
    let agg = this.endpointAgg.get(key);
    if (!agg) {
      agg = { apiId, method, template, count: 0, first: null, last: null, samples: [] };
      this.endpointAgg.set(key, agg);
    }
    agg.count++;
    agg.first = minTime(agg.first, ts);
    agg.last = maxTime(agg.last, ts);
    if (sample && agg.samples && agg.samples.length < 5 && !agg.samples.includes(sample)) agg.samples.push(sample);
  }

  private outbound(e: TrafficEvent, host: string | null): void {
    if (!host) return;
    const providerIndex = this.providerIndex as ProviderIndex;
    const targetApp = this.otherApps.ownerOf(host);
    const provider = targetApp ? null : providerIndex.matchHost(host);
    const targetKind = targetApp ? "internal_api" : provider ? "provider" : "unclassified";
    let delta = this.deps.get(host);
    if (!delta) {
      delta = emptyDelta({ source: "traffic", targetKind, host, providerId: provider?.providerId ?? null, targetApplicationId: targetApp ?? null });
      this.deps.set(host, delta);
    }
    delta.calls++;
    if (provider) this.providerCalls?.observe(provider.providerId, e.method, e.path, e.timestamp);
    if (e.status === null || e.status >= 500 || e.status === 0) delta.errors += e.status === null ? 0 : 1;
    if (e.durationMs !== null && e.durationMs >= 0) {
      delta.latencyMsSum += e.durationMs;
      delta.latencySamples++;
    }
    const when = e.timestamp === null ? this.now : new Date(e.timestamp);
    delta.firstSeen = delta.firstSeen && delta.firstSeen < when ? delta.firstSeen : when;
    delta.lastSeen = delta.lastSeen && delta.lastSeen > when ? delta.lastSeen : when;
    for (const obs of scanEvent(e)) {
      if (obs.dataClass === "api_key_in_query") {
        const key = `key|${host}|${obs.location}`;
        if (!this.findings.has(key)) {
          this.findings.set(key, {
            kind: "api_key_in_query",
            severity: "high",
            title: `API key sent in the query string to ${host} (${obs.location})`,
            fingerprintParts: [this.app.id, host, obs.location],
            detail: { host, location: obs.location, provider: provider?.slug ?? null, advice: "Send credentials in a header; query strings end up in logs, proxies and browser history." },
            applicationId: this.app.id,
            providerId: provider?.providerId ?? null,
            sampleCount: 0,
          });
        }
        this.countSample(key);
      }
      const locations = delta.dataClasses.get(obs.dataClass) ?? new Set<string>();
      locations.add(obs.location);
      delta.dataClasses.set(obs.dataClass, locations);
      if (targetKind === "unclassified" && obs.dataClass !== "api_key_in_query") {
        const key = `data|${host}|${obs.dataClass}`;
        if (!this.findings.has(key)) {
          this.findings.set(key, {
            kind: "sensitive_data_to_unclassified_host",
            severity: obs.dataClass === "card_number" || obs.dataClass === "national_id" ? "critical" : "high",
            title: `${obs.dataClass.replace(/_/g, " ")} sent to unclassified host ${host}`,
            fingerprintParts: [this.app.id, host, obs.dataClass],
            detail: { host, dataClass: obs.dataClass, location: obs.location, advice: "Identify this host: assign it to a provider or stop sending it this data." },
            applicationId: this.app.id,
            sampleCount: 0,
          });
        }
        this.countSample(key);
      }
    }
  }

  private async write(): Promise<void> {
    const { tx, app, counters, now } = this;
    if (this.unmatched.size) {
      for (const u of this.unmatched.values()) this.templater.count(u.method, u.path, u.count);
      this.templater.finish();
      for (const u of this.unmatched.values()) {
        const routed = this.templater.resolve(u.method, u.path);
        const key = `${routed.apiId ?? ""}|${u.method}|${routed.template}`;
        let agg = this.endpointAgg.get(key);
        if (!agg) {
          agg = {
            apiId: routed.apiId, method: u.method, template: routed.template, count: 0, first: null, last: null, samples: [],
            inferred: routed.inferred, confidence: routed.confidence ?? 1, reasons: routed.reasons,
          };
          this.endpointAgg.set(key, agg);
        }
        agg.count += u.count;
        agg.first = minTime(agg.first, u.first);
        agg.last = maxTime(agg.last, u.last);
        if (agg.samples && agg.samples.length < 5) agg.samples.push(u.path);
      }
    }
    const existing = await tx
      .select({ id: endpoints.id, apiId: endpoints.apiId, method: endpoints.method, pathTemplate: endpoints.pathTemplate, samples: endpoints.samples })
      .from(endpoints)
      .where(eq(endpoints.applicationId, app.id));
    const byKey = new Map(existing.map((e) => [`${e.apiId ?? ""}|${e.method}|${e.pathTemplate}`, e]));
    const fresh: (typeof endpoints.$inferInsert)[] = [];
    for (const [key, agg] of this.endpointAgg) {
      const first = agg.first === null ? now : new Date(agg.first);
      const last = agg.last === null ? now : new Date(agg.last);
      const row = byKey.get(key);
      if (row) {
        const samples = [...new Set([...row.samples, ...(agg.samples ?? [])])].slice(0, 5);
        await tx
          .update(endpoints)
          .set({
            callCount: sql`${endpoints.callCount} + ${agg.count}`,
            firstSeenAt: sql`least(coalesce(${endpoints.firstSeenAt}, ${first.toISOString()}::timestamptz), ${first.toISOString()}::timestamptz)`,
            lastSeenAt: sql`greatest(coalesce(${endpoints.lastSeenAt}, ${last.toISOString()}::timestamptz), ${last.toISOString()}::timestamptz)`,
            samples,
            updatedAt: now,
          })
          .where(eq(endpoints.id, row.id));
      } else {
        fresh.push({
          applicationId: app.id,
          apiId: agg.apiId,
          method: agg.method,
          pathTemplate: agg.template,
          documented: false,
          pathDocumented: agg.apiId !== null,
          inferred: agg.inferred ?? false,
          inferenceConfidence: agg.inferred ? (agg.confidence ?? null) : null,
          inferenceReasons: agg.reasons ?? [],
          samples: agg.samples ?? [],
          callCount: agg.count,
          firstSeenAt: first,
          lastSeenAt: last,
          status: "shadow",
        });
      }
    }
    for (let i = 0; i < fresh.length; i += 500) await tx.insert(endpoints).values(fresh.slice(i, i + 500));
    counters.newEndpoints = fresh.length;
    counters.newDependencies = await applyDependencyDeltas(tx, app.id, [...this.deps.values()]);
    // Detections are already shaped as the recorder's findings (as in scoring/detect-findings.ts).
    const deprecatedCalls = (await this.providerCalls?.detect(tx, app, counters.notes)) ?? [];
    await recordFindings(tx, [...this.findings.values(), ...deprecatedCalls], now, { detector: "traffic inspection", ingestRunId: counters.runId });
    await reclassifyApplication(tx, app.id, now, undefined, { ingestRunId: counters.runId });
  }
}

const minTime = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxTime = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
