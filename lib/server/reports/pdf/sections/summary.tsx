import React from "react";
import { Text, View } from "@react-pdf/renderer";
import type { ReportModel } from "../../../../domain/reports/model";
import type { DependencyEvidence } from "../../../../domain/reports/evidence";
import { BarChart, LineChart, StackedBar } from "../charts";
import { Table } from "../table";
import { colors, s } from "../theme";
import { fmtNum, humanize } from "../format";
import { SectionHeading } from "./heading";

function Kpi({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <View style={s.kpi}>
      <Text style={[s.kpiValue, tone ? { color: tone } : {}]}>{value}</Text>
      <Text style={s.kpiLabel}>{label}</Text>
    </View>
  );
}

export function ExecutiveSummarySection({ model }: { model: ReportModel }) {
  const sum = model.summary;
  const e = model.evidence;
  const change = sum.riskChange == null ? "" : ` (${sum.riskChange > 0 ? "+" : ""}${sum.riskChange} over the period)`;
  return (
    <View>
      <SectionHeading title="Executive summary" />
      {sum.highlights.map((h, i) => (
        <Text key={i} style={s.p}>{`• ${h}`}</Text>
      ))}
      <View style={[s.kpis, { marginTop: 6 }]}>
        <Kpi label={`Risk of 100${change}`} value={sum.risk == null ? "—" : sum.risk.toFixed(1)} />
        <Kpi label="Providers in use" value={fmtNum(sum.providersInUse)} />
        <Kpi label="Open critical findings" value={fmtNum(sum.openCritical)} tone={sum.openCritical ? colors.severity.critical : undefined} />
        <Kpi label="Open high findings" value={fmtNum(sum.openHigh)} tone={sum.openHigh ? colors.severity.high : undefined} />
        <Kpi label="Past SLA" value={fmtNum(sum.pastSla)} tone={sum.pastSla ? colors.severity.critical : undefined} />
      </View>
      <View style={[s.row, { justifyContent: "space-between", marginBottom: 8 }]} wrap={false}>
        <BarChart title="Providers in use by grade" bars={sum.gradeDistribution.map((g) => ({ label: g.grade, value: g.providers, color: colors.grade[g.grade] }))} width={240} height={120} />
        <LineChart title={`Risk over the period (${e.trend.length} days with a rescore)`} points={e.trend.map((p) => ({ label: p.day, value: p.risk }))} width={240} height={120} />
      </View>
      <View wrap={false}>
        <StackedBar title={`Dependencies by risk band (${fmtNum(sum.dependencies)})`} parts={(["low", "medium", "high", "critical"] as const).map((b) => ({ label: b, value: sum.bands[b], color: colors.band[b] }))} width={500} />
      </View>
      <Text style={s.h2}>The five riskiest dependencies</Text>
      <Table<DependencyEvidence>
        lead={480}
        rows={sum.riskiest}
        empty="No dependency has been scored in this scope."
        columns={[
          { header: "Application", width: 3, cell: (d) => d.applicationName },
          { header: "Depends on", width: 3, cell: (d) => d.targetName },
          { header: "L × I", width: 1, cell: (d) => (d.likelihood && d.impact ? `${d.likelihood} × ${d.impact}` : "—") },
          { header: "Risk", width: 1, align: "right", cell: (d) => fmtNum(d.risk) },
          { header: "Band", width: 1.2, cell: (d) => <Text style={{ color: colors.band[d.band ?? ""] ?? colors.muted, fontWeight: 700 }}>{d.band ?? "—"}</Text> },
          { header: "Data sent", width: 3, cell: (d) => d.dataClasses.map(humanize).join(", ") || "none observed" },
        ]}
      />
      <Text style={s.small}>{`Risk = 4 × likelihood × impact (0–100). Likelihood 1–5 from the provider's grade and confidence; impact 1–5 from the most sensitive data sent, the application's tier and call volume. Bands on L × I: low 1–4, medium 5–9, high 10–16, critical 20–25.`}</Text>
    </View>
  );
}
