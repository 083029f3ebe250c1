// Decides which local `$ref`s the security lint follows and where a finding reached through one is
// reported. The rules mirror Spectral 6 (@stoplight/json-ref-resolver + spectral-core's
// DocumentInventory): a ref is followed unless it points at one of its own ancestors or closes a
// cycle through the schemas it reaches (the resolver's "stem graph"); a finding reached through a ref
// is reported at the target's own location, cut short before the first path segment that JSON-pointer
// URI encoding changes (Spectral's lossy decoding of its ref map), and never further than exists.

import { buildReachability } from "./cycles";

export type Seg = string | number;

/** A path as a parent-linked list: cheap to extend while walking, materialised only for findings. */
export interface PathLink {
  readonly parent: PathLink | null;
  readonly key: Seg;
}

export function extend(parent: PathLink | null, key: Seg): PathLink {
  return { parent, key };
}

export function materialise(link: PathLink | null): Seg[] {
  const out: Seg[] = [];
  for (let l = link; l; l = l.parent) out.push(l.key);
  return out.reverse();
}

type Obj = Record<string, unknown>;
export const isObjectLike = (v: unknown): v is Obj => typeof v === "object" && v !== null;
export const isPlainObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const hasOwn = (v: Obj, k: string): boolean => Object.prototype.hasOwnProperty.call(v, k);

/**
 * Characters @stoplight/json's encodeUriPointer leaves alone (its character class has en dashes where
 * hyphens were meant, so U+2013 and lone surrogates pass too): A-Z a-z 0-9 _ . ! ~ * ' ( ) / -.
 */
const SAFE_ASCII = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.!~*'()/-") SAFE_ASCII[c.charCodeAt(0)] = 1;

const safeCache = new Map<string, boolean>();

/** True when Spectral would report a path through this segment unchanged after its pointer round trip. */
export function isSafeSegment(key: Seg): boolean {
  if (typeof key === "number") return true;
  const known = safeCache.get(key);
  if (known !== undefined) return known;
  const safe = scanSafe(key);
  if (safeCache.size >= 65_536) safeCache.clear();
  safeCache.set(key, safe);
  return safe;
}

function scanSafe(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 128) {
      if (SAFE_ASCII[c] === 0) return false;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = key.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) return false; // an astral character: percent-encoded
    } else if (c !== 0x2013 && (c < 0xdc00 || c > 0xdfff)) return false;
  }
  return true;
}

/** Where a walk stands: the physical location, whether it came through a followed ref, and where the reported path stops. */
export interface Loc {
  link: PathLink | null;
  /** Reached through at least one followed ref: findings are reported with Spectral's lossy decoding. */
  hop: boolean;
  /** Set once a hop path has crossed an unsafe segment: findings below are reported at `cut.link`. */
  cut: { link: PathLink | null } | null;
  /**
   * Set below a `$ref` with sibling keys met outside any other ref. Spectral locates a finding by
   * walking its path through the document as written (traverseObjUntilRef): the `$ref` object itself
   * is reported in place; a key of the target that is not a sibling goes through the ref (reported at
   * the target, `phys`); a key that is a sibling walks on into the sibling (`raw`), and where that
   * walk cannot go on the finding keeps the path as walked (`link`, with `raw` = AS_WALKED).
   */
  shadow?: { raw: unknown; phys: Loc };
}

/** Marks a shadow walk that has left the document as written: findings keep the path as walked. */
export const AS_WALKED: unique symbol = Symbol("as walked");

export const ROOT_LOC: Loc = { link: null, hop: false, cut: null };

const isRefObject = (v: unknown): v is Obj => isPlainObject(v) && typeof v.$ref === "string";

export function childLoc(at: Loc, key: Seg): Loc {
  if (at.shadow) {
    const { raw, phys } = at.shadow;
    const k = String(key);
    if (raw !== AS_WALKED && isObjectLike(raw) && hasOwn(raw, k)) return { link: extend(at.link, key), hop: false, cut: null, shadow: { raw: raw[k], phys: childLoc(phys, key) } };
    if (raw !== AS_WALKED && isRefObject(raw)) return childLoc(phys, key);
    return { link: extend(at.link, key), hop: false, cut: null, shadow: { raw: AS_WALKED, phys: childLoc(phys, key) } };
  }
  const link = extend(at.link, key);
  if (!at.hop || at.cut) return { link, hop: at.hop, cut: at.cut };
  return { link, hop: true, cut: isSafeSegment(key) ? null : { link: at.link } };
}

function hasSiblings(ref: Obj): boolean {
  let keys = 0;
  for (const k in ref) if (Object.prototype.hasOwnProperty.call(ref, k) && ++keys > 1) return true;
  return false;
}

/** The location of a followed ref's target, seen from the key that holds the ref. */
export function refTargetLoc(parent: Loc, key: Seg, ref: Obj, target: Followed): Loc {
  if (parent.shadow) {
    const { raw, phys } = parent.shadow;
    const k = String(key);
    const inner = refTargetLoc(phys, key, ref, target);
    if (raw !== AS_WALKED && isObjectLike(raw) && hasOwn(raw, k)) return { link: extend(parent.link, key), hop: false, cut: null, shadow: { raw: raw[k], phys: inner } };
    if (raw !== AS_WALKED && isRefObject(raw)) return inner;
    return { link: extend(parent.link, key), hop: false, cut: null, shadow: { raw: AS_WALKED, phys: inner } };
  }
  if (target.external) {
    // The ref map leads out of the document: Spectral falls back to the path as walked (approximated
    // by the referring location) and reports everything below it there.
    const link = extend(parent.link, key);
    return { link, hop: true, cut: parent.cut ?? { link } };
  }
  if (parent.hop || !hasSiblings(ref)) return target.loc;
  return { link: extend(parent.link, key), hop: false, cut: null, shadow: { raw: ref, phys: target.loc } };
}

export function reportPath(loc: Loc): Seg[] {
  if (loc.shadow) {
    // At the end of its walk Spectral translates only a `$ref` object with no sibling.
    const raw = loc.shadow.raw;
    return isRefObject(raw) && !hasSiblings(raw) ? reportPath(loc.shadow.phys) : materialise(loc.link);
  }
  return materialise(loc.cut ? loc.cut.link : loc.link);
}

/** A followed ref: the value Spectral's resolved document holds there, and where findings on it are reported. */
export interface Followed {
  value: unknown;
  loc: Loc;
  /** The chain ends at an external ref: Spectral then reports at the referring location itself (see refTargetLoc). */
  external?: boolean;
}

interface RefInfo {
  /** Decoded JSON pointer of the target; null when the ref is not followed (external, malformed, ancestor, cycle). */
  targetPath: string[] | null;
  location: string[];
  targetPointer: string;
  /** Not a local (`#…`) ref. */
  external: boolean;
  resolved?: Followed | null;
}

/** RFC 6901 pointer → path, decoding %XX first as @stoplight/json's pointerToPath does. */
export function pointerToPath(pointer: string): string[] | null {
  if (pointer.length === 0 || pointer[0] !== "#") return null;
  if (pointer.length === 1) return [];
  if (pointer[1] !== "/") return null;
  const segments = pointer.slice(2).split("/");
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s.includes("%") || s.includes("~")) segments[i] = decodeSegment(s);
  }
  return segments;
}

function decodeSegment(s: string): string {
  let d: string;
  try {
    d = decodeURIComponent(s);
  } catch {
    d = s.replace(/%[0-9a-f]+/gi, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
  return d.replace(/~1/g, "/").replace(/~0/g, "~");
}

const encodeFragmentSegment = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const pathKey = (p: readonly string[]) => p.join("\u0000");

/**
 * The document's local refs, registered by the lint's physical pass (which, like the resolver's
 * crawler, does not descend into `$ref` objects), then queried lazily.
 */
export class RefIndex {
  private readonly refs = new Map<object, RefInfo>();
  private readonly targetIds = new Map<string, number>();
  private readonly targetPointers: string[] = [];
  private readonly edges: Set<number>[] = [];
  private reach: ((from: number, to: number) => boolean) | null = null;
  private readonly targetPathKeyIds = new Map<string, number[]>();
  /** First segments of target paths: a ref under any other top-level key cannot be inside a target. */
  private readonly targetHeads = new Set<string>();

  private pending: { obj: Obj; location: string[]; ref: string }[] = [];

  constructor(private readonly root: unknown) {}

  get refCount(): number {
    return this.refs.size;
  }

  /**
   * Registers a `$ref` object met by the walk at `location` (the walk does not descend into it, as
   * the resolver's crawler does not). Refs should all be added before the first `follow`: a ref
   * followed earlier is judged on the refs known then.
   */
  add(obj: Obj, ref: string, location: string[]): void {
    this.pending.push({ obj, location, ref });
  }

  private targetId(pointer: string): number {
    let id = this.targetIds.get(pointer);
    if (id === undefined) {
      id = this.targetPointers.length;
      this.targetIds.set(pointer, id);
      this.targetPointers.push(pointer);
      this.edges.push(new Set());
    }
    return id;
  }

  /** Folds the refs added since the last call into the graph (the walk adds them all before any is followed). */
  private finalize(): void {
    const pending = this.pending;
    this.pending = [];
    this.reach = null;
    // Stem edges: every ancestor of a ref's location beyond the part it shares with the target
    // "depends on" the target. Only edges between targets matter for the cycle test.
    const followed: { info: RefInfo; to: number }[] = [];
    const paths = new Map<string, string[] | null>();
    for (const { obj, location, ref } of pending) {
      const targetPointer = ref.startsWith("#") ? `#${ref.slice(1).split("#")[0]}` : "";
      let targetPath = paths.get(targetPointer);
      if (targetPath === undefined) {
        targetPath = targetPointer ? pointerToPath(targetPointer) : null;
        paths.set(targetPointer, targetPath);
      }
      const info: RefInfo = { targetPath: null, location, targetPointer, external: !ref.startsWith("#") };
      if (!this.refs.has(obj)) this.refs.set(obj, info);
      if (!targetPath || targetPath.length === 0) continue;
      let referencesParent = true;
      for (let i = 0; i < targetPath.length && referencesParent; i++) referencesParent = location[i] === targetPath[i];
      if (referencesParent) continue;
      info.targetPath = targetPath;
      followed.push({ info, to: this.targetId(targetPointer) });
    }
    const heads = new Set<string>();
    for (const p of paths.values()) if (p && p.length > 0) heads.add(p[0]);
    for (const { info, to } of followed) {
      const { location, targetPath, targetPointer } = info;
      // A dep can only name a target when the location starts where some target does.
      if (!targetPath || location.length === 0 || !heads.has(location[0])) continue;
      // The dep naming the whole location is the ref's own pointer, skipped unless escaping makes them differ.
      let escaped = false;
      for (const seg of location) if (seg.includes("~") || seg.includes("/")) escaped = true;
      const parentPointer = escaped ? `#${location.map((seg) => `/${encodeFragmentSegment(seg)}`).join("")}` : null;
      let stem = "#";
      let tail = "";
      for (let i = 0; i < location.length; i++) {
        const part = location[i];
        if (part === targetPath[i]) stem += `/${part}`;
        else {
          tail += `/${part}`;
          if (i === location.length - 1 && !escaped) continue;
          const dep = stem + tail;
          if (dep === parentPointer || dep === targetPointer) continue;
          const from = this.targetIds.get(dep);
          if (from !== undefined) this.edges[from].add(to);
        }
      }
    }
    this.targetPathKeyIds.clear();
    for (const [pointer, id] of this.targetIds) {
      const p = pointerToPath(pointer);
      if (!p) continue;
      if (p.length > 0) this.targetHeads.add(p[0]);
      const key = pathKey(p);
      const ids = this.targetPathKeyIds.get(key);
      if (ids) ids.push(id);
      else this.targetPathKeyIds.set(key, [id]);
    }
  }

  /** Is the ref closing a cycle: does its target reach (through refs) a target that contains the ref? */
  private isCircular(info: RefInfo): boolean {
    const to = this.targetIds.get(info.targetPointer);
    if (to === undefined || (info.location.length > 0 && !this.targetHeads.has(info.location[0]))) return false;
    let prefix = "";
    for (let i = 0; i <= info.location.length; i++) {
      if (i > 0) prefix = i === 1 ? info.location[0] : `${prefix}\u0000${info.location[i - 1]}`;
      const ids = this.targetPathKeyIds.get(i === 0 ? "" : prefix);
      if (!ids) continue;
      for (const id of ids) if (this.reaches(to, id)) return true;
    }
    return false;
  }

  private reaches(from: number, to: number): boolean {
    if (!this.reach) this.reach = buildReachability(this.edges);
    return this.reach(from, to);
  }

  /**
   * The ref object's target (following chains of refs) and its location, or null when Spectral leaves
   * the ref as it is and reports it in place (external, malformed, containing its target, cyclic).
   * A ref to a missing target also stays as it is, but Spectral's ref map still points at the target:
   * the value is the `$ref` object and the location the part of the target's path that exists.
   */
  follow(ref: unknown): Followed | null {
    if (this.pending.length > 0) this.finalize();
    if (!isPlainObject(ref)) return null;
    const first = this.refs.get(ref);
    if (!first) return null;
    if (first.resolved !== undefined) return first.resolved;
    first.resolved = null; // in progress: a target path running back through this ref finds it unresolved
    let info: RefInfo | undefined = first;
    let result: Followed | null = null;
    const seen = new Set<RefInfo>();
    while (info && !seen.has(info)) {
      seen.add(info);
      if (result && info.external) {
        result = { ...result, external: true };
        break;
      }
      if (!info.targetPath || this.isCircular(info)) break;
      const target = this.locate(info.targetPath);
      if (!target) {
        result = { value: result ? result.value : ref, loc: this.pointerLoc(info.targetPath) };
        break;
      }
      result = target;
      info = isPlainObject(target.value) ? this.refs.get(target.value) : undefined;
    }
    first.resolved = result;
    return result;
  }

  /**
   * The node at a target path in the resolved document: where the path runs into a followed `$ref`,
   * it goes on in the ref's target (the resolver substitutes refs before reading targets through them).
   */
  private locate(path: string[]): { value: unknown; loc: Loc } | null {
    let value: unknown = this.root;
    for (const seg of path) {
      if (isRefObject(value) && this.refs.has(value)) {
        const through = this.follow(value);
        if (through && !through.external) value = through.value;
      }
      if (!isObjectLike(value) || !hasOwn(value, seg)) return null;
      value = (value as Obj)[seg];
    }
    return { value, loc: this.pointerLoc(path) };
  }

  /**
   * Where Spectral reports findings under a target (or a missing one): along the pointer as written,
   * as far as it exists in the document as written and survives the ref map's lossy decoding.
   */
  private pointerLoc(path: string[]): Loc {
    let value: unknown = this.root;
    let link: PathLink | null = null;
    for (const seg of path) {
      if (!isObjectLike(value) || !hasOwn(value, seg)) return { link, hop: true, cut: { link } };
      const key: Seg = Array.isArray(value) && /^\d+$/.test(seg) ? Number(seg) : seg;
      if (!isSafeSegment(key)) return { link, hop: true, cut: { link } };
      link = extend(link, key);
      value = (value as Obj)[seg];
    }
    return { link, hop: true, cut: null };
  }
}
