// A real OpenID Connect provider (node-oidc-provider) on loopback, for the
// single sign-on tests. playwright.config.ts starts it as the first webServer
// (`tsx e2e/oidc-idp.ts --serve`) and points the app's AUTH_OIDC_* at it.
//
// It plays a company directory that lets the test say who it is: its login page
// asks for an email, a name and whether the email is verified, and whoever
// signs in gets the subject `sub-<hash of the email>` (stable, like a real
// IdP's). Every account also carries `role: "admin"` and `groups: [...admins]`
// claims: Sibyl must ignore them and use the role an administrator gave the
// user in Sibyl.
//
// Consent is granted silently (a first-party client), so a sign-in is: click
// the SSO button in Sibyl, fill this page's form, land back in Sibyl.
//
// Only the constants below are loaded into Playwright's processes; the provider
// itself is imported when the file runs with --serve.
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { E2E_PORT } from "./global-setup";

/** E2E_PORT + 10000 (3100 → 13100, 3202 → 13202): each run its own IdP, clear of the app ports and of 4xxx services. */
export const E2E_OIDC_PORT = process.env.E2E_OIDC_PORT ?? String(Number(E2E_PORT) + 10_000);
if (!/^\d{2,5}$/.test(E2E_OIDC_PORT) || Number(E2E_OIDC_PORT) > 65_535) throw new Error(`E2E_OIDC_PORT must be a port number, not ${E2E_OIDC_PORT}`);
export const E2E_OIDC_ISSUER = `http://127.0.0.1:${E2E_OIDC_PORT}`;
export const E2E_OIDC_CLIENT_ID = "sibyl-e2e";
export const E2E_OIDC_CLIENT_SECRET = "e2e-only-oidc-client-secret-not-for-production";
/** AUTH_OIDC_NAME: the sign-in page's button reads "Continue with <name>". */
export const E2E_OIDC_NAME = "Example Directory";
/** The claims every IdP account carries, which Sibyl must not turn into a role. */
export const IDP_ROLE_CLAIMS = { role: "admin", groups: ["sibyl-admins", "admins"] } as const;

/** The subject the IdP gives an email (what Sibyl links as providerAccountId). */
export function idpSubject(email: string): string {
  return `sub-${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 20)}`;
}

interface IdpAccount {
  email: string;
  name: string;
  emailVerified: boolean;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid: string, clientId: string, problem?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Example Directory · Sign in</title></head>
<body>
<main>
<h1>Example Directory</h1>
<p>Sign in to continue to ${escapeHtml(clientId)}.</p>
${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label for="email">Email</label> <input id="email" name="email" type="email" required></p>
<p><label for="name">Name</label> <input id="name" name="name"></p>
<p><input id="email_verified" name="email_verified" type="checkbox" value="yes" checked> <label for="email_verified">Email verified</label></p>
<p><button type="submit">Sign in to Example Directory</button></p>
</form>
</main>
</body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error("form too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

async function serve(): Promise<void> {
  const { generateKeyPairSync } = await import("node:crypto");
  const http = await import("node:http");
  const { default: Provider } = await import("oidc-provider");
  const accounts = new Map<string, IdpAccount>();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const appBaseUrl = `http://127.0.0.1:${E2E_PORT}`;

  const provider = new Provider(E2E_OIDC_ISSUER, {
    clients: [
      {
        client_id: E2E_OIDC_CLIENT_ID,
        client_secret: E2E_OIDC_CLIENT_SECRET,
        redirect_uris: [`${appBaseUrl}/api/auth/callback/oidc`],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "e2e", use: "sig", alg: "RS256" }] },
    cookies: { keys: ["e2e-only-idp-cookie-key-0123456789"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "role", "groups"] },
    // Like most IdPs, put the requested claims in the ID token too (Auth.js reads the ID token, not userinfo).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: account.email, email_verified: account.emailVerified, name: account.name, ...IDP_ROLE_CLAIMS }),
      };
    },
    // A first-party client: grant what it asks for without a consent screen.
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope("openid email profile");
      grant.addOIDCClaims(["email", "email_verified", "name", "role", "groups"]);
      await grant.save();
      return grant;
    },
    ttl: { Session: 60 * 60, Grant: 60 * 60, Interaction: 10 * 60, AuthorizationCode: 60, AccessToken: 10 * 60, IdToken: 10 * 60 },
  });
  // Say why a request failed (the app only sees "invalid_grant" and the like).
  provider.on("server_error", (_ctx, error) => console.error("oidc-idp server_error:", error));
  for (const event of ["grant.error", "authorization.error", "userinfo.error"] as const) {
    provider.on(event, (_ctx, error: Error & { error_description?: string; error_detail?: string }) => {
      console.error(`oidc-idp ${event}: ${error.message}: ${error.error_description ?? ""} ${error.error_detail ?? ""}`);
    });
  }

  const oidc = provider.callback();
  const interaction = /^\/interaction\/([\w-]+)(\/login)?$/;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = interaction.exec(new URL(req.url ?? "/", E2E_OIDC_ISSUER).pathname);
    if (!match) return oidc(req, res);
    const details = await provider.interactionDetails(req, res);
    if (!match[2]) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(loginPage(details.uid, String(details.params.client_id)));
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    const form = await readForm(req);
    const email = (form.get("email") ?? "").trim();
    if (!email) {
      res.writeHead(400, { "content-type": "text/html; charset=utf-8" });
      res.end(loginPage(details.uid, String(details.params.client_id), "Enter an email."));
      return;
    }
    const sub = idpSubject(email);
    accounts.set(sub, { email, name: (form.get("name") ?? "").trim() || email, emailVerified: form.get("email_verified") === "yes" });
    await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("oidc-idp:", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("IdP error");
    });
  });
  server.listen(Number(E2E_OIDC_PORT), "127.0.0.1", () => console.log(`e2e: OpenID Connect provider at ${E2E_OIDC_ISSUER} for ${appBaseUrl}`));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => process.exit(0)));
}

// `tsx e2e/oidc-idp.ts --serve`, from the first webServer in playwright.config.ts.
if (process.argv.includes("--serve") && /oidc-idp\.ts$/.test(process.argv[1] ?? "")) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
