import Link from "next/link";
import { LogOut, ShieldCheck } from "lucide-react";
import { DemoBanner } from "@/components/layout/demo-banner";
import { NAV_ITEMS } from "@/components/layout/nav-items";
import { SidebarNav } from "@/components/layout/sidebar-nav";
import { Button } from "@/components/ui/button";
import { ROLE_LABELS } from "@/lib/domain/rbac/permissions";
import { actorCan } from "@/lib/server/actor";
import { signOutAction } from "@/lib/server/actions/auth";
import { requirePageActor } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { isDemoLoaded } from "@/lib/server/dal/overview";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor();
  const demo = await isDemoLoaded(await getDb());
  const items = NAV_ITEMS.filter((item) => item.anyOf.some((p) => actorCan(actor, p)));
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:px-3 focus:py-2">
        Skip to content
      </a>
      {demo && <DemoBanner />}
      <div className="flex flex-1">
        <aside className="hidden w-56 shrink-0 border-r bg-card px-3 py-4 md:block">
          <Link href="/overview" className="mb-6 flex items-center gap-2 px-3 text-lg font-semibold">
            <ShieldCheck className="size-5 text-primary" aria-hidden />
            Sibyl
          </Link>
          <SidebarNav items={items} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex items-center justify-between gap-4 border-b bg-card px-6 py-2.5">
            <div className="md:hidden">
              <SidebarNav items={items} />
            </div>
            <div className="ml-auto flex items-center gap-3 text-sm">
              <span>
                <span className="font-medium">{actor.name}</span>{" "}
                <span className="text-muted-foreground" data-testid="current-role">
                  ({ROLE_LABELS[actor.role]})
                </span>
              </span>
              <form action={signOutAction}>
                <Button type="submit" variant="ghost" size="sm">
                  <LogOut className="size-4" aria-hidden />
                  Sign out
                </Button>
              </form>
            </div>
          </header>
          <main id="main" className="flex-1 px-6 py-6">
            {children}
          </main>
        </div>
      </div>
    </div>
  );
}
