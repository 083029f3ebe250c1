// Shared shapes of the ingest pipeline: what parsers produce and what the
// server-side reconciler consumes. Pure types; no runtime code.

/** One problem in an input, located by line ("line 12") or JSON path ("$.log.entries[3].request.url"). */
export interface IngestProblem {
  location: string;
  reason: string;
}

/** Thrown by a parser when an input cannot be used at all (nothing is stored). */
export class IngestInputError extends Error {
  constructor(public readonly problems: IngestProblem[], message?: string) {
    super(message ?? problems.map((p) => `${p.location}: ${p.reason}`).join("; "));
    this.name = "IngestInputError";
  }
}

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE";

/** An operation of an OpenAPI/Swagger document. `path` is the spec's template, e.g. "/users/{id}". */
export interface SpecOperation {
  method: HttpMethod;
  path: string;
  deprecated: boolean;
  operationId?: string;
  /** Names of the security schemes that apply (operation-level, else document-level); [] when none. */
  security: string[];
  /**
   * Path parameters the spec enumerates (`{type}` with enum [initiate]), by name: a value outside the
   * list is not this operation (an undocumented sibling). Absent when no path parameter is enumerated.
   */
  pathEnums?: Record<string, string[]>;
  /**
   * Path parameters whose schema is numeric, by name (`{membershipType}` of type integer): a value that is
   * not a number there ("/Destiny2/SearchDestinyPlayer" beside "/Destiny2/{membershipType}") is not this
   * operation. Absent when no path parameter is numeric; an enumerated parameter is in pathEnums instead.
   */
  pathTypes?: Record<string, PathParamType>;
}

/** The value type a path parameter's schema declares, when it constrains how a segment looks. */
export type PathParamType = "integer" | "number";

export interface SecuritySchemeSummary {
  /** apiKey | http | oauth2 | openIdConnect | mutualTLS | basic (Swagger 2) */
  type: string;
  in?: string;
  scheme?: string;
  name?: string;
}

export interface ParsedSpec {
  title: string;
  version: string;
  specVersion: "2.0" | "3.0" | "3.1";
  /** Path prefixes from `servers` (OAS3) or `basePath` (Swagger 2), normalised: "" or "/v1" (no trailing slash). */
  basePaths: string[];
  operations: SpecOperation[];
  securitySchemes: Record<string, SecuritySchemeSummary>;
  /** The parsed document (refs not inlined), for storage. */
  document: unknown;
}

export type TrafficFormat = "har" | "envoy" | "nginx" | "otlp";

/** One observed HTTP call. Inbound: a request to the application's own API. Outbound: a call it made to another host. */
export interface TrafficEvent {
  /** The decision (see directionFor in traffic/common.ts): own hosts first, then the format's hint, then the host. */
  direction: "inbound" | "outbound";
  /**
   * What the format itself says about the direction, when it says anything: Envoy/Istio `upstream_cluster`
   * "inbound|…" / "outbound|…", the OpenTelemetry span kind (SERVER / CLIENT), a web server's access log
   * (inbound by nature). Absent for HAR, which only the host can place.
   */
  directionHint?: "inbound" | "outbound";
  method: string;
  /** Lower-case host without port, or null when the source does not say. */
  host: string | null;
  /** Path without query string, percent-encoding kept as received. */
  path: string;
  /** Raw query string without "?", or null. */
  query: string | null;
  status: number | null;
  durationMs: number | null;
  /** Milliseconds since the epoch, or null. */
  timestamp: number | null;
  /** Request headers (HAR, OTLP attributes) for credential/sensitive-data checks; omitted by sources without them. */
  requestHeaders?: [string, string][];
  /** Request body text (HAR postData), truncated by the parser to a bounded size. */
  requestBody?: string;
  /** Where it came from in the input, for error messages: "line 12" or "$.log.entries[3]". */
  location: string;
}

/** A sensitive value class observed in traffic; the value itself is never kept. */
export type SensitiveClass = "email" | "card_number" | "national_id" | "phone" | "jwt" | "api_key_in_query";

export interface SensitiveObservation {
  dataClass: SensitiveClass;
  /** e.g. "query:api_key", "header:authorization", "body" */
  location: string;
}

/** A component of an SBOM. */
export interface SbomComponent {
  bomRef: string | null;
  name: string;
  group: string | null;
  version: string | null;
  purl: string | null;
  type: string;
}

export interface SbomVulnerabilityRating {
  source: string | null;
  score: number | null;
  severity: string | null;
  method: string | null;
  vector: string | null;
}

export interface SbomVulnerability {
  id: string;
  source: string | null;
  ratings: SbomVulnerabilityRating[];
  /** bom-refs of the affected components */
  affects: string[];
  description: string | null;
}

export interface ParsedSbom {
  specVersion: string;
  serialNumber: string | null;
  subject: { name: string | null; version: string | null } | null;
  components: SbomComponent[];
  vulnerabilities: SbomVulnerability[];
}

/** Entities of a Backstage catalog, reduced to what Sibyl keeps. */
export interface CatalogGroup { name: string; title: string | null; description: string | null }
export interface CatalogComponent {
  name: string;
  title: string | null;
  description: string | null;
  owner: string | null;
  system: string | null;
  lifecycle: string | null;
  type: string | null;
  providesApis: string[];
  consumesApis: string[];
  repositoryUrl: string | null;
}
export interface CatalogApi {
  name: string;
  title: string | null;
  owner: string | null;
  lifecycle: string | null;
  type: string | null;
  /** The embedded definition text (OpenAPI YAML/JSON) when type is openapi. */
  definition: string | null;
}
export interface CatalogSystem { name: string; owner: string | null; description: string | null }
export interface ParsedCatalog {
  groups: CatalogGroup[];
  components: CatalogComponent[];
  apis: CatalogApi[];
  systems: CatalogSystem[];
  problems: IngestProblem[];
}
