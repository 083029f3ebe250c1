// Finishes a laid-out report with pdf-lib: reads where each section starts from the
// bookmarks (the PDF outline) its headings left, stamps those page numbers on the
// contents page and "Page N of M" on every page. Doing this after layout keeps react-pdf
// to a single pass without render callbacks, which double its time and memory.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, StandardFonts, rgb } from "pdf-lib";
import { CONTENTS_ROW, CONTENTS_TOP } from "./sections/contents";

const MARGIN = 44;
const INK = rgb(0.07, 0.09, 0.15);
const FAINT = rgb(0.61, 0.64, 0.69);

/** Section title → index of the page its bookmark points at, in outline order. */
function bookmarkPages(doc: PDFDocument): Map<string, number> {
  const pages = new Map<string, number>();
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const outlines = doc.catalog.lookupMaybe(PDFName.of("Outlines"), PDFDict);
  let item = outlines?.lookupMaybe(PDFName.of("First"), PDFDict);
  for (let guard = 0; item && guard < 1000; guard++) {
    const title = item.lookup(PDFName.of("Title"));
    const dest = item.lookupMaybe(PDFName.of("Dest"), PDFArray);
    const target = dest?.get(0);
    const text = title && "decodeText" in title ? (title as { decodeText(): string }).decodeText() : String(title);
    const index = target instanceof PDFRef ? pageIndex.get(target.toString()) : undefined;
    if (index != null && !pages.has(text)) pages.set(text, index);
    item = item.lookupMaybe(PDFName.of("Next"), PDFDict);
  }
  return pages;
}

export async function finishPdf(pdf: Uint8Array, options: { contentsPageIndex: number; sections: string[] }): Promise<{ pdf: Uint8Array; pages: number }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const total = doc.getPageCount();
  const starts = bookmarkPages(doc);
  const contents = doc.getPage(options.contentsPageIndex);
  const { width: cw, height: ch } = contents.getSize();
  options.sections.forEach((title, i) => {
    const index = starts.get(title);
    if (index == null) return;
    const text = String(index + 1);
    const size = 10;
    contents.drawText(text, { x: cw - MARGIN - font.widthOfTextAtSize(text, size), y: ch - (CONTENTS_TOP + i * CONTENTS_ROW) - CONTENTS_ROW / 2 - size * 0.1, size, font, color: INK });
  });
  doc.getPages().forEach((page, i) => {
    const text = `Page ${i + 1} of ${total}`;
    const size = 7;
    page.drawText(text, { x: page.getWidth() - MARGIN - font.widthOfTextAtSize(text, size), y: 24 + 4 - size * 0.2, size, font, color: FAINT });
  });
  return { pdf: await doc.save({ useObjectStreams: false, updateFieldAppearances: false }), pages: total };
}
