import React from "react";
import { Text, View } from "@react-pdf/renderer";
import { colors, s } from "../theme";

/** The contents rows sit at fixed positions so their page numbers can be stamped on after layout (see toc.ts). */
export const CONTENTS_TOP = 110;
export const CONTENTS_ROW = 22;

export function Contents({ entries }: { entries: string[] }) {
  return (
    <View>
      <Text style={s.h1}>Contents</Text>
      {entries.map((title, i) => (
        <View
          key={title}
          style={[s.row, { position: "absolute", top: CONTENTS_TOP - 48 + i * CONTENTS_ROW, left: 0, right: 0, height: CONTENTS_ROW, borderBottomWidth: 0.5, borderColor: colors.rule, alignItems: "center" }]}
        >
          <Text style={{ width: 18, color: colors.muted, fontSize: 10 }}>{`${i + 1}.`}</Text>
          <Text style={{ flex: 1, fontSize: 10 }}>{title}</Text>
        </View>
      ))}
    </View>
  );
}
