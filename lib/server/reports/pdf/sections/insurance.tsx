import React from "react";
import { Text, View } from "@react-pdf/renderer";
import type { ReportModel } from "../../../../domain/reports/model";
import { LineChart } from "../charts";
import { Table } from "../table";
import { s } from "../theme";
import { fmtNum } from "../format";
import { SectionHeading } from "./heading";

export function InsuranceSection({ model }: { model: ReportModel }) {
  const x = model.exposure;
  return (
    <View>
      <SectionHeading title="For the insurer: third-party exposure" />
      {!x ? (
        <Text style={[s.p, s.muted]}>No exposure index has been computed for this scope yet (it is computed by every rescore).</Text>
      ) : (
        <View>
          <Text style={s.p}>{`Exposure index: ${fmtNum(x.current, 1)}${x.atStart != null ? ` (${fmtNum(x.atStart, 1)} at ${x.history[0]?.day ?? "the start"})` : ""}.`}</Text>
          <Text style={[s.p, s.muted]}>{x.formula}</Text>
          <Text style={[s.p, s.muted]}>The index is relative: it rises and falls with provider scores, the data sent and call volume. It is not an actuarial premium, a loss estimate, or comparable between organisations.</Text>
          <View wrap={false}>
            <LineChart title="Exposure index, last 12 months" points={x.history.map((p) => ({ label: p.day, value: p.value }))} width={500} height={130} max={0} />
          </View>
          <Text style={s.h2}>Largest contributors</Text>
          <Table
            lead={330}
            rows={x.contributors}
            empty="Nothing contributes to the index."
            columns={[
              { header: "Application", width: 2, cell: (c) => c.application },
              { header: "Depends on", width: 2, cell: (c) => c.target },
              { header: "Why", width: 4, cell: (c) => c.reason },
              { header: "Contribution", width: 1.2, align: "right", cell: (c) => fmtNum(c.value, 1) },
            ]}
          />
        </View>
      )}
    </View>
  );
}
