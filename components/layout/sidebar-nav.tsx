"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Boxes, Building2, FileText, LayoutDashboard, ListTree, ScrollText, Settings, ShieldAlert, ShieldBan, Upload, Network } from "lucide-react";
import { cn } from "@/lib/utils";
import type { NavItem } from "./nav-items";

const ICONS = { overview: LayoutDashboard, applications: Boxes, providers: Building2, dependencies: Network, inventory: ListTree, findings: ShieldAlert, policies: ShieldBan, ingest: Upload, reports: FileText, settings: Settings, audit: ScrollText };

export function SidebarNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {items.map((item) => {
        const Icon = ICONS[item.icon];
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground hover:bg-accent hover:text-foreground",
              active && "bg-accent text-foreground",
            )}
          >
            <Icon className="size-4" aria-hidden />
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
