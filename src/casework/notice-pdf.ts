/**
 * A notice as a PDF (US Letter, Helvetica) drawn with pdf-lib: the program's name and office, the notice
 * date and case number, the recipient's name and address, the title, the merged text and any table of
 * figures, and a footer with the template and its citation on every page. Every date in the file comes from
 * the notice date, so the same record always renders to the same bytes.
 */
import { createHash } from 'node:crypto';
import type { PDFFont, PDFPage } from 'pdf-lib';
import { longDate, type MergedNotice } from './notice-templates.ts';
import { pdfText, wrapText } from './pdf-form.ts';

export interface NoticeLayout {
  programName: string;
  officeName: string;
  noticeDate: string;
  caseNumber: string;
  recipientName: string;
  recipientAddress: string[];
  templateCode: string;
  templateVersion: number;
  delivery: 'mail' | 'electronic';
  body: MergedNotice;
}

/** Kept for the callers that import it from here; the forms module owns it. */
export { pdfText };

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  return wrapText(text, font, size, width);
}

const PAGE: [number, number] = [612, 792];
const MARGIN = 60;
const SIZE = 10.5;
const LEAD = 14;

export async function renderNoticePdf(n: NoticeLayout): Promise<{ bytes: Uint8Array; pages: number; sha256: string }> {
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const doc = await PDFDocument.create({ updateMetadata: false });
  const when = new Date(`${n.noticeDate}T12:00:00Z`);
  doc.setTitle(pdfText(`${n.body.title} - case ${n.caseNumber} - ${n.noticeDate}`));
  doc.setSubject(pdfText(`${n.templateCode} v${n.templateVersion}; ${n.body.citation}`));
  doc.setAuthor(pdfText(n.programName));
  doc.setCreator('OpenCSE');
  doc.setProducer('OpenCSE notices (pdf-lib)');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const grey = rgb(0.35, 0.35, 0.35);
  const black = rgb(0, 0, 0);
  const width = PAGE[0] - 2 * MARGIN;

  let page: PDFPage = doc.addPage(PAGE);
  let y = PAGE[1] - MARGIN;
  const draw = (s: string, x: number, size = SIZE, f: PDFFont = font, color = black) => page.drawText(pdfText(s), { x, y, size, font: f, color });
  const right = (s: string, size = SIZE, f: PDFFont = font) => {
    const t = pdfText(s);
    page.drawText(t, { x: PAGE[0] - MARGIN - f.widthOfTextAtSize(t, size), y, size, font: f, color: black });
  };
  const need = (height: number) => {
    if (y - height < MARGIN + 24) {
      page = doc.addPage(PAGE);
      y = PAGE[1] - MARGIN;
      draw(`${n.programName} - case ${n.caseNumber} - ${longDate(n.noticeDate)} (continued)`, MARGIN, 8, font, grey);
      y -= LEAD * 1.5;
    }
  };

  draw(n.programName, MARGIN, 15, bold);
  right(`Date: ${longDate(n.noticeDate)}`);
  y -= LEAD + 2;
  draw(n.officeName, MARGIN, SIZE, font, grey);
  right(`Case number: ${n.caseNumber}`, SIZE, bold);
  y -= LEAD;
  draw('Child Support Enforcement (IV-D) Program', MARGIN, SIZE, font, grey);
  if (n.delivery === 'electronic') right('Sent electronically with your consent', 8);
  y -= LEAD * 2.5;

  draw(n.recipientName, MARGIN, SIZE, bold);
  y -= LEAD;
  for (const line of n.recipientAddress) {
    draw(line, MARGIN);
    y -= LEAD;
  }
  y -= LEAD * 1.5;

  for (const line of wrap(n.body.title, bold, 13, width)) {
    need(LEAD * 2);
    draw(line, MARGIN, 13, bold);
    y -= LEAD + 3;
  }
  y -= 6;

  n.body.paragraphs.forEach((p, index) => {
    const lines = wrap(p, font, SIZE, width);
    need(lines.length * LEAD + 4);
    for (const line of lines) {
      draw(line, MARGIN);
      y -= LEAD;
    }
    y -= 6;
    if (index === (n.body.paragraphs.length > 1 ? 1 : 0) && n.body.table.length) drawTable();
  });

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const footer = pdfText(`${n.templateCode} v${n.templateVersion} - ${n.body.citation} - page ${i + 1} of ${pages.length}`);
    const size = 7.5;
    const lines = wrap(footer, font, size, width);
    lines.forEach((line, k) => p.drawText(line, { x: MARGIN, y: MARGIN - 20 - k * 9, size, font, color: grey }));
  });
  const bytes = await doc.save({ useObjectStreams: false });
  return { bytes, pages: pages.length, sha256: createHash('sha256').update(bytes).digest('hex') };

  function drawTable() {
    need(n.body.table.length * LEAD + 10);
    for (const [label, value] of n.body.table) {
      draw(label, MARGIN + 12);
      right(value, SIZE, label.startsWith('  ') ? font : bold);
      y -= LEAD;
    }
    y -= 8;
  }
}
