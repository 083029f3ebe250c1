// The routes and pages of the app, read from the file system: every
// app/**/route.ts with the HTTP methods it exports, every app/**/page.tsx with
// its URL pattern. The authorisation matrix tests (lib/domain/rbac/route-access.test.ts,
// e2e/authorization-matrix.spec.ts) compare these with the declaration in
// lib/domain/rbac/route-access.ts, so a new route or page cannot go undeclared.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { HTTP_METHODS, type HttpMethod } from "../lib/domain/rbac/route-access";

export const APP_DIR = path.resolve(__dirname, "..", "app");

export interface RouteFile {
  /** Relative to the repository, e.g. "app/api/v1/findings/[id]/route.ts". */
  file: string;
  /** The URL pattern, e.g. "/api/v1/findings/[id]". */
  url: string;
  /** The HTTP methods the file exports (empty when none could be read: the tests fail on that). */
  methods: HttpMethod[];
  source: string;
}

export interface PageFile {
  file: string;
  url: string;
  source: string;
}

function walk(dir: string, name: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(full, name));
    else if (entry.name === name) found.push(full);
  }
  return found.sort();
}

/**
 * The URL pattern of a folder under app/: route groups "(dashboard)" and
 * parallel-route slots "@modal" are not part of the URL; private folders
 * "_lib" are not routable at all (null).
 */
export function urlOf(dirUnderApp: string): string | null {
  const segments = dirUnderApp.split(/[\\/]/).filter(Boolean);
  if (segments.some((s) => s.startsWith("_"))) return null;
  const kept = segments.filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return "/" + kept.join("/");
}

/** The HTTP method handlers a route.ts exports, however they are written. */
export function exportedMethods(source: string): HttpMethod[] {
  const names = new Set<string>();
  const method = `(?:${HTTP_METHODS.join("|")})`;
  for (const m of source.matchAll(new RegExp(`export\\s+(?:async\\s+)?function\\s*\\*?\\s*(${method})\\b`, "g"))) names.add(m[1]);
  for (const m of source.matchAll(new RegExp(`export\\s+(?:const|let|var)\\s+(${method})\\b`, "g"))) names.add(m[1]);
  // export const { GET, POST } = handlers;  export { GET, POST } (from "…");  export { handler as GET }
  for (const m of source.matchAll(/export\s+(?:(?:const|let|var)\s+)?\{([^}]*)\}/g)) {
    for (const part of m[1].split(",")) {
      const alias = part.trim().split(/\s+as\s+|\s*:\s*/).pop()?.trim() ?? "";
      if ((HTTP_METHODS as readonly string[]).includes(alias)) names.add(alias);
    }
  }
  return HTTP_METHODS.filter((m) => names.has(m));
}

function relative(file: string): string {
  return path.relative(path.dirname(APP_DIR), file).split(path.sep).join("/");
}

export function routeFiles(): RouteFile[] {
  return walk(APP_DIR, "route.ts").flatMap((full) => {
    const url = urlOf(path.relative(APP_DIR, path.dirname(full)));
    if (url === null) return [];
    const source = readFileSync(full, "utf8");
    return [{ file: relative(full), url, methods: exportedMethods(source), source }];
  });
}

export function pageFiles(): PageFile[] {
  return walk(APP_DIR, "page.tsx").flatMap((full) => {
    const url = urlOf(path.relative(APP_DIR, path.dirname(full)));
    if (url === null) return [];
    return [{ file: relative(full), url, source: readFileSync(full, "utf8") }];
  });
}
