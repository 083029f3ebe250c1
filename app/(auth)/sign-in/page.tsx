import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ShieldCheck } from "lucide-react";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionActor } from "@/lib/server/auth/session";
import { oidcConfigured } from "@/lib/server/auth";
import { signInWithSsoAction } from "@/lib/server/actions/auth";
import { Button } from "@/components/ui/button";
import { getDb } from "@/lib/server/db";
import { isDemoLoaded } from "@/lib/server/dal/overview";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getSessionActor()) redirect("/overview");
  const params = await searchParams;
  const from = typeof params.from === "string" ? params.from : "";
  const accessDenied = params.error === "AccessDenied";
  const sso = oidcConfigured();
  const demo = await isDemoLoaded(await getDb());
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-6">
      <div className="w-full max-w-sm rounded-lg border bg-card p-8 shadow-sm">
        <div className="mb-6 flex items-center gap-2">
          <ShieldCheck className="size-7 text-primary" aria-hidden />
          <div>
            <h1 className="text-xl font-semibold">Sign in to Sibyl</h1>
            <p className="text-sm text-muted-foreground">API reputation oracle and risk dashboard</p>
          </div>
        </div>
        {accessDenied && (
          <p role="alert" className="mb-4 rounded-md border border-danger-border bg-danger px-3 py-2 text-sm text-danger-foreground">
            Your single sign-on account is not allowed here. Ask an administrator to invite you.
          </p>
        )}
        <SignInForm from={from} />
        {sso && (
          <form action={signInWithSsoAction} className="mt-4">
            <input type="hidden" name="from" value={from} />
            <Button type="submit" variant="outline" className="w-full">
              Continue with {sso.name}
            </Button>
          </form>
        )}
        {demo && (
          <p className="mt-6 text-xs text-muted-foreground">
            Demo data is loaded. The demo accounts (for example <code>admin@demo.sibyl.test</code>) were printed by <code>npm run demo</code>.
          </p>
        )}
      </div>
    </main>
  );
}
