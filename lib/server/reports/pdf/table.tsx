// Tables that flow across pages. react-pdf's `fixed` header (repeated on every page) made
// layout several times slower on long tables, so long tables are cut into page-sized
// chunks here instead: each chunk starts on a new page with its own header. Row heights
// are estimated from the text (conservatively: a chunk that would not fit is never made);
// if a row still overflows, react-pdf moves it to the next page whole (rows never split).
// Each cell is one Text node (rich cells nest Text runs): layout cost grows with nodes.
import React from "react";
import { Text, View } from "@react-pdf/renderer";
import { CONTENT_HEIGHT, CONTENT_WIDTH, s, TABLE_FONT_SIZE, TABLE_LINE_HEIGHT, TABLE_PADDING } from "./theme";

export interface Column<T> {
  header: string;
  /** Relative width (flex grow). */
  width: number;
  /** A string, or a <Text> element (nested <Text> runs for a second line or a colour). */
  cell: (row: T) => string | React.ReactElement<{ style?: unknown }>;
  /** The cell's text for estimating its height, when `cell` returns an element. */
  text?: (row: T) => string;
  align?: "left" | "right";
}

/** Average glyph width of the body font at 1 pt, on the safe side (Liberation Sans averages ~0.5). */
const AVG_GLYPH_EM = 0.53;
const HEADER_HEIGHT = 20;

function cellLines(text: string, widthPt: number): number {
  const perLine = Math.max(1, Math.floor(widthPt / (TABLE_FONT_SIZE * AVG_GLYPH_EM)));
  return text.split("\n").reduce((sum, line) => {
    // Word wrapping wastes the end of lines: count words, not characters.
    let lines = 1;
    let used = 0;
    for (const word of line.split(/\s+/)) {
      const w = word.length + (used ? 1 : 0);
      if (used + w > perLine && used > 0) {
        lines += Math.ceil(word.length / perLine);
        used = word.length % perLine;
      } else used += w;
    }
    return sum + lines;
  }, 0);
}

export function estimateRowHeight<T>(row: T, columns: Column<T>[]): number {
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  let lines = 1;
  for (const c of columns) {
    const content = c.text ? c.text(row) : c.cell(row);
    const text = typeof content === "string" ? content : "";
    lines = Math.max(lines, cellLines(text, (CONTENT_WIDTH * c.width) / total - 2 * TABLE_PADDING));
  }
  return lines * TABLE_FONT_SIZE * TABLE_LINE_HEIGHT + 2 * TABLE_PADDING + 1;
}

/** Splits rows into page-sized chunks: the first fits what is left of the current page (`lead` used already), the others a whole page. */
export function chunkRows<T>(rows: T[], columns: Column<T>[], lead: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let budget = CONTENT_HEIGHT - lead - HEADER_HEIGHT;
  for (const row of rows) {
    const h = estimateRowHeight(row, columns);
    if (h > budget && current.length) {
      chunks.push(current);
      current = [];
      budget = CONTENT_HEIGHT - HEADER_HEIGHT;
    }
    current.push(row);
    budget -= h;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

function Header<T>({ columns }: { columns: Column<T>[] }) {
  return (
    <View style={s.th}>
      {columns.map((c) => (
        <Text key={c.header} style={[s.td, { flex: c.width, textAlign: c.align ?? "left" }]}>
          {c.header}
        </Text>
      ))}
    </View>
  );
}

/**
 * `lead`: points of the page already used above the table (heading, paragraphs). Tables whose
 * rows fit on the rest of the page are drawn as one; longer ones are chunked, a header per page.
 */
export function Table<T>({ columns, rows, empty, lead = 0 }: { columns: Column<T>[]; rows: T[]; empty: string; lead?: number }) {
  if (!rows.length) return <Text style={[s.p, s.muted]}>{empty}</Text>;
  const chunks = chunkRows(rows, columns, lead);
  return (
    <View>
      {chunks.map((chunk, k) => (
        <View key={k} style={s.table} break={k > 0}>
          <Header columns={columns} />
          {chunk.map((row, i) => (
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
      ))}
    </View>
  );
}
