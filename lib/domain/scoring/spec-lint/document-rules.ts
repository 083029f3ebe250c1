// The rules Spectral anchors at fixed places of the document rather than anywhere in it: servers and
// schemes, `components.securitySchemes`, and the operations under `paths` (security requirements,
// admin endpoints, URL-valued parameters). Same givens and functions as spectral-owasp-ruleset 2.0.1.

import { ROOT_LOC, isObjectLike, isPlainObject, type Loc } from "./refs";
import { looseEquals, type LintState } from "./state";

const ENVIRONMENT = /(local|sandbox|alpha|beta|test|testing|stag|staging|prod|production|next|preprod|preproduction)/i;
const CONCERNING_URL_PARAMETER = /(^(callback|redirect)|(_url|Url|-url))$/;
const OPERATION_METHODS = ["get", "head", "post", "put", "patch", "delete", "options", "trace"];
const PARAMETER_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

type Entry = { key: string; value: unknown; loc: Loc };

/** `$.x.*`: the children of an object or array, each resolved. */
function children(state: LintState, value: unknown, loc: Loc): Entry[] {
  if (!isObjectLike(value)) return [];
  return Object.keys(value).map((key) => ({ key, ...state.child(value, loc, key) }));
}

export function documentRules(state: LintState): void {
  const root = state.root;
  if (!isPlainObject(root)) return;
  servers(state, root);
  securitySchemes(state, root);
  operations(state, root);
}

function servers(state: LintState, root: Record<string, unknown>): void {
  const schemes = state.child(root, ROOT_LOC, "schemes");
  for (const s of children(state, schemes.value, schemes.loc)) {
    if (s.value !== "https" && s.value !== "wss") state.report("owasp:api8:2023-no-scheme-http", s.loc, { value: s.value });
  }
  const list = state.child(root, ROOT_LOC, "servers");
  for (const s of children(state, list.value, list.loc)) {
    if (isObjectLike(s.value)) {
      if (state.get(s.value, ["x-internal"]) === undefined) state.report("owasp:api9:2023-inventory-access", state.fieldLoc(s.value, s.loc, ["x-internal"]));
      const description = state.child(s.value, s.loc, "description");
      if (typeof description.value === "string" && !ENVIRONMENT.test(description.value)) state.report("owasp:api9:2023-inventory-environment", description.loc);
    } else if (typeof s.value === "string" && !ENVIRONMENT.test(s.value)) {
      state.report("owasp:api9:2023-inventory-environment", s.loc);
    }
  }
}

function securitySchemes(state: LintState, root: Record<string, unknown>): void {
  const components = state.child(root, ROOT_LOC, "components");
  const schemes = state.child(components.value, components.loc, "securitySchemes");
  for (const c of children(state, schemes.value, schemes.loc)) {
    const v = c.value;
    if (!isObjectLike(v)) {
      if (typeof v === "string" && /basic/.test(v)) state.report("owasp:api2:2023-no-http-basic", c.loc);
      continue;
    }
    const scheme = state.child(v, c.loc, "scheme");
    if (typeof scheme.value === "string" && /basic/.test(scheme.value)) state.report("owasp:api2:2023-no-http-basic", scheme.loc);
    const obj = v as Record<string, unknown>;
    const oauth2 = looseEquals(obj.type, "oauth2");
    if (oauth2 || looseEquals(obj.bearerFormat, "jwt") || looseEquals(obj.bearerFormat, "JWT")) {
      const description = state.child(v, c.loc, "description");
      if (!description.value) state.report("owasp:api2:2023-jwt-best-practices", state.fieldLoc(v, c.loc, ["description"]));
      if (typeof description.value === "string" && !description.value.includes("RFC8725")) state.report("owasp:api2:2023-jwt-best-practices", description.loc);
    }
    if (oauth2 && obj.flows !== undefined) {
      const flows = state.child(v, c.loc, "flows");
      for (const flow of children(state, flows.value, flows.loc)) {
        if (!isObjectLike(flow.value)) {
          if (!flow.value) state.report("owasp:api2:2023-short-lived-access-tokens", flow.loc);
        } else if (!state.get(flow.value, ["refreshUrl"])) {
          state.report("owasp:api2:2023-short-lived-access-tokens", state.fieldLoc(flow.value, flow.loc, ["refreshUrl"]));
        }
      }
    }
  }
}

/** checkSecurity / differentSecuritySchemes / concerning-url-parameter over `$.paths[*][method]`. */
function operations(state: LintState, root: Record<string, unknown>): void {
  const paths = state.child(root, ROOT_LOC, "paths");
  if (!isObjectLike(paths.value)) return;
  const globalSecurity = state.resolved(root.security);
  const admin: { hash: string; uri: string; loc: Loc }[] = [];
  const nonAdmin = new Set<string>();
  for (const item of children(state, paths.value, paths.loc)) {
    if (!isObjectLike(item.value)) continue;
    concerningUrlParameters(state, item.value, item.loc);
    for (const method of PARAMETER_METHODS) {
      const op = state.child(item.value, item.loc, method);
      if (isObjectLike(op.value)) concerningUrlParameters(state, op.value, op.loc);
    }
    for (const method of Object.keys(item.value)) {
      if (!OPERATION_METHODS.includes(method)) continue;
      const op = state.child(item.value, item.loc, method);
      if (!isObjectLike(op.value)) continue;
      const own = state.resolved((op.value as Record<string, unknown>).security);
      const security = own === undefined ? globalSecurity : own;
      const empty = !security || (security as { length?: unknown }).length === 0;
      if (empty) {
        const write = method === "post" || method === "put" || method === "patch" || method === "delete";
        const read = method === "get" || method === "head";
        const at = state.fieldLoc(op.value, op.loc, ["security", "securitySchemes"]);
        if (write) state.report("owasp:api2:2023-write-restricted", at);
        if (read) state.report("owasp:api2:2023-read-restricted", at);
      }
      if (own === undefined || !Array.isArray(own)) continue;
      const securityLoc = state.child(op.value, op.loc, "security").loc;
      own.forEach((entry, i) => {
        if (typeof entry !== "object") return;
        const hash = JSON.stringify(entry);
        if (item.key.includes("/admin")) admin.push({ hash, uri: item.key, loc: state.child(own, securityLoc, String(i)).loc });
        else nonAdmin.add(hash);
      });
    }
  }
  for (const a of admin) if (nonAdmin.has(a.hash)) state.report("owasp:api5:2023-admin-security-unique", a.loc, { value: a.uri });
}

function concerningUrlParameters(state: LintState, holder: unknown, loc: Loc): void {
  const parameters = state.child(holder, loc, "parameters");
  for (const p of children(state, parameters.value, parameters.loc)) {
    if (!isObjectLike(p.value) || (p.value as Record<string, unknown>).name === undefined) continue;
    const name = state.child(p.value, p.loc, "name");
    if (typeof name.value === "string" && CONCERNING_URL_PARAMETER.test(name.value)) state.report("owasp:api7:2023-concerning-url-parameter", name.loc);
  }
}
