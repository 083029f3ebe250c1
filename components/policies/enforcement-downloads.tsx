"use client";
import { Download } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { SlugOption } from "./exceptions";

const ARTEFACTS = [
  { kind: "istio", label: "Istio", what: "ServiceEntries for the hosts still allowed and a DENY AuthorizationPolicy on the egress gateway for the blocked ones (YAML)." },
  { kind: "envoy", label: "Envoy", what: "An RBAC HTTP filter (action DENY) refusing requests to blocked hosts, per application where the block is." },
  { kind: "opa", label: "OPA bundle", what: "A bundle (.tar.gz: policy.rego and data.json) answering data.sibyl.egress.allow for an application and host." },
  { kind: "nginx", label: "NGINX map", what: "A map from $host to $sibyl_quarantined for an NGINX forward proxy (hosts cannot tell applications apart)." },
  { kind: "json", label: "JSON denylist", what: "Every blocked dependency (quarantined or awaiting approval) with its policy and reason, for any other proxy or script." },
] as const;

/** Egress rules generated from the current decisions, for all dependencies, one application or one provider. */
export function EnforcementDownloads({ applications, providers }: { applications: SlugOption[]; providers: SlugOption[] }) {
  const [scope, setScope] = useState("all");
  const query = scope === "all" ? "" : `?${scope.startsWith("app:") ? "app" : "provider"}=${encodeURIComponent(scope.slice(scope.indexOf(":") + 1))}`;
  return (
    <div className="space-y-3">
      <div className="max-w-sm space-y-1">
        <Label htmlFor="enforcement-scope">Scope</Label>
        <NativeSelect id="enforcement-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="all">Every application and provider</option>
          <optgroup label="One application">
            {applications.map((a) => (
              <option key={a.slug} value={`app:${a.slug}`}>
                {a.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="One provider">
            {providers.map((p) => (
              <option key={p.slug} value={`provider:${p.slug}`}>
                {p.name}
              </option>
            ))}
          </optgroup>
        </NativeSelect>
      </div>
      <ul className="divide-y rounded-md border">
        {ARTEFACTS.map((a) => (
          <li key={a.kind} className="flex flex-wrap items-center justify-between gap-3 px-3 py-2 text-sm">
            <span className="min-w-0 flex-1">
              <span className="font-medium">{a.label}</span>
              <span className="block text-xs text-muted-foreground">{a.what}</span>
            </span>
            <Button asChild variant="outline" size="sm">
              <a href={`/api/v1/enforcement/${a.kind}${query}`} download aria-label={`Download ${a.label}`}>
                <Download aria-hidden />
                Download
              </a>
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
