// Decides what Sibyl keeps from a Backstage catalog (multi-document catalog-info.yaml): Groups, Systems, Components
// and APIs, validated per Backstage's entity schemas (https://backstage.io/docs/features/software-catalog/descriptor-format)
// for the fields Sibyl uses. Other kinds are counted and ignored; bad entities are skipped with a located problem.
import { LineCounter, isNode, parseAllDocuments, type Document } from "yaml";
import { z } from "zod";
import { IngestInputError, type CatalogApi, type CatalogComponent, type IngestProblem, type ParsedCatalog } from "./types";

export type ParsedBackstageCatalog = ParsedCatalog & {
  /** Entities of kinds Sibyl does not keep (User, Resource, Domain, Location, Template, ...), counted by kind. */
  ignoredKinds: Record<string, number>;
};

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** yaml's guard against alias expansion ("billion laughs"); real catalogs rarely use anchors at all. */
const MAX_ALIAS_COUNT = 100;
const MAX_PROBLEMS = 500;
const API_VERSIONS = ["backstage.io/v1alpha1", "backstage.io/v1beta1"];
const KEPT_KINDS = ["component", "api", "system", "group"] as const;
type KeptKind = (typeof KEPT_KINDS)[number];
const KIND_LABEL: Record<KeptKind, string> = { component: "Component", api: "API", system: "System", group: "Group" };

/** Backstage's name rule: 1–63 characters, runs of [a-zA-Z0-9] separated by single "-", "_" or ".". */
const NAME_RE = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
const nameSchema = z.string().min(1).max(63, { error: "must be at most 63 characters" }).regex(NAME_RE, {
  error: "must be letters and digits separated by single '-', '_' or '.'",
});
const text = z.string().min(1);
const refList = z.array(text).optional();

const metadataSchema = z.object({
  name: nameSchema,
  title: z.string().optional(),
  description: z.string().optional(),
  annotations: z
    .object({ "backstage.io/source-location": z.string().optional(), "github.com/project-slug": z.string().optional() })
    .optional(),
});
const envelope = { apiVersion: z.string(), kind: z.string(), metadata: metadataSchema };

const SCHEMAS = {
  component: z.object({
    ...envelope,
    spec: z.object({ type: text, lifecycle: text, owner: text, system: text.optional(), providesApis: refList, consumesApis: refList }),
  }),
  api: z.object({
    ...envelope,
    spec: z.object({ type: text, lifecycle: text, owner: text, system: text.optional(), definition: z.unknown() }),
  }),
  system: z.object({ ...envelope, spec: z.object({ owner: text }) }),
  group: z.object({
    ...envelope,
    spec: z.object({ profile: z.object({ displayName: z.string().optional() }).optional() }).optional(),
  }),
};

function typeName(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === "" ? "entity" : out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function looksBinary(input: string): boolean {
  const end = Math.min(input.length, 4096);
  for (let i = 0; i < end; i++) {
    const code = input.charCodeAt(i);
    if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)) return true;
  }
  return false;
}

/** Where a problem in one document is reported: "document 3 (line 41)", the line of the deepest node on the path. */
class DocumentContext {
  constructor(
    readonly index: number,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly sink: (problem: IngestProblem) => void,
  ) {}

  lineOf(path: readonly PropertyKey[]): number {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return this.lines.linePos(node.range[0]).line;
    }
    return this.lines.linePos(this.doc.range[0]).line;
  }

  report(path: readonly PropertyKey[], reason: string): void {
    const location = `document ${this.index} (line ${this.lineOf(path)})`;
    this.sink({ location, reason: path.length > 0 ? `${fieldPath(path)}: ${reason}` : reason });
  }

  reportIssues(value: unknown, error: z.ZodError): void {
    for (const issue of error.issues) {
      const found = valueAt(value, issue.path);
      if (issue.code === "invalid_type") {
        this.report(issue.path, found === undefined ? "required" : `expected ${issue.expected}, got ${typeName(found)}`);
      } else if (issue.code === "too_small" && found === "") {
        this.report(issue.path, "must not be empty");
      } else {
        this.report(issue.path, issue.message);
      }
    }
  }
}

/**
 * Normalises an entity reference (`[kind:][namespace/]name`, e.g. `group:default/payments`) to the bare name,
 * checking the kind when one is given. Returns null and reports a problem when the reference is unusable.
 */
function refName(ref: string, allowedKinds: readonly string[], ctx: DocumentContext, path: PropertyKey[]): string | null {
  const colon = ref.indexOf(":");
  const kind = colon === -1 ? null : ref.slice(0, colon).trim().toLowerCase();
  const rest = colon === -1 ? ref : ref.slice(colon + 1);
  const slash = rest.indexOf("/");
  const name = (slash === -1 ? rest : rest.slice(slash + 1)).trim();
  if (kind !== null && !allowedKinds.includes(kind)) {
    const expected = allowedKinds.map((k) => KIND_LABEL[k as KeptKind] ?? k).join(" or ");
    ctx.report(path, `${JSON.stringify(ref)} refers to kind "${kind}", expected ${expected}`);
    return null;
  }
  if (!NAME_RE.test(name) || name.length > 63 || slash === 0) {
    ctx.report(path, `${JSON.stringify(ref)} is not a valid entity reference`);
    return null;
  }
  return name;
}

function refNames(refs: string[] | undefined, kind: string, ctx: DocumentContext, path: PropertyKey[]): string[] {
  const names = new Set<string>();
  (refs ?? []).forEach((ref, i) => {
    const name = refName(ref, [kind], ctx, [...path, i]);
    if (name !== null) names.add(name);
  });
  return [...names];
}

/** `url:https://github.com/org/repo/tree/main/x` -> `https://github.com/org/repo`; other forges cut at their tree markers. */
export function repositoryUrlFromLocation(location: string): string | null {
  const target = location.trim().replace(/^url:/i, "");
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  let segments = url.pathname.split("/").filter((s) => s.length > 0);
  if (url.hostname.toLowerCase() === "github.com") {
    segments = segments.slice(0, 2);
  } else {
    const marker = segments.findIndex((s, i) => s === "-" || ((s === "tree" || s === "blob" || s === "src") && i >= 2));
    if (marker !== -1) segments = segments.slice(0, marker);
  }
  if (segments.length < 2) return null;
  const last = segments.length - 1;
  segments[last] = segments[last].replace(/\.git$/, "");
  return `${url.protocol}//${url.host}/${segments.join("/")}`;
}

function repositoryUrl(annotations: z.infer<typeof metadataSchema>["annotations"], ctx: DocumentContext): string | null {
  const location = annotations?.["backstage.io/source-location"];
  if (location !== undefined && !/^file:/i.test(location.trim())) {
    const url = repositoryUrlFromLocation(location);
    if (url !== null) return url;
    ctx.report(["metadata", "annotations", "backstage.io/source-location"], `not a repository URL: ${JSON.stringify(location.slice(0, 200))}`);
  }
  const slug = annotations?.["github.com/project-slug"]?.trim();
  if (slug === undefined) return null;
  if (/^[\w.-]+\/[\w.-]+$/.test(slug)) return `https://github.com/${slug.replace(/\.git$/, "")}`;
  ctx.report(["metadata", "annotations", "github.com/project-slug"], `expected "org/repo", got ${JSON.stringify(slug.slice(0, 200))}`);
  return null;
}

/** An API's embedded definition: kept for OpenAPI; `$text`/`$json`/`$yaml` substitutions are reported, not fetched. */
function apiDefinition(definition: unknown, type: string, ctx: DocumentContext): string | null | "invalid" {
  const path = ["spec", "definition"];
  if (typeof definition === "string") return type.toLowerCase() === "openapi" ? definition : null;
  if (definition === undefined) {
    ctx.report(path, "required");
    return "invalid";
  }
  if (definition !== null && typeof definition === "object" && !Array.isArray(definition)) {
    const placeholder = ["$text", "$json", "$yaml"].find((key) => key in definition);
    if (placeholder) {
      ctx.report(path, `definition uses ${placeholder}, which Sibyl does not fetch`);
      return null;
    }
  }
  ctx.report(path, `expected string, got ${typeName(definition)}`);
  return "invalid";
}

function refuse(location: string, reason: string): never {
  throw new IngestInputError([{ location, reason }]);
}

/** Reads the YAML stream; syntax errors, binary or oversized input refuse the whole file. */
function readDocuments(input: string, maxBytes: number): { docs: Document.Parsed[]; lines: LineCounter } {
  if (typeof input !== "string") refuse("input", "expected text");
  if (input.length > maxBytes || (input.length * 3 > maxBytes && new TextEncoder().encode(input).length > maxBytes)) {
    refuse("input", `input is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit`);
  }
  const source = input.replace(/^\uFEFF/, "");
  if (looksBinary(source)) refuse("input", "input is binary, not YAML text");
  const lines = new LineCounter();
  const docs = parseAllDocuments(source, { lineCounter: lines, prettyErrors: false });
  const syntax = docs.flatMap((doc) => doc.errors).slice(0, 20);
  if (syntax.length > 0) {
    const problems = syntax.map((e) => ({ location: `line ${lines.linePos(e.pos[0]).line}`, reason: `YAML syntax error: ${e.message}` }));
    throw new IngestInputError(problems);
  }
  if (docs.length === 0) refuse("input", "input contains no YAML documents");
  return { docs: [...docs], lines };
}

/** Parses a multi-document Backstage catalog. Throws IngestInputError for unusable input or YAML syntax errors. */
export function parseBackstageCatalog(input: string, options: { maxBytes?: number } = {}): ParsedBackstageCatalog {
  const { docs, lines } = readDocuments(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const result: ParsedBackstageCatalog = { groups: [], components: [], apis: [], systems: [], problems: [], ignoredKinds: {} };
  const ignored = new Map<string, number>();
  const seen = new Map<string, number>();
  let dropped = 0;
  const sink = (problem: IngestProblem) => {
    if (result.problems.length < MAX_PROBLEMS) result.problems.push(problem);
    else dropped++;
  };

  docs.forEach((doc, i) => {
    const ctx = new DocumentContext(i + 1, doc, lines, sink);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const bomb = error instanceof ReferenceError && /alias/i.test(error.message);
      const reason = bomb ? "too many YAML alias expansions (a \"YAML bomb\"); refused" : `cannot read YAML: ${String(error)}`;
      refuse(`document ${i + 1} (line ${ctx.lineOf([])})`, reason);
    }
    if (value === null || value === undefined) return; // empty document, e.g. a trailing "---"
    if (typeof value !== "object" || Array.isArray(value)) {
      return ctx.report([], `expected a mapping (a Backstage entity), got ${typeName(value)}`);
    }
    const entity = value as Record<string, unknown>;
    const rawKind = entity.kind;
    if (typeof rawKind !== "string" || rawKind.trim() === "") {
      return ctx.report(["kind"], rawKind === undefined ? "required" : `expected a kind name, got ${JSON.stringify(rawKind)}`);
    }
    const kind = KEPT_KINDS.find((k) => k === rawKind.trim().toLowerCase());
    if (kind === undefined) {
      ignored.set(rawKind, (ignored.get(rawKind) ?? 0) + 1);
      return;
    }
    if (typeof entity.apiVersion !== "string" || !API_VERSIONS.includes(entity.apiVersion)) {
      const got = entity.apiVersion === undefined ? "nothing" : JSON.stringify(entity.apiVersion);
      return ctx.report(["apiVersion"], `expected ${API_VERSIONS.join(" or ")}, got ${got}`);
    }
    /** Validates the entity against its kind's schema and claims its name; null (with problems) when unusable. */
    const validated = <S extends z.ZodType<{ metadata: { name: string } }>>(schema: S): z.infer<S> | null => {
      const parsed = schema.safeParse(entity);
      if (!parsed.success) {
        ctx.reportIssues(entity, parsed.error);
        return null;
      }
      const { name } = parsed.data.metadata;
      const first = seen.get(`${kind}\u0000${name.toLowerCase()}`);
      if (first !== undefined) {
        ctx.report(["metadata", "name"], `duplicate ${KIND_LABEL[kind]} "${name}" (first in document ${first}); the first is kept`);
        return null;
      }
      seen.set(`${kind}\u0000${name.toLowerCase()}`, ctx.index);
      return parsed.data;
    };
    const owner = (ref: string) => refName(ref, ["group"], ctx, ["spec", "owner"]);
    const system = (ref: string | undefined) => (ref === undefined ? null : refName(ref, ["system"], ctx, ["spec", "system"]));

    if (kind === "group") {
      const e = validated(SCHEMAS.group);
      if (!e) return;
      const title = e.metadata.title ?? e.spec?.profile?.displayName ?? null;
      result.groups.push({ name: e.metadata.name, title, description: e.metadata.description ?? null });
    } else if (kind === "system") {
      const e = validated(SCHEMAS.system);
      if (!e) return;
      result.systems.push({ name: e.metadata.name, owner: owner(e.spec.owner), description: e.metadata.description ?? null });
    } else if (kind === "component") {
      const e = validated(SCHEMAS.component);
      if (!e) return;
      const component: CatalogComponent = {
        name: e.metadata.name,
        title: e.metadata.title ?? null,
        description: e.metadata.description ?? null,
        owner: owner(e.spec.owner),
        system: system(e.spec.system),
        lifecycle: e.spec.lifecycle,
        type: e.spec.type,
        providesApis: refNames(e.spec.providesApis, "api", ctx, ["spec", "providesApis"]),
        consumesApis: refNames(e.spec.consumesApis, "api", ctx, ["spec", "consumesApis"]),
        repositoryUrl: repositoryUrl(e.metadata.annotations, ctx),
      };
      result.components.push(component);
    } else {
      const e = validated(SCHEMAS.api);
      if (!e) return;
      const definition = apiDefinition(e.spec.definition, e.spec.type, ctx);
      if (definition === "invalid") return;
      const { name, title } = e.metadata;
      const api: CatalogApi = { name, title: title ?? null, owner: owner(e.spec.owner), lifecycle: e.spec.lifecycle, type: e.spec.type, definition };
      result.apis.push(api);
    }
  });

  if (dropped > 0) result.problems.push({ location: "input", reason: `${dropped} further problems not listed` });
  result.ignoredKinds = Object.fromEntries(ignored);
  return result;
}
