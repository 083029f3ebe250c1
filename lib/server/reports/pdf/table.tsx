// A table that flows across pages: the header repeats on every page it continues on, rows never split.
// Each cell is a single Text node (rich cells nest Text runs inside it): layout cost in react-pdf
// grows with the number of nodes, and a report's tables hold most of them.
import React from "react";
import { Text, View } from "@react-pdf/renderer";
import { s } from "./theme";

export interface Column<T> {
  header: string;
  /** Relative width (flex grow). */
  width: number;
  /** A string, or a <Text> element (nested <Text> runs for a second line or a colour). */
  cell: (row: T) => string | React.ReactElement<{ style?: unknown }>;
  align?: "left" | "right";
}

export function Table<T>({ columns, rows, empty }: { columns: Column<T>[]; rows: T[]; empty: string }) {
  if (!rows.length) return <Text style={[s.p, s.muted]}>{empty}</Text>;
  return (
    <View style={s.table}>
      <View style={s.th} fixed>
        {columns.map((c) => (
          <Text key={c.header} style={[s.td, { flex: c.width, textAlign: c.align ?? "left" }]}>
            {c.header}
          </Text>
        ))}
      </View>
      {rows.map((row, i) => (
        <View key={i} style={s.tr} wrap={false}>
          {columns.map((c) => {
            const content = c.cell(row);
            const style = [s.td, { flex: c.width, textAlign: c.align ?? "left" }];
            return typeof content === "string" ? (
              <Text key={c.header} style={style}>
                {content}
              </Text>
            ) : (
              React.cloneElement(content, { key: c.header, style: [...style, ...(Array.isArray(content.props.style) ? content.props.style : content.props.style ? [content.props.style] : [])] })
            );
          })}
        </View>
      ))}
    </View>
  );
}
