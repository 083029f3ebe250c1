import React from "react";
import { Text, View } from "@react-pdf/renderer";
import { CONTROL_STATUS_LABELS } from "../../../../domain/reports/controls";
import type { ReportModel } from "../../../../domain/reports/model";
import { colors, s } from "../theme";
import { SectionHeading } from "./heading";

export function ControlsSection({ model }: { model: ReportModel }) {
  const a = model.assessment;
  return (
    <View>
      <SectionHeading title={`Controls: ${a.name}`} />
      <Text style={[s.p, s.muted]}>{a.scopeNote}</Text>
      {a.controls.map((c) => (
        <View key={c.id} style={{ borderTopWidth: 0.5, borderColor: colors.rule, paddingVertical: 6 }} wrap={false}>
          <View style={[s.row, { alignItems: "center", marginBottom: 2 }]}>
            <Text style={{ width: 62, fontWeight: 700 }}>{c.id}</Text>
            <Text style={{ flex: 1, fontWeight: 700 }}>{c.title}</Text>
            <Text style={[s.pill, { backgroundColor: colors.status[c.status] }]}>{CONTROL_STATUS_LABELS[c.status]}</Text>
          </View>
          <Text style={[s.p, { marginLeft: 62 }]}>{`Rule: ${c.rule}`}</Text>
          {c.evidence.map((line, i) => (
            <Text key={`e${i}`} style={{ marginLeft: 62, color: colors.muted }}>{`+ ${line}`}</Text>
          ))}
          {c.gaps.map((line, i) => (
            <Text key={`g${i}`} style={{ marginLeft: 62, color: colors.status.not_supported }}>{`Gap: ${line}`}</Text>
          ))}
        </View>
      ))}
    </View>
  );
}
