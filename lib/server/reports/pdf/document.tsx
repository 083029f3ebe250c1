// The report document: one component per section, fed by the ReportModel (pure data).
import React from "react";
import { Document, Page, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { scopeLabel } from "../../../domain/reports/evidence";
import type { ReportModel } from "../../../domain/reports/model";
import { registerFonts, s } from "./theme";
import { Cover } from "./sections/cover";
import { Contents } from "./sections/contents";
import { ExecutiveSummarySection } from "./sections/summary";
import { ControlsSection } from "./sections/controls";
import { RegisterSection } from "./sections/register";
import { FindingsSection } from "./sections/findings";
import { InsuranceSection } from "./sections/insurance";
import { MethodologySection } from "./sections/methodology";
import { VerificationSection } from "./sections/verification";
import { finishPdf } from "./toc";

export function sectionTitles(model: ReportModel): string[] {
  return [
    "Executive summary",
    `Controls: ${model.assessment.name}`,
    "Third-party register",
    "Open findings and the plan",
    "For the insurer: third-party exposure",
    "Methodology and data sources",
    "Verification",
  ];
}

/** The left half of every page's footer; "Page N of M" is stamped at the right once the page count is known (toc.ts). */
function Footer({ model }: { model: ReportModel }) {
  return (
    <View style={s.footer} fixed>
      <Text>{`Sibyl · ${model.assessment.name} · ${scopeLabel(model.evidence.scope)} · ${model.evidence.period.from} to ${model.evidence.period.to}`}</Text>
    </View>
  );
}

function ReportDocument({ model, hash }: { model: ReportModel; hash: string }) {
  // Each section is its own <Page> with a bookmark (the viewer's outline); toc.ts reads the
  // bookmarks back to learn where each section starts.
  const titles = sectionTitles(model);
  const page = (key: string, children: React.ReactNode, bookmark?: string) => (
    <Page key={key} size="A4" style={s.page} wrap bookmark={bookmark ? { title: bookmark, fit: true } : undefined}>
      {children}
      <Footer model={model} />
    </Page>
  );
  return (
    <Document title={model.title} author="Sibyl" subject={`sibyl-report:${model.id}`} keywords={`sibyl-report ${model.id} ${model.framework}`} creator="Sibyl" producer="Sibyl" pageMode="useOutlines">
      {page("cover", <Cover model={model} />)}
      {page("contents", <Contents entries={sectionTitles(model)} />)}
      {page("summary", <ExecutiveSummarySection model={model} />, titles[0])}
      {page("controls", <ControlsSection model={model} />, titles[1])}
      {page("register", <RegisterSection model={model} />, titles[2])}
      {page("findings", <FindingsSection model={model} />, titles[3])}
      {page("insurance", <InsuranceSection model={model} />, titles[4])}
      {page("methodology", <MethodologySection model={model} />, titles[5])}
      {page("verification", <VerificationSection model={model} hash={hash} />, titles[6])}
    </Document>
  );
}

/**
 * Renders the PDF in one layout pass, with no render callbacks (they double react-pdf's
 * layout time and memory); page numbers and the contents' numbers are stamped afterwards
 * from the bookmarks each section heading leaves.
 */
export async function renderReport(model: ReportModel, hash: string): Promise<{ pdf: Uint8Array; pages: number }> {
  registerFonts();
  const pdf = await renderToBuffer(<ReportDocument model={model} hash={hash} />);
  return finishPdf(pdf, { contentsPageIndex: 1, sections: sectionTitles(model) });
}
