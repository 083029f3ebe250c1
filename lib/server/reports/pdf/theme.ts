// Fonts (shipped in ./fonts, never fetched), colours and the shared styles of every section.
import { Font, StyleSheet } from "@react-pdf/renderer";
import { fileURLToPath } from "node:url";

const font = (file: string) => fileURLToPath(new URL(`./fonts/${file}`, import.meta.url));

let registered = false;
export function registerFonts(): void {
  if (registered) return;
  Font.register({
    family: "Liberation Sans",
    fonts: [
      { src: font("LiberationSans-Regular.ttf") },
      { src: font("LiberationSans-Bold.ttf"), fontWeight: 700 },
      { src: font("LiberationSans-Italic.ttf"), fontStyle: "italic" },
    ],
  });
  Font.register({ family: "DejaVu Sans Mono", src: font("DejaVuSansMono.ttf") });
  // Long unbroken strings (hashes, host names) may break anywhere rather than overflow; words are never hyphenated.
  Font.registerHyphenationCallback((word) => (word.length > 24 ? word.match(/.{1,12}/g) ?? [word] : [word]));
  registered = true;
}

/** A4 in points and the page margins every section uses. */
export const PAGE = { width: 595.28, height: 841.89, top: 48, bottom: 56, side: 44 };
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.side;
export const CONTENT_HEIGHT = PAGE.height - PAGE.top - PAGE.bottom;
export const TABLE_FONT_SIZE = 7.5;
export const TABLE_LINE_HEIGHT = 1.3;
export const TABLE_PADDING = 3;

export const colors = {
  ink: "#111827",
  muted: "#4b5563",
  faint: "#9ca3af",
  rule: "#e5e7eb",
  panel: "#f9fafb",
  accent: "#1d4ed8",
  band: { low: "#16a34a", medium: "#ca8a04", high: "#ea580c", critical: "#b91c1c" } as Record<string, string>,
  grade: { A: "#16a34a", B: "#65a30d", C: "#ca8a04", D: "#ea580c", F: "#b91c1c", Ungraded: "#9ca3af" } as Record<string, string>,
  status: { supported: "#16a34a", partially_supported: "#ca8a04", not_supported: "#b91c1c", not_applicable: "#6b7280" } as Record<string, string>,
  severity: { critical: "#b91c1c", high: "#ea580c", medium: "#ca8a04", low: "#2563eb", info: "#6b7280" } as Record<string, string>,
};

export const s = StyleSheet.create({
  page: { fontFamily: "Liberation Sans", fontSize: 9, color: colors.ink, paddingTop: PAGE.top, paddingBottom: PAGE.bottom, paddingHorizontal: PAGE.side },
  h1: { fontSize: 18, fontWeight: 700, marginBottom: 10, lineHeight: 1.2 },
  h2: { fontSize: 12, fontWeight: 700, marginTop: 12, marginBottom: 6, lineHeight: 1.25 },
  h3: { fontSize: 10, fontWeight: 700, marginTop: 8, marginBottom: 3, lineHeight: 1.3 },
  // A unitless lineHeight multiplies the font size set on the same style (not an inherited one), so both are set here.
  p: { fontSize: 9, marginBottom: 5, lineHeight: 1.35 },
  muted: { color: colors.muted },
  small: { fontSize: 7.5, color: colors.muted, lineHeight: 1.3 },
  mono: { fontFamily: "DejaVu Sans Mono", fontSize: 8 },
  row: { flexDirection: "row" },
  table: { borderTopWidth: 1, borderColor: colors.rule, marginBottom: 8 },
  th: { flexDirection: "row", backgroundColor: colors.panel, borderBottomWidth: 1, borderColor: colors.rule, fontWeight: 700, fontSize: 7.5 },
  tr: { flexDirection: "row", borderBottomWidth: 0.5, borderColor: colors.rule },
  td: { paddingVertical: TABLE_PADDING, paddingHorizontal: TABLE_PADDING, fontSize: TABLE_FONT_SIZE, lineHeight: TABLE_LINE_HEIGHT },
  kpis: { flexDirection: "row", gap: 8, marginBottom: 10 },
  kpi: { flexGrow: 1, flexBasis: 0, borderWidth: 1, borderColor: colors.rule, borderRadius: 3, padding: 7 },
  kpiValue: { fontSize: 16, fontWeight: 700, lineHeight: 1.2 },
  kpiLabel: { fontSize: 7.5, color: colors.muted, lineHeight: 1.3 },
  footer: { position: "absolute", bottom: 24, left: 44, right: 44, flexDirection: "row", justifyContent: "space-between", fontSize: 7, color: colors.faint, borderTopWidth: 0.5, borderColor: colors.rule, paddingTop: 4 },
  pill: { fontSize: 7, fontWeight: 700, color: "#ffffff", paddingHorizontal: 3, paddingVertical: 1, borderRadius: 2 },
});
