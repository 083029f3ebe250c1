// Walks the document as Spectral's resolved tree presents it, for the rules whose `given` is a deep
// JSONPath (`$..headers`, `$.paths..responses`, `#StringProperties` …), in bounded work:
//  1. one pass over the document where it lies: registers every `$ref`, runs the schema rules and
//     notes, per object, whether anything below it could matter when re-entered through a ref;
//  2. the rules that must look through refs, on the nodes noted in pass 1;
//  3. re-entry through each followed ref, with the referring key's context, at most once per
//     (node, context), skipping subtrees pass 1 found inert — shared schemas are never unfolded.

import { childLoc, isObjectLike, isPlainObject, isSafeSegment, materialise, refTargetLoc, type Loc, type PathLink, type Seg } from "./refs";
import { contextRules, keyClass, OTHER, parentClassOf, schemaRules, unconstrained, type NodeContext } from "./node-rules";
import type { LintState } from "./state";

/** Subtree flags: a key some rule looks at, a key Spectral's pointer round trip mangles, a `$ref`. */
const INTERESTING = 1;
const UNSAFE = 2;
const REF = 4;

type Obj = Record<string, unknown>;

interface Frame extends NodeContext {
  value: unknown;
  /** Inside a `$ref` object Spectral left unresolved: walked as plain data, never skipped. */
  raw: boolean;
}

/** A node of the physical pass; it doubles as its own path link (parent, key) to halve allocations. */
interface PassFrame extends Frame, PathLink {
  value: object;
  up: PassFrame | null;
  mask: number;
  exit: boolean;
}

interface RefSite extends Omit<NodeContext, keyof Loc> {
  ref: Obj;
  holder: Loc;
  key: Seg;
}

const pathsDepthOf = (parent: NodeContext | null, key: string) =>
  parent === null ? (key === "paths" ? 0 : -1) : parent.pathsDepth >= 0 ? Math.min(parent.pathsDepth + 1, 3) : -1;
const serversDepthOf = (parent: NodeContext | null, key: string) => (parent === null ? (key === "servers" ? 0 : -1) : parent.serversDepth >= 0 ? 1 : -1);
const isRef = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as Obj).$ref === "string";

export function walkDocument(state: LintState): void {
  if (!isObjectLike(state.root)) return;
  const masks = new Map<object, number>();
  const contextual: Frame[] = [];
  const objectRules: Frame[] = [];
  const sites: RefSite[] = [];
  physicalPass(state, masks, contextual, objectRules, sites);
  for (const f of contextual) contextRules(state, f.value, f);
  for (const f of objectRules) unconstrained(state, f.value as Obj, f);
  reentryPass(state, masks, sites);
}

function physicalPass(state: LintState, masks: Map<object, number>, contextual: Frame[], objectRules: Frame[], sites: RefSite[]): void {
  const root = state.root as object;
  const stack: PassFrame[] = [{ parent: null, key: "", value: root, link: null, hop: false, cut: null, own: OTHER, within: OTHER, pathsDepth: -1, serversDepth: -1, raw: false, up: null, mask: 0, exit: false }];
  for (;;) {
    const f = stack.pop();
    if (!f) return;
    if (f.exit) {
      if (f.mask !== 0) {
        masks.set(f.value, f.mask);
        if (f.up) f.up.mask |= f.mask;
      }
      f.up = null;
      continue;
    }
    const v = f.value as Obj;
    const isRoot = f.link === null;
    const isArray = Array.isArray(v);
    if (!isRoot) {
      if (f.own !== OTHER || f.within !== OTHER) contextual.push(f);
      if (!isArray && state.typeRules && schemaRules(state, v, f, false)) objectRules.push(f);
    }
    f.exit = true;
    stack.push(f);
    const within = parentClassOf(f.own);
    const ctx = isRoot ? null : f;
    for (const k of Object.keys(v)) {
      const value = v[k];
      const own = isArray ? OTHER : keyClass(k);
      if (own !== OTHER) f.mask |= INTERESTING;
      if (!isArray && !isSafeSegment(k)) f.mask |= UNSAFE;
      const isObject = typeof value === "object" && value !== null;
      if (!isObject && own === OTHER) continue;
      const key: Seg = isArray ? Number(k) : k;
      const pathsDepth = pathsDepthOf(ctx, k);
      const serversDepth = serversDepthOf(ctx, k);
      if (isRef(value)) {
        f.mask |= REF;
        state.refs.add(value, value.$ref as string, locationOf(f.link, k));
        sites.push({ ref: value, holder: f, key, own, within, pathsDepth, serversDepth });
        continue;
      }
      if (isObject) {
        const child: PassFrame = { parent: f.link, key, value, link: null, hop: false, cut: null, own, within, pathsDepth, serversDepth, raw: false, up: f, mask: 0, exit: false };
        child.link = child;
        stack.push(child);
      } else contextual.push({ value, link: { parent: f.link, key }, hop: false, cut: null, own, within, pathsDepth, serversDepth, raw: false });
    }
  }
}

function locationOf(link: PathLink | null, key: string): string[] {
  const out = materialise(link).map(String);
  out.push(key);
  return out;
}

/**
 * Nodes visited with paths as walked (below a `$ref` whose siblings shadow its target, see Loc.shadow):
 * those paths cannot be shared between uses of a schema, so their number is capped.
 */
const MAX_AS_WALKED = 20_000;

function reentryPass(state: LintState, masks: Map<object, number>, sites: RefSite[]): void {
  const visited = new Map<object, number[]>();
  let asWalked = 0;
  const stack: Frame[] = [];
  /** Nothing below a node re-entered through a ref can yield a finding its in-place visit did not. */
  const inert = (loc: Loc, own: number, within: number, value: object) =>
    loc.hop && !loc.cut && !loc.shadow && own === OTHER && within === OTHER && ((masks.get(value) ?? 0) & (INTERESTING | UNSAFE | REF)) === 0;

  function enter(holder: Loc, raw: boolean, key: Seg, value: unknown, own: number, within: number, pathsDepth: number, serversDepth: number): void {
    const isObject = typeof value === "object" && value !== null;
    if (!isObject && own === OTHER) return;
    if (!raw && isRef(value)) {
      const target = state.refs.follow(value);
      if (target) {
        const t = target.value;
        const loc = refTargetLoc(holder, key, value, target);
        if (typeof t === "object" && t !== null ? inert(loc, own, within, t) : own === OTHER) return;
        if (loc.shadow && ++asWalked > MAX_AS_WALKED) return;
        stack.push({ value: t, link: loc.link, hop: loc.hop, cut: loc.cut, shadow: loc.shadow, own, within, pathsDepth, serversDepth, raw: false });
        return;
      }
      raw = true; // left unresolved: Spectral sees the `$ref` object itself
    }
    const loc = childLoc(holder, key);
    if (!raw && isObject && inert(loc, own, within, value)) return;
    if (loc.shadow && ++asWalked > MAX_AS_WALKED) return;
    stack.push({ value, link: loc.link, hop: loc.hop, cut: loc.cut, shadow: loc.shadow, own, within, pathsDepth, serversDepth, raw });
  }

  for (const s of sites) {
    enter(s.holder, false, s.key, s.ref, s.own, s.within, s.pathsDepth, s.serversDepth);
    for (;;) {
      const f = stack.pop();
      if (!f) break;
      const v = f.value;
      if (f.hop && typeof v === "object" && v !== null) {
        const sig = f.own | (f.within << 3) | ((f.pathsDepth + 1) << 6) | ((f.serversDepth + 1) << 9) | (f.raw ? 1 << 11 : 0);
        const seen = visited.get(v);
        if (seen !== undefined) {
          if (seen.includes(sig)) continue;
          seen.push(sig);
        } else visited.set(v, [sig]);
      }
      // Schema rules again only where Spectral reports this node elsewhere than its in-place visit did.
      if (isPlainObject(v) && state.typeRules && (!f.hop || f.cut)) schemaRules(state, v, f, true);
      contextRules(state, v, f);
      if (typeof v !== "object" || v === null) continue;
      const isArray = Array.isArray(v);
      const within = parentClassOf(f.own);
      const raw = f.raw || isRef(v);
      for (const k of Object.keys(v)) {
        enter(f, raw, isArray ? Number(k) : k, (v as Obj)[k], isArray ? OTHER : keyClass(k), within, pathsDepthOf(f, k), serversDepthOf(f, k));
      }
    }
  }
}
