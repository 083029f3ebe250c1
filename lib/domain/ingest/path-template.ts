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

function segmentsOf(path: string): string[] {
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
  /** The spec's text for the parameter child (the first template's name wins). */
  paramRaw: string;
  /** METHOD -> the spec's raw template, for templates ending here. */
  methods: Map<string, string> | null;
  /** The first raw template ending here (reported when the method is not documented). */
  template: string | null;
}

const newMatchNode = (): MatchNode => ({ literals: null, patterns: null, param: null, paramRaw: "", methods: null, template: null });
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface TemplateMatch {
  template: string;
  methodDocumented: boolean;
}

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

  constructor(operations: readonly { method: string; path: string }[], basePaths: readonly string[] = []) {
    for (const op of operations) this.add(op.method.toUpperCase(), op.path);
    const bases = new Set<string>();
    for (const b of basePaths) {
      const n = normalisePath(b);
      if (n !== "/") bases.add(n);
    }
    this.basePaths = [...bases].sort((a, b) => b.length - a.length);
  }

  private add(method: string, raw: string): void {
    let node = this.root;
    for (const seg of segmentsOf(normalisePath(raw))) {
      if (isParamSegment(seg)) {
        if (!node.param) [node.param, node.paramRaw] = [newMatchNode(), seg];
        node = node.param;
      } else if (seg.includes("{") && /\{[^{}]+\}/.test(seg)) {
        const parts = seg.split(/\{[^{}]+\}/);
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
    node.methods ??= new Map();
    if (!node.methods.has(method)) node.methods.set(method, raw);
    node.template ??= raw;
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
   * most segments of the full path are documented (ties: the longest). The path's first segment must be
   * literal (a base path or a literal of the spec): a spec-wide "/{owner}" does not claim unrelated paths.
   * `fixed` counts the leading segments taken from the spec (TemplateInferrer keeps them as they are).
   */
  prefixTemplate(concretePath: string): { path: string; fixed: number } {
    const path = normalisePath(concretePath);
    let best = { score: -1, path, fixed: 0 };
    for (const base of [...this.basePaths, ""]) {
      if (!path.startsWith(base) || (path.length > base.length && path.charCodeAt(base.length) !== 47)) continue;
      const segs = segmentsOf(path.length === base.length ? "/" : path.slice(base.length));
      const found = { depth: 0, parts: [] as string[], budget: 10_000 };
      this.deepest(this.root, segs, [], found, base !== "");
      const score = found.depth + segmentsOf(base || "/").length;
      if (score > best.score) best = { score, path: `/${[...found.parts, ...segs.slice(found.depth)].join("/")}`, fixed: found.depth };
    }
    return { path: best.path, fixed: best.fixed };
  }

  private deepest(node: MatchNode, segs: string[], parts: string[], found: { depth: number; parts: string[]; budget: number }, anchored: boolean): void {
    const i = parts.length;
    if (i > found.depth) [found.depth, found.parts] = [i, [...parts]];
    if (i >= segs.length || --found.budget < 0) return;
    const seg = decodeSegment(segs[i]);
    const lit = node.literals?.get(seg);
    if (lit) this.deepest(lit, segs, [...parts, segs[i]], found, true);
    for (const p of node.patterns ?? []) if (p.re.test(seg)) this.deepest(p.node, segs, [...parts, p.raw], found, true);
    if (node.param && anchored) this.deepest(node.param, segs, [...parts, node.paramRaw], found, true);
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
    if (node.patterns !== null) {
      for (const p of node.patterns) if (p.re.test(seg) && this.walk(p.node, path, next, method)) return true;
    }
    return node.param !== null && this.walk(node.param, path, next, method);
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

const VERSION = /^v\d+([._-]?\d+)*([a-z]+\d*)*$/i;
const SUBWORDS = /[-_.~]+|(?<=[a-z])(?=[A-Z])/;

function isKnownWord(word: string): boolean {
  const w = word.toLowerCase();
  if (WORDS.has(w) || VERSION.test(w)) return true;
  if (w.endsWith("ies") && WORDS.has(`${w.slice(0, -3)}y`)) return true;
  return (w.endsWith("es") && WORDS.has(w.slice(0, -2))) || (w.endsWith("s") && WORDS.has(w.slice(0, -1)));
}

/** Dictionary word or version marker, also compounds of them ("user-profile", "accessTokens"). */
export function isWordLike(segment: string): boolean {
  if (isKnownWord(segment)) return true;
  const parts = segment.split(SUBWORDS).filter((p) => p.length > 0);
  return parts.length > 1 && parts.every((p) => isKnownWord(p) || p.length <= 2);
}

const RE_NUMBER = /^\d+$/;
const RE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RE_OBJECTID = /^[0-9a-f]{24}$/i;
const RE_ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const RE_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const RE_EMAIL = /^[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}$/;
const RE_HEX = /^[0-9a-f]{8,}$/i;
const RE_TOKEN_CHARS = /^[A-Za-z0-9_\-+=.~]+$/;
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

export type TemplatePart = { literal: string } | { param: string };
type Part = TemplatePart;

/** Join parts into "/a/{b}", suffixing repeated parameter names with 2, 3, … */
export function renderTemplate(parts: readonly Part[]): string {
  const used = new Map<string, number>();
  for (const p of parts) if ("literal" in p) for (const m of p.literal.matchAll(/\{([^{}]+)\}/g)) used.set(m[1], 1);
  const segs = parts.map((p) => {
    if ("literal" in p) return p.literal;
    const n = (used.get(p.param) ?? 0) + 1;
    used.set(p.param, n);
    return `{${n === 1 ? p.param : `${p.param}${n}`}}`;
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
  reasons: string[];
}

interface InfNode {
  count: number;
  end: number;
  samples: string[];
  lits: Map<string, InfNode>;
  /** The parameter child: typed segments at add time, plus absorbed literals after a variety decision. */
  param: InfNode | null;
  kinds: Map<SegmentKind, number>;
  /** Values past the per-position cap, kept together; their count, and how many looked like words. */
  over: InfNode | null;
  overValues: number;
  overWords: number;
  paramName: string;
  variety: boolean;
  reason: string;
  confidence: number;
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
  count: 0, end: 0, samples: [], lits: new Map(), param: null, kinds: new Map(), over: null, overValues: 0, overWords: 0,
  paramName: "param", variety: false, reason: "", confidence: 1,
});

/** Kind of the segment at 0-based position i: a date or a 1–2 digit number first in the path is a version ("/2023-10-16/…", "/1/…"). */
function kindAt(seg: string, i: number, fixed: number): SegmentKind {
  if (i < fixed) return "literal"; // taken from a spec (SpecTemplateMatcher.prefixTemplate)
  const k = classifySegment(seg);
  return i === 0 && (k === "date" || (k === "number" && seg.length <= 2)) ? "literal" : k;
}

function addSample(node: InfNode, sample: string): void {
  if (node.samples.length < 5 && !node.samples.includes(sample)) node.samples.push(sample);
}

/**
 * Streaming template inference for paths that match no spec. Typed segments (classifySegment) become
 * parameters at once; then, top-down, a position under the same method and prefix with ≥ 10 distinct
 * values, mostly not dictionary words and mostly seen once or twice (or ≥ 30 distinct, or more than the
 * 64 tracked), becomes a parameter (Akto's "10+ similar URLs"); frequent dictionary words there stay
 * literal. Names: {id} (number/UUID/ULID/ObjectId), {date}, {email}, {token} (hex/token), else the
 * preceding literal singularised ("/users/{user}"), else {param}; repeats get 2, 3, … A date or a 1–2 digit
 * number as the first segment is a version ("/2023-10-16/charges", "/1/movies") and stays literal; so do
 * "v1"-style segments anywhere. Memory: at most 64 values per position, 50,000 nodes, 5 samples per template.
 */
export class TemplateInferrer {
  private readonly roots = new Map<string, InfNode>();
  private nodes = 0;
  private finished: InferredTemplate[] | null = null;

  /**
   * Count one request. When `path` was rewritten by SpecTemplateMatcher.prefixTemplate, pass its `fixed`
   * (leading segments kept as they are) and the concrete path as `sample`.
   */
  add(method: string, path: string, options: { sample?: string; fixed?: number } = {}): void {
    if (this.finished) throw new Error("TemplateInferrer.add after finish()");
    const norm = normalisePath(path);
    const segs = segmentsOf(norm);
    if (segs.length > MAX_SEGMENTS) segs.splice(MAX_SEGMENTS - 1, segs.length, segs.slice(MAX_SEGMENTS - 1).join("/"));
    const m = method.toUpperCase();
    let node = this.roots.get(m);
    if (!node) this.roots.set(m, (node = newInfNode()));
    node.count++;
    segs.forEach((seg, i) => {
      const parent: InfNode = node as InfNode;
      const kind = kindAt(seg, i, options.fixed ?? 0);
      let child: InfNode | undefined;
      if (kind !== "literal") {
        child = parent.param ??= newInfNode();
        child.kinds.set(kind, (child.kinds.get(kind) ?? 0) + 1);
      } else {
        child = parent.lits.get(seg);
        if (!child && parent.lits.size < MAX_VALUES_PER_POSITION && this.nodes < MAX_NODES) {
          parent.lits.set(seg, (child = newInfNode()));
          this.nodes++;
        } else if (!child) {
          child = parent.over ??= newInfNode();
          parent.overValues++;
          if (isWordLike(seg)) parent.overWords++;
        }
      }
      child.count++;
      node = child;
    });
    node.end++;
    addSample(node, options.sample ?? norm);
  }

  finish(): InferredTemplate[] {
    if (this.finished) return this.finished;
    const out: InferredTemplate[] = [];
    for (const [method, root] of [...this.roots].sort((a, b) => a[0].localeCompare(b[0]))) {
      this.decide(root, []);
      this.collect(method, root, [], [], 1, out);
    }
    const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    out.sort((a, b) => byCode(a.template, b.template) || byCode(a.method, b.method));
    this.finished = out;
    return out;
  }

  /** The inferred template of a concrete path (after finish()); typed segments off the learned tree still become parameters. */
  templateFor(method: string, path: string, fixed = 0): string {
    if (!this.finished) throw new Error("TemplateInferrer.templateFor before finish()");
    let node: InfNode | null = this.roots.get(method.toUpperCase()) ?? null;
    const parts: Part[] = [];
    segmentsOf(normalisePath(path)).forEach((seg, i) => {
      const kind = kindAt(seg, i, fixed);
      const lit = kind === "literal" && node ? node.lits.get(seg) : undefined;
      if (lit) {
        parts.push({ literal: seg });
        node = lit;
      } else if (node?.param && (kind !== "literal" || node.variety)) {
        parts.push({ param: node.param.paramName });
        node = node.param;
      } else {
        parts.push(kind === "literal" ? { literal: seg } : { param: KIND_PARAM[kind] });
        node = null;
      }
    });
    return renderTemplate(parts);
  }

  private decide(node: InfNode, prefix: Part[]): void {
    const position = prefix.length + 1;
    const values = [...node.lits];
    const distinct = values.length + node.overValues;
    if (node.over || distinct >= VARIETY_MIN_DISTINCT) {
      const counts = values.map(([, c]) => c.count).sort((a, b) => a - b);
      const total = counts.reduce((a, b) => a + b, 0) + (node.over?.count ?? 0);
      const words = values.filter(([v]) => isWordLike(v)).length + node.overWords;
      const rare = counts.filter((c) => c <= 2).length;
      const onceish = distinct >= 30 || rare >= 0.3 * values.length || distinct / total >= 0.2;
      const variety = (words < distinct * 0.5 && onceish) || node.over !== null;
      if (variety) {
        const median = counts.length > 0 ? counts[Math.floor(counts.length / 2)] : 0;
        const param = node.param ?? newInfNode();
        for (const [value, child] of values) {
          if (isWordLike(value) && child.count >= 5 && child.count >= 3 * median) continue;
          child.kinds.set("literal", (child.kinds.get("literal") ?? 0) + child.count);
          mergeInto(param, child);
          node.lits.delete(value);
        }
        if (node.over) mergeInto(param, node.over);
        node.over = null;
        node.param = param;
        node.variety = true;
        const prev = prefix.length > 0 ? prefix[prefix.length - 1] : null;
        param.paramName = paramNameFor(prev && "literal" in prev ? prev.literal : null);
        param.reason = `segment ${position}: ${distinct}${node.overValues > 0 ? "+" : ""} distinct values under ${renderTemplate(prefix)}`;
        param.confidence = 0.5 + 0.35 * Math.min(1, distinct / 60) * Math.min(1, 0.5 + param.count / 40);
      }
    }
    const p = node.param;
    if (p && !node.variety) {
      const kinds = [...p.kinds].sort((a, b) => b[1] - a[1]);
      const dominant = kinds[0]?.[0] ?? "token";
      p.paramName = KIND_PARAM[dominant];
      const labels = kinds.map(([k]) => KIND_LABEL[k]);
      p.reason = labels.length === 1 ? `segment ${position} is a ${labels[0]}` : `segment ${position} holds ${labels.map((l) => `${l}s`).join(" and ")}`;
      const sampleFactor = Math.min(1, p.count / 10);
      p.confidence = 0.9 + (Math.min(...kinds.map(([k]) => KIND_CONFIDENCE[k])) - 0.9) * sampleFactor;
    }
    for (const [value, child] of node.lits) this.decide(child, [...prefix, { literal: value }]);
    if (p) this.decide(p, [...prefix, { param: p.paramName }]);
  }

  private collect(method: string, node: InfNode, parts: Part[], reasons: string[], confidence: number, out: InferredTemplate[]): void {
    if (node.end > 0) {
      out.push({ method, template: renderTemplate(parts), confidence: Math.round(confidence * 1000) / 1000, count: node.end, samples: [...node.samples], reasons: [...reasons] });
    }
    for (const [value, child] of node.lits) this.collect(method, child, [...parts, { literal: value }], reasons, confidence, out);
    const p = node.param;
    if (p) this.collect(method, p, [...parts, { param: p.paramName }], [...reasons, p.reason], Math.min(confidence, p.confidence), out);
  }
}

function mergeInto(target: InfNode, source: InfNode): void {
  target.count += source.count;
  target.end += source.end;
  for (const s of source.samples) addSample(target, s);
  for (const [k, n] of source.kinds) target.kinds.set(k, (target.kinds.get(k) ?? 0) + n);
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
  if (source.over) {
    if (target.over) mergeInto(target.over, source.over);
    else target.over = source.over;
    target.overValues += source.overValues;
    target.overWords += source.overWords;
  }
}
