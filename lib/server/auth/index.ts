import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { clientAddress } from "@/lib/domain/auth/rate-limit";
import { env } from "../env";
import { getDb } from "../db";
import { verifyCredentials } from "./credentials";
import { resolveOidcUser } from "./oidc";

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
        const userId = await resolveOidcUser(await getDb(), account, profile, e.AUTH_OIDC_AUTO_PROVISION_ROLE);
        return userId ? true : "/sign-in?error=AccessDenied";
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

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());

export function oidcConfigured(): { id: string; name: string } | null {
  const e = env();
  return e.AUTH_OIDC_ISSUER ? { id: OIDC_PROVIDER_ID, name: e.AUTH_OIDC_NAME } : null;
}
