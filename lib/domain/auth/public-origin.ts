// The public origin of a request to Auth.js's route (/api/auth/*).
//
// Auth.js builds the URLs of a sign-in started from a server action (the SSO
// button) from the Host / X-Forwarded-Host and X-Forwarded-Proto headers, but
// the URLs of its route handler (the IdP's callback) from the request URL, which
// `next start` reports as http://localhost:<port>. Without AUTH_URL the two
// disagree: the code exchange sends a redirect_uri the IdP never saw (it answers
// invalid_grant) and the redirect after the callback leaves for localhost. So
// the route gets the origin the headers say, exactly as the action computed it.

/** The request URL with the origin from the forwarding headers, or null to leave it (AUTH_URL is set, or no host header). */
export function publicRequestUrl(requestUrl: string, headers: Headers, authUrl: string | undefined): string | null {
  if (authUrl) return null; // next-auth rewrites the origin to AUTH_URL itself
  const host = (headers.get("x-forwarded-host") ?? headers.get("host"))?.split(",")[0].trim();
  if (!host || !/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host)) return null; // a bare host[:port] only
  const url = new URL(requestUrl);
  const proto = (headers.get("x-forwarded-proto") ?? url.protocol).split(",")[0].trim().replace(/:$/, "");
  let origin: URL;
  try {
    origin = new URL(`${proto === "https" ? "https" : "http"}://${host}`);
  } catch {
    return null;
  }
  if (origin.origin === url.origin) return null;
  return `${origin.origin}${url.pathname}${url.search}`;
}
