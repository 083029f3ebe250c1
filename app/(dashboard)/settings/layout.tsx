import { PageHeader } from "@/components/layout/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { actorCan } from "@/lib/server/actor";
import { requirePageActor } from "@/lib/server/auth/session";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor();
  const tabs = [
    actorCan(actor, "users.manage") && { href: "/settings/users", label: "Users and roles" },
    actorCan(actor, "tokens.manage") && { href: "/settings/tokens", label: "API tokens" },
    actorCan(actor, "sources.manage") && { href: "/settings/sources", label: "Sources" },
    actorCan(actor, "webhooks.manage") && { href: "/settings/webhooks", label: "Webhooks" },
    actorCan(actor, "triage.configure") && { href: "/settings/triage", label: "Triage SLA" },
    actorCan(actor, "scoring.write") && { href: "/settings/scoring", label: "Scoring model" },
  ].filter((t): t is { href: string; label: string } => Boolean(t));
  return (
    <>
      <PageHeader title="Settings" />
      {tabs.length > 0 && <SettingsTabs tabs={tabs} />}
      {children}
    </>
  );
}
