import React from "react";
import { Text, View } from "@react-pdf/renderer";
import type { AcceptanceEvidence, FindingEvidence } from "../../../../domain/reports/evidence";
import { SEVERITIES } from "../../../../domain/reports/evidence";
import type { ReportModel } from "../../../../domain/reports/model";
import { Table } from "../table";
import { colors, s } from "../theme";
import { fmtDate, fmtNum, humanize } from "../format";
import { SectionHeading } from "./heading";

export function FindingsSection({ model }: { model: ReportModel }) {
  const e = model.evidence;
  const c = e.findingCounts;
  return (
    <View>
      <SectionHeading title="Open findings and the plan" />
      <View style={[s.table, { marginBottom: 6 }]} wrap={false}>
        <View style={s.th}>
          {["", ...SEVERITIES].map((h) => (
            <Text key={h} style={[s.td, { flex: 1 }]}>{h}</Text>
          ))}
        </View>
        {([["Open", c.openBySeverity], ["Past SLA", c.pastSlaBySeverity]] as const).map(([label, counts]) => (
          <View key={label} style={s.tr}>
            <Text style={[s.td, { flex: 1, fontWeight: 700 }]}>{label}</Text>
            {SEVERITIES.map((sev) => (
              <Text key={sev} style={[s.td, { flex: 1 }]}>{fmtNum(counts[sev])}</Text>
            ))}
          </View>
        ))}
      </View>
      <Text style={[s.p, s.muted]}>
        {`In the period: ${fmtNum(c.openedInPeriod)} findings opened, ${fmtNum(c.resolvedInPeriod)} closed. Mean days to resolve: ${SEVERITIES.filter((sev) => c.meanDaysToResolve[sev] != null).map((sev) => `${sev} ${c.meanDaysToResolve[sev]}`).join(", ") || "none resolved in the period"}. SLA: ${Object.entries(e.methodology.slaDays).map(([k, v]) => `${k} ${v} days`).join(", ")}.`}
      </Text>
      <Table<FindingEvidence>
        lead={150}
        rows={e.openFindings}
        empty="No open finding in this scope."
        columns={[
          { header: "Severity", width: 0.9, cell: (f) => <Text style={{ color: colors.severity[f.severity], fontWeight: 700 }}>{f.severity}</Text> },
          { header: "Finding", width: 4, text: (f) => `${f.title}\n${humanize(f.kind)} · ${f.owasp ?? ""}:2023`, cell: (f) => <Text>{f.title}{"\n"}<Text style={{ color: colors.muted }}>{`${humanize(f.kind)}${f.owasp ? ` · ${f.owasp}:2023` : ""}`}</Text></Text> },
          { header: "Application / provider", width: 1.8, cell: (f) => [f.applicationSlug, f.providerSlug].filter(Boolean).join(" → ") || "—" },
          { header: "State", width: 1, cell: (f) => humanize(f.state) },
          { header: "Assignee", width: 1.3, cell: (f) => f.assignee ?? "unassigned" },
          { header: "Due", width: 1.1, text: (f) => `${fmtDate(f.dueAt)}${f.pastSla ? " (past SLA)" : ""}`, cell: (f) => <Text style={f.pastSla ? { color: colors.severity.critical, fontWeight: 700 } : {}}>{`${fmtDate(f.dueAt)}${f.pastSla ? " (past SLA)" : ""}`}</Text> },
        ]}
      />
      {e.findingsTruncated > 0 ? <Text style={s.small}>{`${fmtNum(e.findingsTruncated)} further open findings are counted above but not listed; the full list is in Sibyl's findings queue and its CSV export.`}</Text> : null}
      <Text style={s.h2} break={e.acceptances.length > 5}>
        Risk acceptances
      </Text>
      <Table<AcceptanceEvidence>
        lead={e.acceptances.length > 5 ? 40 : 500}
        rows={e.acceptances}
        empty="No risk is currently accepted in this scope."
        columns={[
          { header: "Finding", width: 3, cell: (a) => a.findingTitle },
          { header: "Severity", width: 0.9, cell: (a) => a.severity },
          { header: "Owner", width: 1.4, cell: (a) => a.owner },
          { header: "Decision and compensating controls", width: 3.5, cell: (a) => `${a.decision}${a.compensatingControls ? ` — ${a.compensatingControls}` : ""}` },
          { header: "Expires", width: 1.1, text: (a) => `${fmtDate(a.expiresAt)}${a.expired ? " (expired)" : ""}`, cell: (a) => <Text style={a.expired ? { color: colors.severity.critical } : {}}>{`${fmtDate(a.expiresAt)}${a.expired ? " (expired)" : ""}`}</Text> },
        ]}
      />
      {e.acceptancesTruncated > 0 ? <Text style={s.small}>{`${fmtNum(e.acceptancesTruncated)} further accepted risks (expiring later) are not listed; every one is in Sibyl's findings queue under the state "risk accepted" and in the decision log export.`}</Text> : null}
    </View>
  );
}
