import React from "react";
import { Text, View } from "@react-pdf/renderer";
import type { RegisterEntry } from "../../../../domain/reports/evidence";
import type { ReportModel } from "../../../../domain/reports/model";
import { Table } from "../table";
import { colors, s } from "../theme";
import { ATTESTATION_LABELS, fmtDate, fmtNum, fmtPct, humanize } from "../format";
import { SectionHeading } from "./heading";

export function RegisterSection({ model }: { model: ReportModel }) {
  const rows = model.evidence.register;
  return (
    <View>
      <SectionHeading title="Third-party register" />
      <Text style={[s.p, s.muted]}>{`Every third-party API provider that applications in scope depend on (${rows.length}), riskiest first. Data classes are those observed in traffic or declared for the application and not narrowed by an analyst.`}</Text>
      <Table<RegisterEntry>
        lead={75}
        rows={rows}
        empty="No third-party provider is in use in this scope."
        columns={[
          { header: "Provider", width: 2.6, text: (r) => `${r.providerName}\n${r.category}`, cell: (r) => <Text><Text style={{ fontWeight: 700 }}>{r.providerName}</Text>{"\n"}<Text style={{ color: colors.muted }}>{r.category}</Text></Text> },
          { header: "Grade", width: 0.8, cell: (r) => <Text style={{ color: colors.grade[r.grade ?? "Ungraded"], fontWeight: 700 }}>{r.grade ?? "—"}</Text> },
          { header: "Score", width: 0.8, align: "right", cell: (r) => fmtNum(r.score, 1) },
          { header: "Conf.", width: 0.8, align: "right", cell: (r) => fmtPct(r.confidence) },
          { header: "Risk", width: 0.8, align: "right", cell: (r) => <Text style={{ color: colors.band[r.band ?? ""] ?? colors.muted }}>{fmtNum(r.contextualRisk)}</Text> },
          { header: "Dependents", width: 1, align: "right", cell: (r) => fmtNum(r.dependents) },
          { header: "Data sent", width: 2, cell: (r) => r.dataClasses.map(humanize).join(", ") || "none" },
          { header: "Attestations", width: 2.2, cell: (r) => (r.attestations.length ? r.attestations.map((a) => `${ATTESTATION_LABELS[a.kind] ?? a.kind} to ${a.expiresOn}${a.expired ? " (expired)" : ""}`).join("; ") : "none recorded") },
          { header: "Assessed", width: 1.2, cell: (r) => fmtDate(r.assessedAt) },
        ]}
      />
    </View>
  );
}
