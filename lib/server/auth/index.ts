import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { NextRequest } from "next/server";
import { publicRequestUrl } from "@/lib/domain/auth/public-origin";
import { clientAddress } from "@/lib/domain/auth/rate-limit";
import { env } from "../env";
import { getDb } from "../db";
import { verifyCredentials } from "./credentials";
import { recordOidcSignIn, resolveOidcUser } from "./oidc";

export class RateLimitedSignIn extends CredentialsSignin {
  code = "rate_limited";
}

export const OIDC_PROVIDER_ID = "oidc";

function buildConfig(): NextAuthConfig {
  const e = env();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const ip = clientAddress(await headers());
        const outcome = await verifyCredentials(await getDb(), credentials, ip, {
          maxFailuresPerAccount: e.SIBYL_SIGNIN_MAX_FAILURES_PER_ACCOUNT,
          maxFailuresPerAddress: e.SIBYL_SIGNIN_MAX_FAILURES_PER_IP,
          windowMinutes: e.SIBYL_SIGNIN_WINDOW_MINUTES,
        });
        if (outcome.ok) return { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name };
        if (outcome.reason === "rate_limited") throw new RateLimitedSignIn();
        return null;
      },
    }),
  ];
  if (e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_CLIENT_ID && e.AUTH_OIDC_CLIENT_SECRET) {
    providers.push({
      id: OIDC_PROVIDER_ID,
      name: e.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: e.AUTH_OIDC_ISSUER,
      clientId: e.AUTH_OIDC_CLIENT_ID,
      clientSecret: e.AUTH_OIDC_CLIENT_SECRET,
    });
  }
  return {
    secret: e.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const db = await getDb();
        const userId = await resolveOidcUser(db, account, profile, e.AUTH_OIDC_AUTO_PROVISION_ROLE);
        if (!userId) return "/sign-in?error=AccessDenied";
        await recordOidcSignIn(db, userId, account.provider, clientAddress(await headers()));
        return true;
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === OIDC_PROVIDER_ID) {
          token.uid = await resolveOidcUser(await getDb(), account, profile, e.AUTH_OIDC_AUTO_PROVISION_ROLE);
        } else if (user?.id) {
          token.uid = user.id;
        }
        return token;
      },
      session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
  };
}

const nextAuth = NextAuth(() => buildConfig());
export const { auth, signIn, signOut } = nextAuth;

type RouteHandler = (request: NextRequest) => Promise<Response>;

/**
 * Serves Auth.js's route at the origin the Host / X-Forwarded-* headers give,
 * like its server actions (see public-origin.ts). A plain Request, because a
 * NextRequest turns 127.0.0.1 and [::1] into localhost again; Auth.js reads
 * only the URL, method, headers and body.
 */
function atPublicOrigin(handler: RouteHandler): RouteHandler {
  return async (request) => {
    const url = publicRequestUrl(request.url, request.headers, process.env.AUTH_URL ?? process.env.NEXTAUTH_URL);
    if (!url) return handler(request);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return handler(new Request(url, { method: request.method, headers: request.headers, body }) as NextRequest);
  };
}

export const handlers = { GET: atPublicOrigin(nextAuth.handlers.GET), POST: atPublicOrigin(nextAuth.handlers.POST) };

export function oidcConfigured(): { id: string; name: string } | null {
  const e = env();
  return e.AUTH_OIDC_ISSUER ? { id: OIDC_PROVIDER_ID, name: e.AUTH_OIDC_NAME } : null;
}
