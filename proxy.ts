// Optimistic check only: a request without a session cookie is sent to the
// sign-in page. Every page, route handler and server action still checks the
// session and the permission itself on the server.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasSession) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = "";
    const from = request.nextUrl.pathname + request.nextUrl.search;
    if (from !== "/") url.searchParams.set("from", from);
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
}

export const config = {
  // Pages only: API routes and the OTLP receiver (/v1/traces) answer 401 themselves (they also accept bearer tokens).
  matcher: ["/((?!api/|v1/|_next/|sign-in|favicon.ico|robots.txt).*)"],
};
