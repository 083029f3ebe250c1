// Routes each inbound request to its endpoint template: a spec's operation when one documents it, an endpoint
// already stored when one matches (so that new traffic never renames it), else an inferred template that
// keeps the parameter positions of the longest prefix a spec or a stored endpoint knows
// ("/users/{id}" documented → "/users/octocat/impersonate" is "/users/{id}/impersonate").

import { classifySegment, isWordLike, normalisePath, segmentsOf, SpecTemplateMatcher, TemplateInferrer, type MatchableOperation, type PrefixRewrite } from "./path-template";

export interface TemplaterSpec {
  /** The API the operations belong to (its id in the inventory). */
  apiId: string;
  operations: readonly MatchableOperation[];
  basePaths: readonly string[];
}

export interface RoutedRequest {
  /** The API whose spec holds the template; null for a template seen only in traffic. */
  apiId: string | null;
  template: string;
  /** The spec (or the stored endpoint) has this method on this template. */
  methodDocumented: boolean;
  /** The template was inferred from traffic in this run. */
  inferred: boolean;
  confidence: number | null;
  /** The evidence for an inferred template, segment by segment. */
  reasons: string[];
}

interface Rewrite extends PrefixRewrite {
  /** The spec template the whole path matches although the method is not documented there. */
  fallback: { apiId: string; template: string; methodDocumented: boolean } | null;
  documentedMethods?: string[];
}

/**
 * Two passes: match() answers at once for documented requests; the others are counted (count()), and
 * after finish(), resolve() answers for them. Stored endpoints without an API (inferred earlier, or
 * merged and split by an analyst) are matched like a spec, and their parameter positions are reused.
 */
export class RequestTemplater {
  private readonly specs: { apiId: string; matcher: SpecTemplateMatcher }[];
  private readonly stored: SpecTemplateMatcher | null;
  private readonly inferrer = new TemplateInferrer();
  private inferred: Map<string, { confidence: number; reasons: string[]; count: number }> | null = null;
  private readonly knownLiterals = new Set<string>();
  /** Template → 0-based positions of its whole-segment parameters (null: none). */
  private readonly paramPositions = new Map<string, number[] | null>();
  private readonly wordLike = new Map<string, boolean>();
  /** Template → its parameters ("{type}") that a spec enumerates: a value there is documented as such, never held back. */
  private readonly enumerated = new Map<string, Set<string>>();

  constructor(specs: readonly TemplaterSpec[], storedEndpoints: readonly { method: string; path: string }[] = []) {
    this.specs = specs
      .filter((s) => s.operations.length > 0)
      .map((s) => ({ apiId: s.apiId, matcher: new SpecTemplateMatcher(s.operations, s.basePaths.length ? s.basePaths : [""]) }));
    // Templates inferred under a spec are stored without its base path, as the spec's are.
    const bases = [...new Set(specs.flatMap((s) => s.basePaths)), ""];
    this.stored = storedEndpoints.length ? new SpecTemplateMatcher(storedEndpoints, bases) : null;
    for (const s of this.specs) for (const l of s.matcher.literalSegments()) this.knownLiterals.add(l);
    for (const s of specs)
      for (const op of s.operations)
        for (const name of Object.keys(op.pathEnums ?? {})) {
          const names = this.enumerated.get(op.path) ?? this.enumerated.set(op.path, new Set()).get(op.path);
          names?.add(`{${name}}`);
        }
    this.inferrer.addKnownLiterals(this.knownLiterals);
  }

  /** The template of a request that a spec or a stored endpoint documents (method included), else null. */
  match(method: string, rawPath: string): RoutedRequest | null {
    return this.direct(method.toUpperCase(), normalisePath(rawPath));
  }

  /** Count `times` requests that match() returned null for, for inference (before finish()). */
  count(method: string, rawPath: string, times = 1): void {
    const m = method.toUpperCase();
    const path = normalisePath(rawPath);
    const rw = this.rewrite(m, path);
    this.inferrer.add(m, rw.path, {
      fixed: rw.fixed, concrete: rw.concrete, sample: path, count: times,
      documentedMethods: rw.fallback?.methodDocumented ? undefined : rw.documentedMethods,
      documented: rw.fallback?.methodDocumented ?? false,
      closed: rw.closed === true,
      enumerated: rw.enumerated,
    });
  }

  finish(): void {
    if (this.inferred) return;
    this.inferred = new Map(this.inferrer.finish().map((t) => [`${t.method} ${t.template}`, { confidence: t.confidence, reasons: t.reasons, count: t.count }]));
  }

  /** The template of a request match() returned null for (after finish()). */
  resolve(method: string, rawPath: string): RoutedRequest {
    if (!this.inferred) throw new Error("RequestTemplater.resolve before finish()");
    const m = method.toUpperCase();
    const path = normalisePath(rawPath);
    const direct = this.direct(m, path);
    if (direct) return direct;
    const rw = this.rewrite(m, path);
    const template = this.inferrer.templateFor(m, rw.path, rw.fixed, rw.concrete);
    const info = this.inferred.get(`${m} ${template}`);
    if (rw.fallback && (template === normalisePath(rw.path) || keepsSpecParameters(template, rw, rw.fallback.template, info?.count ?? 0))) {
      return { apiId: rw.fallback.apiId, template: rw.fallback.template, methodDocumented: rw.fallback.methodDocumented, inferred: false, confidence: null, reasons: [] };
    }
    return { apiId: null, template, methodDocumented: false, inferred: true, confidence: info?.confidence ?? 1, reasons: info?.reasons ?? [] };
  }

  private direct(method: string, path: string): RoutedRequest | null {
    for (const { apiId, matcher } of this.specs) {
      const hit = matcher.match(method, path);
      if (hit?.methodDocumented) {
        if (this.holdsPathWord(hit.template, path)) return null;
        return { apiId, template: hit.template, methodDocumented: true, inferred: false, confidence: null, reasons: [] };
      }
    }
    const stored = this.stored?.match(method, path);
    if (stored?.methodDocumented) return { apiId: null, template: stored.template, methodDocumented: true, inferred: false, confidence: null, reasons: [] };
    return null;
  }

  /**
   * A documented request whose value at a spec parameter is a path word ("export", "bulk-delete") or a
   * literal of the spec: held back, so that the inferrer can tell a new literal sibling ("/apps/export" beside
   * "/apps/{appId}") from a value of the parameter, with all the run's values at hand.
   */
  private holdsPathWord(template: string, path: string): boolean {
    let positions = this.paramPositions.get(template);
    if (positions === undefined) {
      const segs = normalisePath(template).split("/").slice(1);
      const enumerated = this.enumerated.get(template);
      const found = segs.flatMap((s, i) => (/^(\{[^{}]+\}|:[A-Za-z_][\w-]*)$/.test(s) && !enumerated?.has(s) ? [i] : []));
      positions = found.length ? found : null;
      this.paramPositions.set(template, positions);
    }
    if (positions === null) return false;
    const segs = path.split("/");
    const count = normalisePath(template).split("/").length;
    // The template matches the path without its base path: the last `count` segments, aligned.
    const offset = segs.length - count;
    for (const i of positions) {
      const raw = segs[offset + i + 1];
      if (raw === undefined || raw.length === 0) continue;
      let word = this.wordLike.get(raw);
      if (word === undefined) {
        word = classifySegment(raw) === "literal" && (this.knownLiterals.has(raw) || isWordLike(raw));
        if (this.wordLike.size > 20_000) this.wordLike.clear();
        this.wordLike.set(raw, word);
      }
      if (word) return true;
    }
    return false;
  }

  /**
   * A path no spec documents with this method: when a spec has the path with other methods, its template
   * (the inferrer decides whether a value there is a new literal instead); else the longest prefix that a
   * spec or a stored endpoint knows, with its parameters.
   */
  private rewrite(method: string, path: string): Rewrite {
    for (const { apiId, matcher } of this.specs) {
      const hit = matcher.match(method, path);
      if (hit) {
        const rw = matcher.prefixTemplate(path);
        return { ...rw, fallback: { apiId, template: hit.template, methodDocumented: hit.methodDocumented }, documentedMethods: matcher.methodsOf(hit.template) };
      }
    }
    let best: Rewrite = { path, fixed: 0, concrete: path, fallback: null };
    for (const { matcher } of this.specs) {
      const rw = matcher.prefixTemplate(path);
      if (rw.fixed > best.fixed || (best.fixed === 0 && rw.concrete.length < best.concrete.length)) best = { ...rw, fallback: null };
    }
    if (this.stored) {
      const rw = this.stored.prefixTemplate(path);
      // Endpoints inferred earlier do not close a position: only a spec says which words may follow.
      if (rw.fixed > best.fixed) best = { ...rw, closed: false, fallback: null };
    }
    return best;
  }
}

const PARAM_IN_SEGMENT = /\{[^{}]*\}/;
/** Calls of one method that make a value kept literal at a spec parameter a new endpoint (a "repeated" value, as TemplateInferrer.decideSpecParam counts). */
const SIBLING_MIN_CALLS = 3;

/**
 * The inferred template of a path that a spec template matches whole (`spec`, its method documented or not)
 * agrees with the spec. A spec whose first segment is a parameter ("/{Bucket}/{Key}", AWS S3) leaves that
 * segment and the ones after it concrete in `rw.path` (SpecTemplateMatcher.prefixTemplate takes a leading
 * parameter only before a literal), so the inferrer decides there by the statistics of the values alone: a
 * documented call held back for its word-like values ("/mobile-service/report.pdf") and pooled with other
 * values as "/{param}/{param2}" is the spec's call, not a new endpoint beside it. Where the spec has a
 * parameter, the inferred template has one, or keeps the value literal in fewer than SIBLING_MIN_CALLS calls
 * (a word called once is a value, not a new literal sibling; "/{param}/export" called after every bucket is one).
 * Elsewhere it has the path's own segments.
 */
function keepsSpecParameters(inferred: string, rw: PrefixRewrite, spec: string, calls: number): boolean {
  const got = segmentsOf(normalisePath(inferred));
  const sent = segmentsOf(normalisePath(rw.path));
  const documented = segmentsOf(normalisePath(spec));
  if (got.length !== sent.length || documented.length > got.length) return false;
  // The spec's template is aligned with the path's last segments (a base path may precede it).
  const offset = got.length - documented.length;
  let parameters = 0;
  for (let i = 0; i < got.length; i++) {
    const own = i - offset;
    if (i < rw.fixed || own < 0 || !PARAM_IN_SEGMENT.test(documented[own])) {
      if (got[i] !== sent[i]) return false;
    } else if (PARAM_IN_SEGMENT.test(got[i])) parameters++;
    else if (got[i] !== sent[i] || calls >= SIBLING_MIN_CALLS) return false;
  }
  return parameters > 0;
}
