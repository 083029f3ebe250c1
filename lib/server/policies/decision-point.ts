import "server-only";
import type { DatabaseHandle } from "@/db/client";
import { buildHostMatcher, normalizeHost } from "@/lib/domain/catalog/match";
import { decide } from "@/lib/domain/policies/evaluate";
import { policyDataClasses } from "@/lib/domain/policies/subject";
import type { Decision, DecisionSubject, Policy, PolicyAction } from "@/lib/domain/policies/types";
import { NotFoundError, ValidationError } from "@/lib/validation/errors";
import { getDefaultAction, loadPolicies } from "./reevaluate";
import { listenForInvalidations, onInvalidation } from "./notify";
import { loadApplicationFacts, loadDependencySubjects, loadProviderFacts, providerSubject, type DependencySubject, type ProviderFacts } from "./subjects";

/** How long a client may reuse an answer; the cache itself is invalidated on every change. */
export const DECISION_TTL_SECONDS = 60;

export interface DecisionAnswer extends Omit<Decision, "monitored" | "overridden"> {
  application: string;
  host: string;
  provider: string | null;
  providerName: string | null;
  target: DecisionSubject["dependency"]["target"];
  /** Whether the host is a dependency Sibyl already knows for this application. */
  known: boolean;
  overridden: PolicyAction | null;
  monitored: Decision["monitored"];
  evaluatedAt: string;
  ttlSeconds: number;
}

/** A decision as the endpoint sends it: its JSON and how long a client may reuse it. */
export interface CachedAnswer {
  json: string;
  ttlSeconds: number;
  validUntil: number;
  /** `cache-control` for the answer (one shared object per TTL). */
  headers: Readonly<Record<string, string>>;
}

const CACHE_HEADERS = new Map<number, Readonly<Record<string, string>>>();
function cacheHeaders(ttlSeconds: number): Readonly<Record<string, string>> {
  let headers = CACHE_HEADERS.get(ttlSeconds);
  if (!headers) CACHE_HEADERS.set(ttlSeconds, (headers = Object.freeze({ "cache-control": `private, max-age=${ttlSeconds}` })));
  return headers;
}

interface Snapshot {
  policies: Policy[];
  defaultAction: PolicyAction;
  providers: Map<string, ProviderFacts>;
  matchHost: (host: string) => { providerId: string } | null;
}

interface ApplicationEntry {
  id: string;
  facts: DecisionSubject["application"];
  declared: string[];
  dependencies: DependencySubject[];
  byProvider: Map<string, DependencySubject>;
  byHost: Map<string, DependencySubject>;
  /** Answers kept as their JSON (a fraction of the objects' memory, and less for the garbage collector to trace). */
  answers: Map<string, CachedAnswer>;
}

/**
 * The decision point: answers "may application A call host H" from memory. The
 * policies, default action and provider facts are loaded once, each application's
 * dependencies on first use; every policy, exception, rescore or inventory change
 * clears it (in this process directly, in others through LISTEN/NOTIFY).
 */
class DecisionPoint {
  private generation = 0;
  private snapshot: Promise<Snapshot> | null = null;
  private apps = new Map<string, Promise<ApplicationEntry | null>>();
  /** The applications once loaded: a cached answer is found without a promise (the endpoint's hot path). */
  private readyApps = new Map<string, ApplicationEntry>();

  constructor(private readonly handle: DatabaseHandle) {
    onInvalidation((kind) => {
      if (kind === "decisions" || kind === "all") this.invalidate();
    });
  }

  invalidate(): void {
    this.generation += 1;
    this.snapshot = null;
    this.apps = new Map();
    this.readyApps = new Map();
  }

  private loadSnapshot(): Promise<Snapshot> {
    if (!this.snapshot) {
      const generation = this.generation;
      const loading = (async () => {
        const db = this.handle.db;
        const [policies, defaultAction, providers] = await Promise.all([loadPolicies(db), getDefaultAction(db), loadProviderFacts(db, null)]);
        // A pattern claimed twice (custom providers) goes to the first by slug rather than failing every decision.
        const claimed = new Set<string>();
        const owners = [...providers.values()].sort((a, b) => (a.slug < b.slug ? -1 : 1)).map((p) => ({ id: p.id, hostPatterns: p.hostPatterns.filter((h) => !claimed.has(h) && claimed.add(h)) }));
        const matcher = buildHostMatcher(owners as Parameters<typeof buildHostMatcher>[0]);
        return { policies, defaultAction, providers, matchHost: matcher };
      })();
      this.snapshot = loading;
      loading.catch(() => {
        if (this.generation === generation) this.snapshot = null;
      });
    }
    return this.snapshot;
  }

  private loadApplication(slug: string): Promise<ApplicationEntry | null> {
    let entry = this.apps.get(slug);
    if (!entry) {
      const apps = this.apps;
      const ready = this.readyApps;
      entry = (async () => {
        const db = this.handle.db;
        const [facts, snapshot] = await Promise.all([loadApplicationFacts(db, { slug }), this.loadSnapshot()]);
        const [app] = [...facts.values()];
        if (!app) return null;
        // The snapshot already holds every provider's facts: only the dependencies and exceptions are read.
        const deps = await loadDependencySubjects(db, new Date(), [app.id], { apps: facts, providers: snapshot.providers });
        const byProvider = new Map<string, DependencySubject>();
        const byHost = new Map<string, DependencySubject>();
        for (const d of deps) {
          if (d.providerId) byProvider.set(d.providerId, d);
          else for (const h of [d.subject.dependency.host, ...d.hosts]) if (h) byHost.set(h, d);
        }
        const loaded: ApplicationEntry = { id: app.id, facts: app.facts, declared: app.declared, dependencies: deps, byProvider, byHost, answers: new Map() };
        // Only into the map of the generation it was loaded for (an invalidation meanwhile replaced it).
        ready.set(slug, loaded);
        return loaded;
      })();
      apps.set(slug, entry);
      entry.catch(() => apps.delete(slug));
    }
    return entry;
  }

  async decide(appSlug: string, rawHost: string, now = new Date()): Promise<DecisionAnswer> {
    return JSON.parse((await this.decideJson(appSlug, rawHost, now)).json) as DecisionAnswer;
  }

  /**
   * The cached answer, when this process already holds it, without waiting on anything: the endpoint's
   * hot path (no promise, no normalised copy of the host when the caller sent it normalised). Null: ask decideJson.
   */
  cachedJson(appSlug: string, rawHost: string, now: number): CachedAnswer | null {
    const app = this.readyApps.get(appSlug);
    if (!app) return null;
    // Answers are keyed by the normalised host, and normalising is idempotent: a key equal to the raw host is its answer.
    const cached = app.answers.get(rawHost);
    return cached && cached.validUntil > now ? cached : null;
  }

  /** The decision serialised, from the cache when it holds one (the endpoint's path: no object per request). */
  async decideJson(appSlug: string, rawHost: string, now = new Date()): Promise<CachedAnswer> {
    const host = normalizeHost(rawHost);
    if (!host) throw new ValidationError({ host: ["host must be a DNS name or IPv4 address, optionally with :port"] });
    const [snapshot, app] = await Promise.all([this.loadSnapshot(), this.loadApplication(appSlug)]);
    if (!app) throw new NotFoundError(`No application "${appSlug}".`);
    const cached = app.answers.get(host);
    if (cached && cached.validUntil > now.getTime()) return cached;
    const providerId = snapshot.matchHost(host)?.providerId ?? null;
    const { answer, validUntil } = this.evaluate(snapshot, app, providerId, host, now);
    const entry: CachedAnswer = { json: JSON.stringify(answer), ttlSeconds: answer.ttlSeconds, validUntil, headers: cacheHeaders(answer.ttlSeconds) };
    if (app.answers.size < 10_000) app.answers.set(host, entry);
    return entry;
  }

  /** The decision for a provider the application would use through an SDK (no host known). */
  async decideProvider(appSlug: string, providerId: string, now = new Date()): Promise<DecisionAnswer> {
    const [snapshot, app] = await Promise.all([this.loadSnapshot(), this.loadApplication(appSlug)]);
    if (!app) throw new NotFoundError(`No application "${appSlug}".`);
    const known = app.byProvider.get(providerId);
    const host = known?.subject.dependency.host ?? snapshot.providers.get(providerId)?.hostPatterns.find((h) => !h.startsWith("*.")) ?? "";
    return this.evaluate(snapshot, app, providerId, host, now).answer;
  }

  /** Every dependency Sibyl knows for the application, decided now. */
  async applicationDecisions(appSlug: string, now = new Date()): Promise<DecisionAnswer[]> {
    const [snapshot, app] = await Promise.all([this.loadSnapshot(), this.loadApplication(appSlug)]);
    if (!app) throw new NotFoundError(`No application "${appSlug}".`);
    return app.dependencies.map((d) => this.evaluate(snapshot, app, d.providerId, d.subject.dependency.host ?? "", now).answer);
  }

  private evaluate(snapshot: Snapshot, app: ApplicationEntry, providerId: string | null, host: string, now: Date): { answer: DecisionAnswer; validUntil: number } {
    const known = providerId ? app.byProvider.get(providerId) : app.byHost.get(host);
    const provider = providerId ? (snapshot.providers.get(providerId) ?? null) : null;
    const subject: DecisionSubject = known
      ? known.subject
      : {
          application: app.facts,
          provider: provider && providerSubject(provider),
          // Not in the inventory yet: evaluated as a new dependency that would carry the application's declared data.
          dependency: { target: provider ? "provider" : "unclassified", host: host || null, dataClasses: policyDataClasses([], app.declared, null), callsPerDay: 0, sources: [] },
        };
    const exception = known?.exception ?? null;
    const d = decide(subject, snapshot.policies, { defaultAction: snapshot.defaultAction, now, exception });
    // An answer that rests on an exception is good only until the exception expires.
    const validUntil = exception ? Math.min(exception.expiresAt.getTime(), now.getTime() + DECISION_TTL_SECONDS * 1000) : Number.POSITIVE_INFINITY;
    const ttlSeconds = exception ? Math.max(0, Math.min(DECISION_TTL_SECONDS, Math.floor((exception.expiresAt.getTime() - now.getTime()) / 1000))) : DECISION_TTL_SECONDS;
    const answer: DecisionAnswer = {
      ...d,
      application: app.facts.slug,
      host,
      provider: provider?.slug ?? null,
      providerName: provider?.name ?? null,
      target: subject.dependency.target,
      known: Boolean(known),
      evaluatedAt: now.toISOString(),
      ttlSeconds,
    };
    return { answer, validUntil };
  }
}

const state = globalThis as unknown as { sibylDecisionPoint?: Map<DatabaseHandle, DecisionPoint> };

/** The process's decision point for this database (listening for invalidations from other processes). */
export async function decisionPoint(handle: DatabaseHandle): Promise<DecisionPoint> {
  const points = (state.sibylDecisionPoint ??= new Map());
  let point = points.get(handle);
  if (!point) {
    point = new DecisionPoint(handle);
    points.set(handle, point);
    await listenForInvalidations(handle);
  }
  return point;
}

export type { DecisionPoint };
