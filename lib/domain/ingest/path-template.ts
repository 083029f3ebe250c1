// Maps concrete request paths to path templates: to a spec's templates (segment trie, literal beats
// parameter, per-segment regex for "{name}.{ext}") and, with no spec, to inferred templates. The
// inference follows APIClarity and Akto (DOMAIN.md "Path templating"): typed segments plus a variety rule.

export type SegmentKind = "literal" | "number" | "uuid" | "ulid" | "objectid" | "hex" | "token" | "date" | "email";

// ---------------------------------------------------------------- normalisation

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const NEEDS_NORMALISING = /[?#%]|\/\/|.\/$/;

/** Strip query and fragment, collapse "//", drop a trailing "/" (not the root), decode only unreserved %XX. */
export function normalisePath(raw: string): string {
  let p = raw;
  const cut = p.search(/[?#]/);
  if (cut >= 0) p = p.slice(0, cut);
  if (p.includes("%")) {
    p = p.replace(/%([0-9A-Fa-f]{2})/g, (whole, hex: string) => {
      const c = String.fromCharCode(parseInt(hex, 16));
      return UNRESERVED.test(c) ? c : whole.toUpperCase();
    });
  }
  if (p.includes("//")) p = p.replace(/\/{2,}/g, "/");
  if (!p.startsWith("/")) p = `/${p}`;
  if (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p;
}

/** A normalised path's segments (none for "/"). */
export function segmentsOf(path: string): string[] {
  return path === "/" ? [] : path.slice(1).split("/");
}

function decodeSegment(seg: string): string {
  if (!seg.includes("%")) return seg;
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

const WHOLE_PARAM = /^(\{[^{}]+\}|:[A-Za-z_][\w-]*)$/;
const isParamSegment = (seg: string) => WHOLE_PARAM.test(seg);

// ---------------------------------------------------------------- spec matching

interface MatchNode {
  literals: Map<string, MatchNode> | null;
  patterns: { re: RegExp; score: number; raw: string; node: MatchNode }[] | null;
  param: MatchNode | null;
  /** Parameters the spec enumerates (`{type}` with enum [initiate]): a segment matches only one of its values (any case). */
  enumParams: { values: Set<string>; raw: string; node: MatchNode }[] | null;
  /** Parameters the spec types as numbers (`{membershipType}` of type integer): a segment matches only a number. */
  typedParams: { re: RegExp; raw: string; node: MatchNode }[] | null;
  /** The spec's text for the parameter child (the first template's name wins). */
  paramRaw: string;
  /**
   * The spec writes custom methods after a parameter here ("{name}:cancel", Google style): a segment with such a
   * suffix ("erin:configureDnsSettings") is a custom method the spec may not document, never a whole parameter's value.
   */
  colonVerbs: boolean;
  /** METHOD -> the spec's raw template, for templates ending here. */
  methods: Map<string, string> | null;
  /** The first raw template ending here (reported when the method is not documented). */
  template: string | null;
}

interface DeepestFound {
  depth: number;
  parts: string[];
  /** The spec's node at `depth`. */
  node: MatchNode;
  budget: number;
}

const newMatchNode = (): MatchNode => ({ literals: null, patterns: null, param: null, enumParams: null, typedParams: null, paramRaw: "", colonVerbs: false, methods: null, template: null });

/** A spec path key with a query or fragment part ("/{Bucket}/{Key}#uploadId", "/tags/{arn}?tagKeys"). */
const hasQueryKey = (raw: string) => /[?#]/.test(raw);

/** "erin:configureDnsSettings": a value and a custom method. */
const COLON_VERB = /^([^:]+):([A-Za-z][A-Za-z0-9_-]{0,60})$/;

/** What a numeric path parameter accepts: digits with an optional minus ("integer"), and a decimal part ("number"). */
const NUMERIC_VALUE: Record<"integer" | "number", RegExp> = { integer: /^-?\d+$/, number: /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/ };

/** What the matcher needs of an operation: the spec's enumerated and numeric path parameters constrain their segments. */
export interface MatchableOperation {
  method: string;
  path: string;
  pathEnums?: Record<string, string[]> | null;
  pathTypes?: Record<string, "integer" | "number"> | null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface TemplateMatch {
  template: string;
  methodDocumented: boolean;
}

/** A concrete path rewritten with the spec's segments for its longest documented prefix (SpecTemplateMatcher.prefixTemplate). */
export interface PrefixRewrite {
  /** The spec's segments for the first `fixed` segments, then the concrete ones: "/users/{id}/impersonate". */
  path: string;
  fixed: number;
  /** The concrete path without the base path, segment for segment the same length as `path`: "/users/octocat/impersonate". */
  concrete: string;
  /**
   * After the rewritten prefix the spec has only fixed words (literals, enumerated values; no parameter that
   * takes a word): a new value there is one of the API's own words, as a first segment is ("/{format}/Stadiums"
   * beside "/{format}/Players" and "/{format}/Teams").
   */
  closed?: boolean;
  /** 0-based positions among the `fixed` segments where the concrete value is one the spec enumerates: the parameter's, never a new endpoint. */
  enumerated?: number[];
}

/** Marks an enumerated parameter's part during a prefix walk (PrefixRewrite.enumerated). */
const ENUM_MARK = "\u0000";

/** The spec names every segment that may follow: literals or enumerated values, and no parameter that takes a word. */
const isClosedNode = (node: MatchNode | null): boolean =>
  node !== null && (node.literals !== null || node.enumParams !== null) && node.param === null && node.patterns === null;

/**
 * A segment trie over a spec's templates. A literal segment beats a pattern segment ("{name}.json",
 * most literal characters first), which beats a whole-segment parameter; dead ends backtrack. A
 * parameter matches exactly one segment. Whole-segment ":name" (Express style) is a parameter too.
 */
export class SpecTemplateMatcher {
  private readonly root = newMatchNode();
  private readonly basePaths: string[];
  private hit: string | null = null;
  private fallback: string | null = null;

  constructor(operations: readonly MatchableOperation[], basePaths: readonly string[] = []) {
    for (const op of operations) this.add(op.method.toUpperCase(), op.path, op.pathEnums ?? null, op.pathTypes ?? null);
    const bases = new Set<string>();
    for (const b of basePaths) {
      const n = normalisePath(b);
      if (n !== "/") bases.add(n);
    }
    this.basePaths = [...bases].sort((a, b) => b.length - a.length);
  }

  private add(method: string, raw: string, enums: Record<string, string[]> | null, types: Record<string, "integer" | "number"> | null): void {
    let node = this.root;
    for (const seg of segmentsOf(normalisePath(raw))) {
      const values = enums && seg.startsWith("{") ? enums[seg.slice(1, -1)] : undefined;
      const type = types && seg.startsWith("{") ? types[seg.slice(1, -1)] : undefined;
      if (values?.length && isParamSegment(seg)) {
        const key = [...new Set(values.map((v) => v.toLowerCase()))].sort().join("\u0000");
        node.enumParams ??= [];
        let entry = node.enumParams.find((e) => e.raw === seg && [...e.values].sort().join("\u0000") === key);
        if (!entry) node.enumParams.push((entry = { values: new Set(values.map((v) => v.toLowerCase())), raw: seg, node: newMatchNode() }));
        node = entry.node;
      } else if (type && NUMERIC_VALUE[type] && isParamSegment(seg)) {
        const re = NUMERIC_VALUE[type];
        node.typedParams ??= [];
        let entry = node.typedParams.find((e) => e.raw === seg && e.re === re);
        if (!entry) node.typedParams.push((entry = { re, raw: seg, node: newMatchNode() }));
        node = entry.node;
      } else if (isParamSegment(seg)) {
        if (!node.param) [node.param, node.paramRaw] = [newMatchNode(), seg];
        node = node.param;
      } else if (seg.includes("{") && /\{[^{}]+\}/.test(seg)) {
        const parts = seg.split(/\{[^{}]+\}/);
        if (/^\{[^{}]+\}:[A-Za-z][A-Za-z0-9_-]*$/.test(seg)) node.colonVerbs = true;
        const source = `^${parts.map((p) => escapeRe(decodeSegment(p))).join("(.+?)")}$`;
        node.patterns ??= [];
        let entry = node.patterns.find((p) => p.re.source === source);
        if (!entry) {
          entry = { re: new RegExp(source), score: parts.join("").length, raw: seg, node: newMatchNode() };
          node.patterns.push(entry);
          node.patterns.sort((a, b) => b.score - a.score);
        }
        node = entry.node;
      } else {
        const key = decodeSegment(seg);
        node.literals ??= new Map();
        let next = node.literals.get(key);
        if (!next) node.literals.set(key, (next = newMatchNode()));
        node = next;
      }
    }
    // Several keys of one path (AWS: "/{Bucket}" and "/{Bucket}#object-lock", told apart by a query key):
    // the plain one wins, whatever order the operations come in, for its method and as the path's template.
    node.methods ??= new Map();
    const current = node.methods.get(method);
    if (current === undefined || (hasQueryKey(current) && !hasQueryKey(raw))) node.methods.set(method, raw);
    if (node.template === null || (hasQueryKey(node.template) && !hasQueryKey(raw))) node.template = raw;
  }

  /** The template a concrete path belongs to, trying the longest matching base path first, then none. */
  match(method: string, concretePath: string): TemplateMatch | null {
    const m = method.toUpperCase();
    const path = concretePath.charCodeAt(0) !== 47 || NEEDS_NORMALISING.test(concretePath) ? normalisePath(concretePath) : concretePath;
    this.fallback = null;
    for (const base of this.basePaths) {
      if (!path.startsWith(base) || (path.length > base.length && path.charCodeAt(base.length) !== 47)) continue;
      const rest = path.length === base.length ? "/" : path.slice(base.length);
      if (this.search(rest, m)) return { template: this.hit as string, methodDocumented: true };
    }
    if (this.search(path, m)) return { template: this.hit as string, methodDocumented: true };
    return this.fallback === null ? null : { template: this.fallback, methodDocumented: false };
  }

  /**
   * For inference of an unmatched path: strip a base path, and write the longest prefix the spec
   * documents with the spec's own segments, so that a new sub-resource keeps the spec's parameters:
   * "/api/v1/dashboard/12/audit" → "/dashboard/{pk}/audit". The base path is the one under which the
   * most segments of the full path are documented (ties: the longest). A parameter takes the path's first
   * segment only after a base path, or when a literal of the spec follows it there ("/heidi/v2/balancehistory/…"
   * under "/{blockchain}/v2/balancehistory/…"): a spec-wide "/{owner}" does not claim unrelated paths ("/legacy/tenants").
   * `fixed` counts the leading segments taken from the spec (TemplateInferrer keeps them as they are).
   */
  prefixTemplate(concretePath: string): PrefixRewrite {
    const path = normalisePath(concretePath);
    let best: PrefixRewrite & { score: number } = { score: -1, path, fixed: 0, concrete: path, closed: false, enumerated: [] };
    for (const base of [...this.basePaths, ""]) {
      if (!path.startsWith(base) || (path.length > base.length && path.charCodeAt(base.length) !== 47)) continue;
      const concrete = path.length === base.length ? "/" : path.slice(base.length);
      const segs = segmentsOf(concrete);
      const found: DeepestFound = { depth: 0, parts: [], node: this.root, budget: 10_000 };
      this.deepest(this.root, segs, [], found, base !== "");
      const score = found.depth + segmentsOf(base || "/").length;
      const closed = found.depth > 0 && found.depth < segs.length && isClosedNode(found.node);
      const enumerated = found.parts.flatMap((p, i) => (p.startsWith(ENUM_MARK) ? [i] : []));
      const parts = found.parts.map((p) => (p.startsWith(ENUM_MARK) ? p.slice(ENUM_MARK.length) : p));
      if (score > best.score) best = { score, path: `/${[...parts, ...segs.slice(found.depth)].join("/")}`, fixed: found.depth, concrete, closed, enumerated };
    }
    return { path: best.path, fixed: best.fixed, concrete: best.concrete, closed: best.closed, ...(best.enumerated?.length ? { enumerated: best.enumerated } : {}) };
  }

  /** The methods the spec documents for one of its templates (as written in the spec), upper case. */
  methodsOf(template: string): string[] {
    // One template may end at several nodes (its parameter numeric for one method, untyped for another).
    let nodes: MatchNode[] = [this.root];
    for (const seg of segmentsOf(normalisePath(template))) {
      const next: MatchNode[] = [];
      for (const node of nodes) {
        if (isParamSegment(seg)) {
          for (const e of node.enumParams ?? []) if (e.raw === seg) next.push(e.node);
          for (const t of node.typedParams ?? []) if (t.raw === seg) next.push(t.node);
          if (node.param) next.push(node.param);
        } else if (seg.includes("{")) {
          const p = node.patterns?.find((x) => x.raw === seg);
          if (p) next.push(p.node);
        } else {
          const l = node.literals?.get(decodeSegment(seg));
          if (l) next.push(l);
        }
      }
      if (next.length === 0) return [];
      nodes = next;
    }
    const methods = new Set<string>();
    for (const node of nodes) for (const m of node.methods?.keys() ?? []) methods.add(m);
    return [...methods].sort();
  }

  /** Every literal segment of the spec's templates ("users", "bulk-delete"): evidence that a concrete segment is a path word. */
  literalSegments(): Set<string> {
    const out = new Set<string>();
    const visit = (node: MatchNode) => {
      for (const [k, child] of node.literals ?? []) {
        out.add(k);
        visit(child);
      }
      for (const p of node.patterns ?? []) visit(p.node);
      // An enumerated value is a word the spec spells out, as a literal is.
      for (const e of node.enumParams ?? []) {
        for (const v of e.values) out.add(v);
        visit(e.node);
      }
      for (const t of node.typedParams ?? []) visit(t.node);
      if (node.param) visit(node.param);
    };
    visit(this.root);
    return out;
  }

  /**
   * `anchored`: a literal (or a base path) precedes, so a parameter may take the segment. Unanchored (the
   * path's first segment), a parameter takes it only provisionally (`pending`): the walk counts only once a
   * literal or an enumerated value of the spec follows ("/heidi/v2/balancehistory" under "/{blockchain}/v2/…"),
   * so a leading parameter never claims a path whose next segment the spec does not have there.
   */
  private deepest(node: MatchNode, segs: string[], parts: string[], found: DeepestFound, anchored: boolean, pending = false): void {
    const i = parts.length;
    if (!pending && i > found.depth) [found.depth, found.parts, found.node] = [i, [...parts], node];
    if (i >= segs.length || --found.budget < 0) return;
    const seg = decodeSegment(segs[i]);
    const lit = node.literals?.get(seg);
    if (lit) this.deepest(lit, segs, [...parts, segs[i]], found, true);
    for (const e of node.enumParams ?? []) if (e.values.has(seg.toLowerCase())) this.deepest(e.node, segs, [...parts, ENUM_MARK + e.raw], found, true);
    if (pending) return;
    for (const p of node.patterns ?? []) if (p.re.test(seg)) this.deepest(p.node, segs, [...parts, p.raw], found, true);
    for (const t of node.typedParams ?? []) if (t.re.test(seg)) this.deepest(t.node, segs, [...parts, t.raw], found, anchored, !anchored);
    if (!node.param) return;
    const verb = node.colonVerbs && anchored ? COLON_VERB.exec(seg) : null;
    // An undocumented custom method keeps the spec's parameter and its own suffix: "{name}:configureDnsSettings".
    if (verb) this.deepest(node.param, segs, [...parts, `${node.paramRaw}:${verb[2]}`], found, true);
    else this.deepest(node.param, segs, [...parts, node.paramRaw], found, anchored, !anchored);
  }

  private search(path: string, method: string): boolean {
    this.hit = null;
    return this.walk(this.root, path, 1, method);
  }

  private walk(node: MatchNode, path: string, pos: number, method: string): boolean {
    if (pos >= path.length) {
      if (node.methods === null) return false;
      const t = node.methods.get(method);
      if (t !== undefined) {
        this.hit = t;
        return true;
      }
      if (this.fallback === null) this.fallback = node.template;
      return false;
    }
    let end = path.indexOf("/", pos);
    if (end < 0) end = path.length;
    let seg = path.slice(pos, end);
    if (seg.length === 0) return false;
    if (seg.includes("%")) seg = decodeSegment(seg);
    const next = end + 1;
    if (node.literals !== null) {
      const child = node.literals.get(seg);
      if (child !== undefined && this.walk(child, path, next, method)) return true;
    }
    if (node.enumParams !== null) {
      const lower = seg.toLowerCase();
      for (const e of node.enumParams) if (e.values.has(lower) && this.walk(e.node, path, next, method)) return true;
    }
    if (node.patterns !== null) {
      for (const p of node.patterns) if (p.re.test(seg) && this.walk(p.node, path, next, method)) return true;
    }
    if (node.typedParams !== null) {
      for (const t of node.typedParams) if (t.re.test(seg) && this.walk(t.node, path, next, method)) return true;
    }
    return node.param !== null && !(node.colonVerbs && COLON_VERB.test(seg)) && this.walk(node.param, path, next, method);
  }
}

// ---------------------------------------------------------------- segment classification

// Common words of API paths: segments made of these stay literal (Akto keeps dictionary words literal).
const WORDS = new Set(
  `about access account accounts action actions activate active activity add address admin admins agent agents alert alerts alias all analytics
  api apis app apps application applications approve archive archived assets assign attachment attachments attribute attributes audit auth
  authorize authorization avatar backup balance balances bank batch billing blob blobs block blog board book booking bookings branch branches
  bulk bundle business cache calendar callback campaign cancel capabilities capture card cards cart catalog categories category certificate
  certificates change changes channel channels charge charges chat check checkout child children claim claims client clients close cluster
  clusters code codes collection collections comment comments commit commits company companies compare complete config configuration
  confirm connect connection connections consent contact contacts content contents context count countries country coupon coupons create
  credentials credit currencies currency current customer customers dashboard data database databases date debug default delete deliveries
  delivery deploy deployment deployments details device devices diff disable discount discounts dispute disputes document documents domain
  domains download draft drafts edit email emails enable endpoint endpoints entities entity environment environments error errors event events
  exchange export exports external feature features feed feedback fields file files filter filters find flag flags folder folders follow
  followers following form forms forward fulfillment function functions gateway generate get global graph graphql group groups health help
  history home hook hooks identity image images import imports inbox index info information insights install instance instances integration
  integrations internal inventory invitation invitations invite invoice invoices issue issues item items job jobs join key keys label labels
  language languages latest leave legacy level library licenses license like likes limit limits link links list live locale location locations
  lock log login logout logs lookup manage manifest map mark me media member members membership memberships merge message messages meta
  metadata method methods metrics migrate mobile mode model models module modules move my network networks new news next node nodes note
  notes notification notifications oauth object objects offer offers open operation operations option options order orders org
  organization organizations orgs overview owner owners package packages page pages password patch pay payment payments payout payouts
  pending permission permissions person persons phone photo photos pipeline pipelines plan plans platform player players plugin plugins policies
  policy poll popular post posts preference preferences preview price prices pricing private product products profile profiles progress
  project projects promotion properties property provider providers public publish pull purchase push query queue queues quote quotes rate
  rates read recent record records recover redirect refresh refund refunds region regions register registration release releases remove
  reply report reports repos repository repositories request requests reset resource resources restore result results review reviews revoke
  role roles root route routes rule rules run runs sales sandbox save schedule schedules schema schemas scope scopes score scores search
  secret secrets security self send sequence server servers service services session sessions set setting settings setup share shared shares
  shipment shipments shipping sign signin signout signup site sites size snapshot snapshots source sources spec stage start stat state states
  statistics stats status stop storage store stores stream streams submit subscribe subscription subscriptions summary support sync system
  systems tag tags target task tasks tax taxes team teams template templates tenant tenants test text thread threads ticket tickets time token
  tokens tool tools topic topics total track tracking transaction transactions transfer transfers translate trash tree trigger triggers type
  types unlock unsubscribe update updates upload uploads usage user username users validate validation value values variable variables
  verification verify version versions video videos view views volume volumes vote wallet wallets watch webhook webhooks widget widgets
  wiki work workflow workflows workspace workspaces write zone zones v sha1 sha256 sha384 sha512 md5 base64 utf8 x509 oauth2 ipv4 ipv6
  iso8601 rfc3339 ed25519 json xml csv pdf html yaml rss atom png jpg svg js css txt zip`.split(/\s+/),
);

// "v1", "v2.1", "v2beta1", "v1p1beta1": a version marker; "v8x7k2m9q" (an identifier starting with v and a digit) is not.
const VERSION = /^v\d{1,3}(\.\d{1,3}){0,2}((alpha|beta|rc|preview|pre|dev|p)\d{0,3}){0,2}$/i;
const SUBWORDS = /[-_.~$]+|(?<=[a-z])(?=[A-Z])/;

function isKnownWord(word: string): boolean {
  const w = word.toLowerCase();
  if (WORDS.has(w) || VERSION.test(w)) return true;
  if (w.endsWith("ies") && WORDS.has(`${w.slice(0, -3)}y`)) return true;
  return (w.endsWith("es") && WORDS.has(w.slice(0, -2))) || (w.endsWith("s") && WORDS.has(w.slice(0, -1)));
}

/**
 * Dictionary word or version marker, also compounds of them ("user-profile", "accessTokens"); a numbered
 * word ("search-2", "billing-7") is an identifier, not a path word.
 */
export function isWordLike(segment: string): boolean {
  if (isKnownWord(segment)) return true;
  const parts = segment.split(SUBWORDS).filter((p) => p.length > 0);
  if (parts.length === 1) return parts[0] !== segment && isKnownWord(parts[0]); // "_debug", "-search"
  return parts.length > 1 && parts.every((p) => isKnownWord(p) || (p.length <= 2 && !/^\d+$/.test(p)));
}

// "PlayerSeasonStats", "CurrentSeason", "Standings": a Pascal-case name of letters only, as an API names its
// operations; identifiers seen in paths are lower case, numbered or separated ("octocat", "acme-corp", "lena62").
const PASCAL_NAME = /^[A-Z][a-z]+(?:[A-Z][a-z]*)*(?:ID|Id)?$/;

/** A path word (isWordLike) or a Pascal-case operation name: what a position of the API's own vocabulary holds. */
export function isPathWord(segment: string): boolean {
  return isWordLike(segment) || (segment.length >= 4 && PASCAL_NAME.test(segment));
}

const RE_NUMBER = /^\d+$/;
const RE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RE_OBJECTID = /^[0-9a-f]{24}$/i;
const RE_ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const RE_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const RE_EMAIL = /^[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}$/;
const RE_HEX = /^[0-9a-f]{8,}$/i;
const RE_TOKEN_CHARS = /^[A-Za-z0-9_\-+=.~]+$/;
const RE_LETTERS = /^[A-Za-z]+$/;
const countMatches = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

/**
 * The type of one concrete segment. Digits only → number; UUID, ULID, Mongo ObjectId (24 hex), ISO date
 * (optionally with time), email; hex (≥ 8 hex characters with a digit); token: ≥ 16 characters of letters and
 * digits, APIClarity "mixed" (≥ 8 characters with > 2 digits) or Akto (≥ 6 characters, ≥ 3 digits, a letter),
 * or ≥ 20 letters with frequent case changes (random base64). Dictionary words and `v1`-style versions stay
 * literal. Position rules (a date or short number as first segment is a version) live in TemplateInferrer.
 */
export function classifySegment(segment: string): SegmentKind {
  const s = decodeSegment(segment);
  if (s.length === 0) return "literal";
  if (RE_NUMBER.test(s)) return "number";
  if (isKnownWord(s)) return "literal";
  if (RE_UUID.test(s)) return "uuid";
  const digits = countMatches(s, /\d/g);
  if (RE_OBJECTID.test(s) && digits > 0) return "objectid";
  if (RE_ULID.test(s) && digits > 0 && /[A-Z]/i.test(s)) return "ulid";
  if (RE_DATE.test(s)) return "date";
  if (RE_EMAIL.test(s)) return "email";
  if (RE_HEX.test(s) && digits > 0) return "hex";
  const letters = countMatches(s, /[A-Za-z]/g);
  if ((s.length >= 8 && digits > 2) || (s.length >= 6 && digits >= 3 && letters > 0)) return "token";
  if (RE_TOKEN_CHARS.test(s) && s.length >= 16) {
    // Random base62 changes case often; camelCase words ("p2sVpnServerConfigurations") rarely do.
    const caseChanges = countMatches(s, /[a-z](?=[A-Z])|[A-Z](?=[a-z])/g) / s.length;
    if (letters > 0 && (digits >= 2 || (digits === 1 && caseChanges >= 0.3))) return "token";
    if (s.length >= 20 && digits === 0 && caseChanges >= 0.4) return "token";
  }
  return "literal";
}

// ---------------------------------------------------------------- parameter names and analyst helpers

const KIND_PARAM: Record<SegmentKind, string> = {
  literal: "param", number: "id", uuid: "id", ulid: "id", objectid: "id", hex: "token", token: "token", date: "date", email: "email",
};

/** "users" → "user", "categories" → "category", "status" → "status"; "param" when there is no usable word. */
export function paramNameFor(previousLiteral: string | null): string {
  if (previousLiteral === null || !/^[A-Za-z][A-Za-z0-9_-]{1,40}$/.test(previousLiteral) || VERSION.test(previousLiteral)) return "param";
  let w = previousLiteral.replace(/-/g, "_");
  const lower = w.toLowerCase();
  if (lower.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (/(sses|xes|ches|shes)$/.test(lower)) w = w.slice(0, -2);
  else if (lower.endsWith("s") && !/(ss|us|is)$/.test(lower)) w = w.slice(0, -1);
  return w;
}

/** A literal segment, or a parameter with an optional fixed suffix ("{id}.json", "{name}:disable"). */
export type TemplatePart = { literal: string } | { param: string; suffix?: string };
type Part = TemplatePart;

/** Join parts into "/a/{b}", suffixing repeated parameter names with 2, 3, … */
export function renderTemplate(parts: readonly Part[]): string {
  const used = new Map<string, number>();
  for (const p of parts) if ("literal" in p) for (const m of p.literal.matchAll(/\{([^{}]+)\}/g)) used.set(m[1], 1);
  const segs = parts.map((p) => {
    if ("literal" in p) return p.literal;
    const n = (used.get(p.param) ?? 0) + 1;
    used.set(p.param, n);
    return `{${n === 1 ? p.param : `${p.param}${n}`}}${p.suffix ?? ""}`;
  });
  return `/${segs.join("/")}`;
}

/**
 * Merge two templates of the same segment count (null otherwise): equal segments stay, a parameter on
 * either side wins, differing literals become a parameter named after the preceding literal segment.
 */
export function mergeTemplates(a: string, b: string): string | null {
  const sa = segmentsOf(normalisePath(a));
  const sb = segmentsOf(normalisePath(b));
  if (sa.length !== sb.length) return null;
  const names = new Set(sa.concat(sb).filter(isParamSegment).map((s) => s.replace(/^[{:]|\}$/g, "")));
  const out: string[] = [];
  sa.forEach((x, i) => {
    const y = sb[i];
    if (x === y || isParamSegment(x)) return out.push(x);
    if (isParamSegment(y)) return out.push(y);
    const prev = i > 0 && !out[i - 1].includes("{") ? out[i - 1] : null;
    const base = paramNameFor(prev);
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base}${n}`;
    names.add(name);
    return out.push(`{${name}}`);
  });
  return `/${out.join("/")}`;
}

/** Turn the parameter at 0-based segment `position` back into the literal `value`. */
export function splitTemplate(template: string, position: number, value: string): string {
  const segs = segmentsOf(normalisePath(template));
  if (!Number.isInteger(position) || position < 0 || position >= segs.length) {
    throw new RangeError(`position ${position} is outside the template's ${segs.length} segments`);
  }
  if (!isParamSegment(segs[position])) throw new Error(`segment ${position} of ${template} is not a parameter`);
  if (value.length === 0 || value.includes("/")) throw new Error("the literal value must be one non-empty segment");
  segs[position] = value;
  return `/${segs.join("/")}`;
}

// ---------------------------------------------------------------- inference

export interface InferredTemplate {
  method: string;
  template: string;
  /** 0..1: 1 without parameters, ≥ 0.9 for typed parameters, lower for variety-only ones. */
  confidence: number;
  count: number;
  /** Up to 5 concrete paths. */
  samples: string[];
  /** Why each segment became a parameter, or stayed a literal beside one: the evidence shown as the endpoint's "why". */
  reasons: string[];
}

interface InfNode {
  count: number;
  /** Calls that end here, of every method. */
  end: number;
  /** Per method: calls that end here and up to 5 concrete paths. */
  ends: Map<string, { count: number; samples: string[] }> | null;
  lits: Map<string, InfNode>;
  /** The parameter child: typed segments at add time, plus absorbed literals after a variety decision. */
  param: InfNode | null;
  /** Parameters with a fixed suffix ("{id}.json", "{name}:disable"), by suffix. */
  suffixed: Map<string, InfNode> | null;
  kinds: Map<SegmentKind, number>;
  /** Values past the per-position cap, kept together; their count, and how many looked like words. */
  over: InfNode | null;
  overValues: number;
  overWords: number;
  paramName: string;
  /** This position's untyped values were judged parameter values (by suffix; "" for plain ones). */
  variety: Set<string> | null;
  reason: string;
  confidence: number;
  /** The spec's segment for a parameter at this position ("{project_gid}"): concrete values wait in `lits` for decide(). */
  specParam: string | null;
  /** The methods the spec documents on the template ending at this child (set on spec-parameter values). */
  specMethods: string[] | null;
  /** A literal taken from a spec (or an endpoint already stored): never absorbed into a parameter. */
  specLiteral: boolean;
  /** Calls through this spec-parameter value whose method the spec documents there. */
  documentedCalls: number;
  /**
   * Calls that reached this value through the spec's parameter (the prefix walk took it as the parameter).
   * A value at the same position that the walk did not take (a word where the spec types the parameter as a
   * number or enumerates it, a first segment not followed by the spec's structure) is not the parameter's.
   */
  specCalls: number;
  /** The spec has only fixed words at this position (PrefixRewrite.closed): its new values are judged as a first segment's. */
  vocabulary: boolean;
}

export interface InferOptions {
  /** The concrete path as seen (with its base path), kept as a sample. */
  sample?: string;
  /** Leading segments of `path` taken from a spec (SpecTemplateMatcher.prefixTemplate): kept as they are. */
  fixed?: number;
  /**
   * The concrete path of the same segments as `path` (PrefixRewrite.concrete). With it, a spec parameter
   * among the fixed segments keeps the concrete values seen there, and decide() can tell a new literal
   * sibling ("/projects/bulk-delete" beside "/projects/{project_gid}") from a value of the parameter.
   */
  concrete?: string;
  /** The methods the spec documents on `path` when `path` is a whole spec template (a call with another method). */
  documentedMethods?: readonly string[];
  /** How many requests this path stands for (1 by default). */
  count?: number;
  /** The spec has only fixed words right after the `fixed` segments (PrefixRewrite.closed). */
  closed?: boolean;
  /** Positions among the `fixed` segments whose value the spec enumerates (PrefixRewrite.enumerated): the parameter's value. */
  enumerated?: readonly number[];
  /**
   * `path` is a whole spec template that documents this method: the request was held back only because a
   * parameter value looks like a path word ("/apps/export" beside "/apps/{appId}"), so only stronger evidence
   * (the value repeated where others are not) makes it a new endpoint.
   */
  documented?: boolean;
}

const MAX_VALUES_PER_POSITION = 64;
const MAX_NODES = 50_000;
const MAX_SEGMENTS = 64;
const VARIETY_MIN_DISTINCT = 10;
const KIND_CONFIDENCE: Record<SegmentKind, number> = {
  literal: 0.9, number: 0.95, uuid: 0.99, ulid: 0.98, objectid: 0.98, hex: 0.92, token: 0.9, date: 0.95, email: 0.97,
};
const KIND_LABEL: Record<SegmentKind, string> = {
  literal: "word", number: "number", uuid: "UUID", ulid: "ULID", objectid: "ObjectId", hex: "hex string", token: "token", date: "date", email: "email address",
};

const newInfNode = (): InfNode => ({
  count: 0, end: 0, ends: null, lits: new Map(), param: null, suffixed: null, kinds: new Map(), over: null, overValues: 0, overWords: 0,
  paramName: "param", variety: null, reason: "", confidence: 1, specParam: null, specMethods: null, specLiteral: false, documentedCalls: 0, specCalls: 0, vocabulary: false,
});

/** Kind of the segment at 0-based position i: a date or a 1–2 digit number first in the path is a version ("/2023-10-16/…", "/1/…"). */
function kindAt(seg: string, i: number, fixed: number): SegmentKind {
  if (i < fixed) return "literal"; // taken from a spec (SpecTemplateMatcher.prefixTemplate)
  const k = classifySegment(seg);
  return i === 0 && (k === "date" || (k === "number" && seg.length <= 2)) ? "literal" : k;
}

// A format extension or a custom method (Google's ":disable") after a parameter: "{id}.json", "{name}:batchGet".
const SUFFIX = /^(.+?)(\.(?:json|xml|csv|tsv|txt|html?|pdf|png|jpe?g|gif|svg|webp|zip|gz|tar|ya?ml|js|atom|rss|ics|vcf|mp3|mp4|wav|ogg|bin|md)|:[A-Za-z][A-Za-z0-9_-]{0,40})$/i;

/** The parameter part and the fixed suffix of a segment, when it has one of the known suffixes. */
export function splitSuffix(segment: string): { core: string; suffix: string } | null {
  if (!segment.includes(".") && !segment.includes(":")) return null;
  const m = SUFFIX.exec(segment);
  return m ? { core: m[1], suffix: m[2] } : null;
}

/**
 * The kind of a segment and, for a segment with a known suffix ("48213.json"), the kind of its core: the
 * whole is then a literal (judged with its siblings of the same suffix) or a typed parameter with the suffix.
 */
function shapeAt(seg: string, i: number, fixed: number): { kind: SegmentKind; split: { core: string; suffix: string } | null; coreKind: SegmentKind } {
  const kind = kindAt(seg, i, fixed);
  const split = kind === "literal" || kind === "token" || kind === "hex" ? splitSuffix(seg) : null;
  if (!split) return { kind, split: null, coreKind: "literal" };
  return { kind: "literal", split, coreKind: classifySegment(split.core) };
}

function addEnd(node: InfNode, method: string, count: number, samples: readonly string[]): void {
  node.end += count;
  node.ends ??= new Map();
  let e = node.ends.get(method);
  if (!e) node.ends.set(method, (e = { count: 0, samples: [] }));
  e.count += count;
  for (const s of samples) if (e.samples.length < 5 && !e.samples.includes(s)) e.samples.push(s);
}

/** Statistics of the values seen at one position: what the variety decision and its evidence rest on. */
export interface PositionStats {
  distinct: number;
  calls: number;
  /** Values made of path words ("delete", "bulk-delete", "v2"). */
  words: number;
  /** distinct values that are not words / their calls: ~1 when each value is seen once (identifiers). */
  freshRatio: number;
  /** Largest number of calls of one non-word value. */
  maxRepeat: number;
  /** Share of the non-word values seen at most twice. */
  rareShare: number;
  /** Coefficient of variation of the values' lengths. */
  lengthSpread: number;
  /** Mean Shannon entropy per character of the values, in bits. */
  entropy: number;
  /** Share of the values with the commonest character-class shape (lower/upper/digit/separator). */
  shapeShare: number;
}

function charShape(v: string): string {
  return `${/[a-z]/.test(v) ? "a" : ""}${/[A-Z]/.test(v) ? "A" : ""}${/\d/.test(v) ? "9" : ""}${/[-_.~]/.test(v) ? "-" : ""}`;
}

function entropyOf(v: string): number {
  const freq = new Map<string, number>();
  for (const c of v) freq.set(c, (freq.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of freq.values()) h -= (n / v.length) * Math.log2(n / v.length);
  return h;
}

/**
 * `overValues`/`overWords`: values past the per-position cap (and how many were words); `typed`: calls
 * whose value was typed at once (numbers, UUIDs, tokens), counted as that many new values.
 */
export function positionStats(values: readonly (readonly [string, number])[], overValues = 0, overWords = 0, typed = 0): PositionStats {
  const distinct = values.length + overValues + typed;
  let calls = typed;
  let words = overWords;
  let freshDistinct = overValues - overWords + typed;
  let freshCalls = overValues - overWords + typed;
  let maxRepeat = 0;
  let rare = overValues - overWords + typed;
  const lengths: number[] = [];
  const shapes = new Map<string, number>();
  let entropy = 0;
  for (const [v, c] of values) {
    calls += c;
    lengths.push(v.length);
    shapes.set(charShape(v), (shapes.get(charShape(v)) ?? 0) + 1);
    entropy += entropyOf(v);
    if (isPathWord(v)) words++;
    else {
      freshDistinct++;
      freshCalls += c;
      maxRepeat = Math.max(maxRepeat, c);
      if (c <= 2) rare++;
    }
  }
  const mean = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
  const sd = Math.sqrt(lengths.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, lengths.length));
  return {
    distinct,
    calls: calls + overValues,
    words,
    freshRatio: freshCalls > 0 ? freshDistinct / freshCalls : 0,
    maxRepeat,
    rareShare: freshDistinct > 0 ? rare / freshDistinct : 0,
    lengthSpread: mean > 0 ? Math.round((sd / mean) * 100) / 100 : 0,
    entropy: values.length ? Math.round((entropy / values.length) * 100) / 100 : 0,
    shapeShare: values.length ? Math.round((Math.max(...shapes.values()) / values.length) * 100) / 100 : 0,
  };
}

/**
 * Streaming template inference for paths that match no spec. Typed segments (classifySegment) become
 * parameters at once. Then, top-down, the untyped values at a position under the same method and prefix
 * are judged by their statistics (positionStats): a position whose non-word values are many and each seen
 * about once (an identifier: "octocat", "eu-west-1", "acme-corp") becomes a parameter, while few values that
 * repeat ("/invitations/delete") stay literal; words that are called often stay literal beside the parameter
 * ("/users/me"). Values with a fixed suffix are judged apart ("/customers/{id}.json", "/{name}:disable").
 * The first segment, and one after a version marker or "api", is the API's own vocabulary: only typed values or
 * more than 30 values of one-off shape make it a parameter. A date or a 1–2 digit number as the first segment
 * is a version ("/2023-10-16/charges", "/1/movies"), as are "v1"-style segments anywhere.
 * With a spec's (or a stored endpoint's) prefix (InferOptions.concrete), its parameters stay parameters unless
 * the evidence says that a value is a new literal beside them: it appears as a literal elsewhere in the spec,
 * it is made of path words, or it is one value repeated where the parameter's values are not.
 * Names: {id} (number/UUID/ULID/ObjectId), {date}, {email}, {token} (hex/token), else the preceding literal
 * singularised ("/users/{user}"), else {param}; repeats get 2, 3, … Memory: at most 64 values per position,
 * 50,000 nodes, 5 samples per template.
 */
export class TemplateInferrer {
  /** One tree for every method: the values at a position are judged together, whatever the method. */
  private readonly root = newInfNode();
  private readonly knownLiterals = new Set<string>();
  private nodes = 0;
  private finished: InferredTemplate[] | null = null;

  /** Literal segments of the specs (SpecTemplateMatcher.literalSegments): evidence that a value is a path word, not an identifier. */
  addKnownLiterals(literals: Iterable<string>): void {
    for (const l of literals) if (!isParamSegment(l)) this.knownLiterals.add(l);
  }

  /**
   * Count one request. When `path` was rewritten by SpecTemplateMatcher.prefixTemplate, pass its `fixed`
   * (leading segments kept as they are), its `concrete` path and the request's path as `sample`.
   */
  add(method: string, path: string, options: InferOptions = {}): void {
    if (this.finished) throw new Error("TemplateInferrer.add after finish()");
    const norm = normalisePath(path);
    const segs = segmentsOf(norm);
    const fixed = options.fixed ?? 0;
    const concrete = options.concrete === undefined ? null : segmentsOf(normalisePath(options.concrete));
    if (segs.length > MAX_SEGMENTS) segs.splice(MAX_SEGMENTS - 1, segs.length, segs.slice(MAX_SEGMENTS - 1).join("/"));
    const m = method.toUpperCase();
    const times = Math.max(1, Math.floor(options.count ?? 1));
    let node = this.root;
    node.count += times;
    segs.forEach((seg, i) => {
      const parent: InfNode = node as InfNode;
      if (i === fixed && options.closed) parent.vocabulary = true;
      let child: InfNode | undefined;
      const specValue = i < fixed && concrete !== null && concrete.length === segs.length && isParamSegment(seg) ? concrete[i] : null;
      if (specValue !== null && options.enumerated?.includes(i)) {
        // A value the spec enumerates is the parameter's, whatever else it looks like ("oas.yaml", "crawled").
        parent.specParam ??= seg;
        child = parent.param ??= newInfNode();
        child.specCalls += times;
      } else if (specValue !== null) {
        parent.specParam ??= seg;
        child = this.literalChild(parent, specValue);
        if (options.documentedMethods && i === segs.length - 1) child.specMethods ??= [...options.documentedMethods];
        if (options.documented) child.documentedCalls += times;
        child.specCalls += times;
      } else if (i < fixed) {
        child = this.literalChild(parent, seg);
        child.specLiteral = true;
      } else {
        const shape = shapeAt(seg, i, fixed);
        const { split, coreKind } = shape;
        // Where the spec names every word (closed), a long camel-case name is one more of them, not a token ("AreAnyGamesInProgress").
        const kind = shape.kind === "token" && parent.vocabulary && RE_LETTERS.test(seg) ? "literal" : shape.kind;
        if (kind !== "literal") {
          child = parent.param ??= newInfNode();
          child.kinds.set(kind, (child.kinds.get(kind) ?? 0) + times);
        } else if (split && coreKind !== "literal") {
          parent.suffixed ??= new Map();
          child = parent.suffixed.get(split.suffix);
          if (!child) parent.suffixed.set(split.suffix, (child = newInfNode()));
          child.kinds.set(coreKind, (child.kinds.get(coreKind) ?? 0) + times);
        } else {
          child = this.literalChild(parent, seg);
        }
      }
      child.count += times;
      node = child;
    });
    addEnd(node, m, times, [options.sample ?? norm]);
  }

  private literalChild(parent: InfNode, seg: string): InfNode {
    let child = parent.lits.get(seg);
    if (!child && parent.lits.size < MAX_VALUES_PER_POSITION && this.nodes < MAX_NODES) {
      parent.lits.set(seg, (child = newInfNode()));
      this.nodes++;
    } else if (!child) {
      child = parent.over ??= newInfNode();
      parent.overValues++;
      if (isWordLike(seg)) parent.overWords++;
    }
    return child;
  }

  finish(): InferredTemplate[] {
    if (this.finished) return this.finished;
    const out: InferredTemplate[] = [];
    this.decide(this.root, []);
    this.collect(this.root, [], [], 1, out);
    const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    out.sort((a, b) => byCode(a.template, b.template) || byCode(a.method, b.method));
    this.finished = out;
    return out;
  }

  /**
   * The inferred template of a concrete path (after finish()); typed segments off the learned tree still
   * become parameters. For a rewritten path pass the same `fixed` and `concrete` as to add().
   */
  templateFor(method: string, path: string, fixed = 0, concrete?: string): string {
    if (!this.finished) throw new Error("TemplateInferrer.templateFor before finish()");
    let node: InfNode | null = this.root;
    const segs = segmentsOf(normalisePath(path));
    const conc = concrete === undefined ? null : segmentsOf(normalisePath(concrete));
    const parts: Part[] = [];
    segs.forEach((seg, i) => {
      if (i < fixed) {
        if (conc !== null && conc.length === segs.length && isParamSegment(seg)) {
          const lit = node?.lits.get(conc[i]);
          if (lit && !lit.specLiteral) {
            parts.push({ literal: conc[i] });
            node = lit;
            return;
          }
          parts.push({ literal: seg });
          node = node?.param ?? null;
          return;
        }
        parts.push({ literal: seg });
        node = node?.lits.get(seg) ?? null;
        return;
      }
      const { kind, split, coreKind } = shapeAt(seg, i, fixed);
      const lit = (kind === "literal" || (kind === "token" && node?.vocabulary)) && node ? node.lits.get(seg) : undefined;
      const suffixed = split ? node?.suffixed?.get(split.suffix) : undefined;
      if (lit) {
        parts.push({ literal: seg });
        node = lit;
      } else if (split && suffixed && (coreKind !== "literal" || node?.variety?.has(split.suffix))) {
        parts.push({ param: suffixed.paramName, suffix: split.suffix });
        node = suffixed;
      } else if (node?.param && (kind !== "literal" || node.variety?.has(""))) {
        parts.push({ param: node.param.paramName });
        node = node.param;
      } else if (split && coreKind !== "literal") {
        parts.push({ param: KIND_PARAM[coreKind], suffix: split.suffix });
        node = null;
      } else {
        parts.push(kind === "literal" ? { literal: seg } : { param: KIND_PARAM[kind] });
        node = null;
      }
    });
    return renderTemplate(parts);
  }

  private decide(node: InfNode, prefix: Part[]): void {
    const position = prefix.length + 1;
    if (node.specParam !== null) this.decideSpecParam(node, prefix);
    else this.decideVariety(node, prefix);
    const p = node.param;
    if (p && !node.variety?.has("") && node.specParam === null) this.nameTyped(p, position);
    for (const [suffix, child] of node.suffixed ?? []) if (!node.variety?.has(suffix)) this.nameTyped(child, position, suffix);
    for (const [value, child] of node.lits) this.decide(child, [...prefix, { literal: value }]);
    if (p) this.decide(p, [...prefix, { param: p.paramName }]);
    for (const [suffix, child] of node.suffixed ?? []) this.decide(child, [...prefix, { param: child.paramName, suffix }]);
  }

  private nameTyped(p: InfNode, position: number, suffix = ""): void {
    const kinds = [...p.kinds].sort((a, b) => b[1] - a[1]);
    const dominant = kinds[0]?.[0] ?? "token";
    p.paramName = KIND_PARAM[dominant];
    const labels = kinds.map(([k]) => KIND_LABEL[k]);
    const tail = suffix ? ` followed by "${suffix}"` : "";
    p.reason = labels.length === 1 ? `segment ${position} is a ${labels[0]}${tail}` : `segment ${position} holds ${labels.map((l) => `${l}s`).join(" and ")}${tail}`;
    const sampleFactor = Math.min(1, p.count / 10);
    p.confidence = 0.9 + (Math.min(...kinds.map(([k]) => KIND_CONFIDENCE[k])) - 0.9) * sampleFactor;
  }

  /**
   * A spec parameter's position: every value is the parameter's unless the evidence says it is a new literal
   * beside it. The evidence is written on the endpoint (its reasons).
   */
  private decideSpecParam(node: InfNode, prefix: Part[]): void {
    const raw = node.specParam as string;
    const position = prefix.length + 1;
    const seen = [...node.lits].filter(([, c]) => !c.specLiteral);
    // Values the spec's parameter did not take (SpecTemplateMatcher.prefixTemplate stopped before them: a word
    // where the spec types the parameter as a number) stay literal; they still count among the values seen here.
    const values = seen.filter(([, c]) => c.specCalls > 0);
    const distinct = seen.length + node.overValues;
    const calls = seen.reduce((a, [, c]) => a + c.count, 0) + (node.over?.count ?? 0);
    const counts = seen.map(([, c]) => c.count).sort((a, b) => a - b);
    const param = node.param ?? newInfNode();
    const at = renderTemplate([...prefix, { literal: raw }]);
    const keyCount = new Map<string, number>();
    for (const [, child] of seen) for (const k of signatureOf(child)) keyCount.set(k, (keyCount.get(k) ?? 0) + 1);
    if (node.param) for (const k of signatureOf(node.param)) keyCount.set(k, (keyCount.get(k) ?? 0) + 1);
    for (const [value, child] of values) {
      const others = counts.filter((c, i) => i !== counts.indexOf(child.count));
      const medianOthers = others.length ? others[Math.floor(others.length / 2)] : 1;
      const typed = classifySegment(value) !== "literal";
      const inSpec = this.knownLiterals.has(value);
      const wordy = isWordLike(value);
      const repeated = child.count >= 3 && child.count >= 3 * medianOthers;
      // A new literal beside a parameter is an endpoint of its own: every call through it ends there.
      const leaf = child.end === child.count;
      // Ends where every other value goes on ("…/{profileName}/impersonate" beside "…/{profileName}/{endpointType}/…").
      const alone = distinct > 1 && [...signatureOf(child)].every((k) => (keyCount.get(k) ?? 0) <= 1);
      // The spec's first segment is a parameter ("/{finorvin}/…" after the base path): a path word called
      // repeatedly and followed by what no other value is ("/legacy/payouts") is the API's own vocabulary.
      const vocabulary = prefix.length === 0 && !typed && repeated && alone;
      // A path word called repeatedly and followed by what no other value is, where the parameter's other values are
      // not words ("/classes/enroll/{token}" beside "/classes/{class}/…"): an operation of its own, not a popular value.
      const branch = !typed && !leaf && child.documentedCalls === 0 && (wordy || inSpec) && repeated && alone;
      const literal =
        vocabulary ||
        branch ||
        (!typed &&
          leaf &&
          (child.documentedCalls === child.count
            ? // Called with one method only: an action, not an identifier the API reads, updates and deletes.
              repeated && (wordy || inSpec) && (child.ends?.size ?? 0) === 1
            : inSpec || (repeated && (distinct <= 3 || wordy || alone)) || (wordy && distinct <= 2)));
      if (literal) {
        const evidence = [`${child.count} call(s) with this value`, `${distinct} distinct value(s) at this position in ${calls} call(s)`];
        const called = [...(child.ends?.keys() ?? [])].filter((m) => !child.specMethods?.includes(m)).sort();
        if (child.specMethods?.length && called.length) evidence.push(`the spec documents ${child.specMethods.join(", ")} on ${at}, not ${called.join(", ")}`);
        if (repeated && distinct > 1) evidence.push(`the other values are seen ${medianOthers} time(s) each (median)`);
        if (alone) evidence.push("no other value at this position is called the same way");
        if (inSpec) evidence.push(`"${value}" is a literal elsewhere in the spec`);
        else if (wordy) evidence.push(`"${value}" is made of path words`);
        child.reason = `segment ${position} "${value}" is a new endpoint beside ${at}: ${evidence.join("; ")}`;
        continue;
      }
      mergeInto(param, child);
      node.lits.delete(value);
    }
    if (node.over) mergeInto(param, node.over);
    node.over = null;
    node.param = param;
    node.variety = new Set([""]);
    param.paramName = raw.replace(/^[{:]|\}$/g, "");
    param.reason = `segment ${position} is the spec's ${raw}: ${distinct} distinct value(s) in ${calls} call(s)`;
    param.confidence = 0.95;
  }

  /** Untyped values at one position, grouped by suffix: a parameter when their statistics say identifiers. */
  private decideVariety(node: InfNode, prefix: Part[]): void {
    const position = prefix.length + 1;
    const groups = new Map<string, [string, InfNode][]>();
    for (const entry of node.lits) {
      if (entry[1].specLiteral) continue;
      const split = splitSuffix(entry[0]);
      const suffix = split ? split.suffix : "";
      const g = groups.get(suffix) ?? [];
      g.push(entry);
      groups.set(suffix, g);
    }
    if (node.over && !groups.has("")) groups.set("", []);
    // The API's own vocabulary: the first segment, or one after "api" or a version marker.
    const rootLike = node.vocabulary || prefix.every((p) => "literal" in p && (VERSION.test(p.literal) || /^(api|apis|rest|services?)$/i.test(p.literal) || RE_DATE.test(p.literal) || /^\d{1,2}$/.test(p.literal)));
    const prev = prefix.length > 0 ? prefix[prefix.length - 1] : null;
    const prevLiteral = prev && "literal" in prev ? prev.literal : null;
    const afterCollection = prevLiteral !== null && /s$/i.test(prevLiteral) && isWordLike(prevLiteral) && !VERSION.test(prevLiteral);
    for (const [suffix, values] of groups) {
      const plain = suffix === "";
      // Typed values at this position (numbers, UUIDs, tokens; "churn-2024.csv" beside suffixed words) count
      // as new values too: a parameter is already there.
      const typedNode = plain ? (node.variety?.has("") ? null : node.param) : (node.suffixed?.get(suffix) ?? null);
      const typed = typedNode?.count ?? 0;
      const over = plain ? node.overValues : 0;
      const stats = positionStats(values.map(([v, c]) => [plain ? v : v.slice(0, v.length - suffix.length), c.count] as const), over, plain ? node.overWords : 0, typed);
      const counts = values.map(([, c]) => c.count).concat(Array(Math.min(typed, 10_000)).fill(1)).sort((a, b) => a - b);
      const rare = counts.filter((c) => c <= 2).length;
      const fresh = stats.distinct - stats.words;
      let variety = plain && node.over !== null;
      if (!variety && rootLike && plain) {
        // Identifiers there share what follows them ("/v3beta1/{project}/replay"); resource names do not.
        // A handful of values with the same sub-resources ("/JSON/TeamsBasic" and "/XML/TeamsBasic") is a parameter too.
        variety =
          (fresh >= 30 && stats.freshRatio >= 0.7) ||
          (fresh >= 3 && stats.freshRatio >= 0.7 && stats.maxRepeat <= 2 && sharedContinuation(values) >= 0.8) ||
          (plain && fresh >= 2 && stats.words === 0 && commonContinuations(values) >= 3);
      } else if (!variety) {
        const onceish = stats.distinct >= 30 || rare >= 0.3 * counts.length || stats.distinct / Math.max(1, stats.calls) >= 0.2;
        const many = stats.distinct >= VARIETY_MIN_DISTINCT && stats.words < stats.distinct * 0.5 && onceish;
        // Fewer values: identifiers when (almost) each is seen once and they are not path words.
        const few = plain
          ? fresh >= (afterCollection ? 2 : 3) && stats.rareShare >= 0.7 && fresh >= stats.words
          : stats.distinct >= 2 && counts.every((c) => c <= 2);
        // Values followed by the same sub-resources are values of one parameter, however often each repeats
        // ("/enm/{db}/substance/…" with a handful of databases).
        // Each value called many times and followed by one and the same word only ("/cvipc/certificate", "/tripc/certificate")
        // is a family of operations, not a parameter's values: identifiers come back rarely or share several sub-resources.
        const alike =
          plain && fresh >= 3 && fresh >= stats.words && sharedContinuation(values) >= 0.8 && (stats.freshRatio >= 0.1 || continuationCount(values) >= 2);
        variety = many || few || alike;
      }
      if (!variety) continue;
      const median = counts.length > 0 ? counts[Math.floor(counts.length / 2)] : 0;
      let target = plain ? node.param : (node.suffixed?.get(suffix) ?? null);
      if (!target) {
        target = newInfNode();
        if (plain) node.param = target;
        else (node.suffixed ??= new Map()).set(suffix, target);
      }
      const manyValues = stats.distinct >= VARIETY_MIN_DISTINCT;
      // What follows each value (next segments, methods that end there): a literal beside a parameter
      // usually behaves differently from the parameter's values; a popular identifier behaves the same.
      const keyCount = new Map<string, number>();
      const signatures = new Map<string, Set<string>>();
      for (const [value, child] of values) {
        const sig = signatureOf(child);
        signatures.set(value, sig);
        for (const k of sig) keyCount.set(k, (keyCount.get(k) ?? 0) + 1);
      }
      if (typedNode) for (const k of signatureOf(typedNode)) keyCount.set(k, (keyCount.get(k) ?? 0) + 1);
      const ownBehaviour = (value: string) => [...(signatures.get(value) ?? [])].every((k) => (keyCount.get(k) ?? 0) <= 1);
      for (const [value, child] of values) {
        // Path words stay literal: with many values the frequent ones that are one word or behave unlike the
        // others; with few, all of them; beside a shared suffix ("{name}:disable") only the repeated ones.
        const core = plain ? value : value.slice(0, value.length - suffix.length);
        const frequent = child.count >= 5 && child.count >= 3 * median;
        const keep = !plain
          ? isWordLike(core) && child.count > 2
          : manyValues
            ? (frequent && ((isWordLike(core) && child.end === child.count) || isKnownWord(core) || ownBehaviour(value))) ||
              (child.count >= 3 && isPathWord(core) && ownBehaviour(value))
            : isPathWord(core) || (frequent && ownBehaviour(value));
        if (keep) continue;
        child.kinds.set("literal", (child.kinds.get("literal") ?? 0) + child.count);
        mergeInto(target, child);
        node.lits.delete(value);
      }
      if (plain && node.over) mergeInto(target, node.over);
      if (plain) node.over = null;
      (node.variety ??= new Set()).add(suffix);
      target.paramName = paramNameFor(prevLiteral);
      const shown = `${stats.distinct}${over > 0 ? "+" : ""}`;
      target.reason =
        `segment ${position}: ${shown} distinct values${suffix ? ` ending in "${suffix}"` : ""} under ${renderTemplate(prefix)}` +
        ` (${stats.calls} calls, ${stats.words} path word(s), ${Math.round(stats.freshRatio * 100)}% of calls with a new value, length spread ${stats.lengthSpread}, entropy ${stats.entropy} bits/char)`;
      target.confidence = 0.5 + 0.35 * Math.min(1, stats.distinct / 60) * Math.min(1, 0.5 + target.count / 40);
    }
  }

  private collect(node: InfNode, parts: Part[], reasons: string[], confidence: number, out: InferredTemplate[]): void {
    for (const [method, e] of node.ends ?? []) {
      out.push({ method, template: renderTemplate(parts), confidence: Math.round(confidence * 1000) / 1000, count: e.count, samples: [...e.samples], reasons: [...reasons] });
    }
    for (const [value, child] of node.lits) this.collect(child, [...parts, { literal: value }], child.reason ? [...reasons, child.reason] : reasons, confidence, out);
    const p = node.param;
    if (p) this.collect(p, [...parts, { param: p.paramName }], [...reasons, p.reason], Math.min(confidence, p.confidence), out);
    for (const [suffix, child] of node.suffixed ?? []) {
      this.collect(child, [...parts, { param: child.paramName, suffix }], [...reasons, child.reason], Math.min(confidence, child.confidence), out);
    }
  }
}

/** What follows a value: its next literal segments, "{}" for a parameter, "$METHOD" for calls ending there. */
function signatureOf(node: InfNode): Set<string> {
  const sig = new Set<string>(node.lits.keys());
  if (node.param || node.suffixed?.size) sig.add("{}");
  for (const m of node.ends?.keys() ?? []) sig.add(`$${m}`);
  return sig;
}

/** How many literal next segments every value shares, when they share at least half of all of them (else 0). */
function commonContinuations(values: readonly [string, InfNode][]): number {
  if (values.length < 2) return 0;
  const sets = values.map(([, c]) => new Set(c.lits.keys()));
  const union = new Set(sets.flatMap((x) => [...x]));
  const common = [...sets[0]].filter((k) => sets.every((x) => x.has(k))).length;
  return union.size > 0 && common >= 0.5 * union.size ? common : 0;
}

/** How many literal next segments follow at least two of the non-word values. */
function continuationCount(values: readonly [string, InfNode][]): number {
  const next = new Map<string, number>();
  for (const [v, child] of values) if (!isWordLike(v)) for (const k of child.lits.keys()) next.set(k, (next.get(k) ?? 0) + 1);
  return [...next.values()].filter((n) => n >= 2).length;
}

/** Share of the non-word values followed by the commonest literal next segment. */
function sharedContinuation(values: readonly [string, InfNode][]): number {
  const fresh = values.filter(([v]) => !isWordLike(v));
  const next = new Map<string, number>();
  for (const [, child] of fresh) for (const k of child.lits.keys()) next.set(k, (next.get(k) ?? 0) + 1);
  return fresh.length ? Math.max(0, ...next.values()) / fresh.length : 0;
}

function mergeInto(target: InfNode, source: InfNode): void {
  target.count += source.count;
  for (const [method, e] of source.ends ?? []) addEnd(target, method, e.count, e.samples);
  for (const [k, n] of source.kinds) target.kinds.set(k, (target.kinds.get(k) ?? 0) + n);
  target.specParam ??= source.specParam;
  target.documentedCalls += source.documentedCalls;
  target.specCalls += source.specCalls;
  target.vocabulary ||= source.vocabulary;
  for (const [value, child] of source.lits) {
    const existing = target.lits.get(value);
    if (existing) mergeInto(existing, child);
    else if (target.lits.size < MAX_VALUES_PER_POSITION) target.lits.set(value, child);
    else {
      if (target.over) mergeInto(target.over, child);
      else target.over = child;
      target.overValues++;
      if (isWordLike(value)) target.overWords++;
    }
  }
  if (source.param) {
    if (target.param) mergeInto(target.param, source.param);
    else target.param = source.param;
  }
  for (const [suffix, child] of source.suffixed ?? []) {
    const existing = target.suffixed?.get(suffix);
    if (existing) mergeInto(existing, child);
    else (target.suffixed ??= new Map()).set(suffix, child);
  }
  if (source.over) {
    if (target.over) mergeInto(target.over, source.over);
    else target.over = source.over;
    target.overValues += source.overValues;
    target.overWords += source.overWords;
  }
}
