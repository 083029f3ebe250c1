import React from "react";
import { Text, View } from "@react-pdf/renderer";
import type { ReportModel } from "../../../../domain/reports/model";
import { Table } from "../table";
import { s } from "../theme";
import { fmtDate, humanize } from "../format";
import { SectionHeading } from "./heading";

export function MethodologySection({ model }: { model: ReportModel }) {
  const m = model.evidence.methodology;
  const inv = model.evidence.inventory;
  return (
    <View>
      <SectionHeading title="Methodology and data sources" />
      <Text style={s.h2}>{`Reputation scoring (model ${m.modelVersion ?? "none"})`}</Text>
      <Text style={s.p}>{`Each provider's score (0–100) is the weighted mean of its factor subscores, limited by caps (an untrusted certificate or a known-exploited vulnerability in an SDK caps the grade). Grades: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F below. Confidence measures how much evidence the score rests on. Providers were last assessed ${fmtDate(m.lastRescoreAt)}.`}</Text>
      <Table
        lead={150}
        rows={m.weights}
        empty="No scoring model."
        columns={[
          { header: "Factor", width: 3, cell: (w) => humanize(w.factor) },
          { header: "Weight", width: 1, align: "right", cell: (w) => String(w.weight) },
        ]}
      />
      <Text style={s.h2}>Dependency risk</Text>
      <Text style={s.p}>Risk = 4 × likelihood × impact. Likelihood 1–5 from the grade (A 1 … F 5; ungraded 3; one step higher when confidence is below 65 %). Impact 1–5 from the most sensitive data sent (none 1, internal 2, personal 3, payment or health 4, credentials 5), one step up for tier-1 applications or 1M+ calls, one down for tier-4. Bands on L × I: low 1–4, medium 5–9, high 10–16, critical 20–25.</Text>
      <Text style={s.h2}>Discovery</Text>
      <Text style={s.p}>{`Endpoints in scope: ${inv.endpoints} (${inv.documented} documented, ${inv.shadow} shadow: seen in traffic but in no spec; ${inv.zombie} zombie: deprecated or removed from the spec yet still called; ${inv.orphan} orphan: in a spec but never seen; ${inv.deprecated} deprecated). ${inv.internalApis} internal APIs with ${inv.specs} spec versions; ${inv.unclassifiedHosts} external hosts matched no known provider.`}</Text>
      <Text style={s.h2}>Data sources and their freshness</Text>
      <Table
        lead={460}
        rows={m.sources}
        empty="No data has been ingested for this scope."
        columns={[
          { header: "Kind", width: 1, cell: (r) => humanize(r.kind) },
          { header: "Source", width: 4, cell: (r) => r.name },
          { header: "Last run", width: 1.4, cell: (r) => fmtDate(r.lastRunAt) },
          { header: "Status", width: 1, cell: (r) => r.status ?? "—" },
        ]}
      />
    </View>
  );
}
