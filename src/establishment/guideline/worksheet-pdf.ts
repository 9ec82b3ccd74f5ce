/**
 * The worksheet as a PDF (US Letter, Helvetica), drawn with pdf-lib. pdf-lib is imported lazily so the
 * calculator itself never depends on it; the PDF's dates come from the calculation date, so the same
 * worksheet always renders to the same bytes.
 */
import type { PDFFont, PDFPage } from 'pdf-lib';
import { formatDollars, parseCents } from '../../kernel/money.ts';
import { displayValue } from './format-text.ts';
import type { Worksheet, WorksheetCalculation, WorksheetLine } from './worksheet.ts';

type PdfLib = typeof import('pdf-lib');

/** Loads pdf-lib, or explains how to get it. */
export async function loadPdfLib(): Promise<PdfLib> {
  try {
    return await import('pdf-lib');
  } catch (e) {
    throw new Error(`pdf-lib is not installed (npm install pdf-lib): ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function isPdfLibAvailable(): Promise<boolean> {
  try {
    await import('pdf-lib');
    return true;
  } catch {
    return false;
  }
}

const ASCII_FOR: Record<string, string> = { '≤': '<=', '≥': '>=', '−': '-', '–': '-', '—': '-', '‘': "'", '’': "'", '“': '"', '”': '"', '…': '...', '\t': ' ' };

/** Keeps text inside the WinAnsi set that the standard fonts can encode (pdf-lib throws otherwise). */
export function pdfSafe(text: string): string {
  return [...text]
    .map((ch) => {
      const mapped = ASCII_FOR[ch];
      if (mapped !== undefined) return mapped;
      const code = ch.codePointAt(0)!;
      return (code >= 32 && code < 127) || (code >= 160 && code <= 255) ? ch : '?';
    })
    .join('');
}

function wrapToWidth(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of pdfSafe(text).split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !current) current = candidate;
    else {
      out.push(current);
      current = word;
    }
  }
  if (current) out.push(current);
  return out.length ? out : [''];
}

const PAGE: [number, number] = [612, 792];
const MARGIN = 40;
const COL = { line: MARGIN, label: MARGIN + 36, labelWidth: 290, obligor: 440, obligee: 506, combined: 572 };
const SIZE = 8.5;
const NOTE_SIZE = 7;
const LEAD = 11;
const NOTE_LEAD = 9;

export async function renderWorksheetPdf(worksheet: Worksheet): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, rgb } = await loadPdfLib();
  const doc = await PDFDocument.create({ updateMetadata: false });
  const when = new Date(`${worksheet.calculationDate}T00:00:00Z`);
  doc.setTitle(`Child support guideline worksheet - ${worksheet.state} - ${worksheet.calculationDate}`);
  doc.setSubject(`${worksheet.schedule.title} [${worksheet.schedule.id}]`);
  doc.setCreator('OpenCSE');
  doc.setProducer('OpenCSE guideline calculator (pdf-lib)');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const grey = rgb(0.35, 0.35, 0.35);
  const black = rgb(0, 0, 0);

  let page: PDFPage = doc.addPage(PAGE);
  let y = PAGE[1] - MARGIN;
  const text = (s: string, x: number, size = SIZE, f: PDFFont = font, color = black) => page.drawText(pdfSafe(s), { x, y, size, font: f, color });
  const right = (s: string, xRight: number, f: PDFFont = font) => {
    const safe = pdfSafe(s);
    if (!safe) return;
    page.drawText(safe, { x: xRight - f.widthOfTextAtSize(safe, SIZE), y, size: SIZE, font: f, color: black });
  };
  const rule = () => page.drawLine({ start: { x: MARGIN, y: y + 3 }, end: { x: PAGE[0] - MARGIN, y: y + 3 }, thickness: 0.5, color: grey });
  const newPage = () => {
    page = doc.addPage(PAGE);
    y = PAGE[1] - MARGIN;
    text(`Guideline worksheet - ${worksheet.state} - ${worksheet.calculationDate} (continued)`, MARGIN, NOTE_SIZE, font, grey);
    y -= LEAD;
  };
  const need = (height: number) => {
    if (y - height < MARGIN + 20) newPage();
  };
  const tableHeader = () => {
    need(LEAD * 2);
    text('Line', COL.line, SIZE, bold);
    text('Description', COL.label, SIZE, bold);
    right('Obligor', COL.obligor, bold);
    right('Obligee', COL.obligee, bold);
    right('Combined', COL.combined, bold);
    y -= 4;
    rule();
    y -= LEAD - 2;
  };

  text('Child Support Guideline Worksheet', MARGIN, 14, bold);
  y -= 18;
  const header = [
    `${worksheet.schedule.title} [${worksheet.schedule.id}]`,
    `Source: ${worksheet.schedule.citation}`,
    `State: ${worksheet.state}    Calculation date: ${worksheet.calculationDate}    Children: ${worksheet.children}    Case: ${worksheet.caseType === 'thirdParty' ? 'third-party payer' : 'parents'}`,
    `Rounding: percentages ${worksheet.options.percentRounding}; shares ${worksheet.options.shareRounding}; between schedule rows: ${worksheet.options.betweenRows}`,
  ];
  for (const h of header) {
    for (const part of wrapToWidth(h, font, SIZE, PAGE[0] - 2 * MARGIN)) {
      text(part, MARGIN);
      y -= LEAD;
    }
  }

  for (const calc of worksheet.calculations) {
    y -= 6;
    need(LEAD * 4);
    text(`${worksheet.calculations.length > 1 ? `[${calc.id}]  ` : ''}Obligor: ${partyName(calc.obligor)}    Obligee: ${partyName(calc.obligee)}`, MARGIN, 10, bold);
    y -= LEAD + 4;
    tableHeader();
    for (const line of calc.lines) drawLine(line);
    need(LEAD * 2);
    rule();
    y -= LEAD;
    text(
      `Basic support ${money(calc.result.basicSupportMonthly)} + additional expenses ${money(calc.result.additionalExpensesMonthly)} = total monthly obligation ${money(calc.result.totalMonthly)}`,
      MARGIN,
      SIZE,
      bold,
    );
    y -= LEAD;
  }

  if (worksheet.notes.length) {
    y -= 6;
    need(LEAD * 2);
    text('Notes', MARGIN, SIZE, bold);
    y -= LEAD;
    for (const note of worksheet.notes) {
      const wrapped = wrapToWidth(note, font, NOTE_SIZE, PAGE[0] - 2 * MARGIN - 10);
      need(wrapped.length * NOTE_LEAD);
      wrapped.forEach((part, i) => {
        text(`${i === 0 ? '-' : ' '}`, MARGIN, NOTE_SIZE);
        text(part, MARGIN + 10, NOTE_SIZE);
        y -= NOTE_LEAD;
      });
    }
  }

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const footer = pdfSafe(`OpenCSE guideline worksheet - page ${i + 1} of ${pages.length}`);
    p.drawText(footer, { x: PAGE[0] - MARGIN - font.widthOfTextAtSize(footer, NOTE_SIZE), y: MARGIN - 14, size: NOTE_SIZE, font, color: grey });
  });
  return doc.save({ useObjectStreams: false });

  function drawLine(line: WorksheetLine) {
    const label = wrapToWidth(line.label, font, SIZE, COL.labelWidth);
    const note = line.note ? wrapToWidth(`(${line.note})`, font, NOTE_SIZE, COL.labelWidth) : [];
    need(label.length * LEAD + note.length * NOTE_LEAD);
    text(line.line, COL.line, SIZE, line.origin === 'reference' ? bold : font);
    right(displayValue(line, line.obligor), COL.obligor);
    right(displayValue(line, line.obligee), COL.obligee);
    right(displayValue(line, line.combined), COL.combined);
    label.forEach((part, i) => {
      text(part, COL.label);
      y -= i === label.length - 1 && note.length === 0 ? LEAD : i === label.length - 1 ? NOTE_LEAD : LEAD;
    });
    for (const part of note) {
      text(part, COL.label, NOTE_SIZE, font, grey);
      y -= NOTE_LEAD;
    }
    if (note.length) y -= LEAD - NOTE_LEAD;
  }
}

function money(value: string): string {
  return formatDollars(parseCents(value)!);
}

function partyName(p: WorksheetCalculation['obligor']): string {
  const role = p.role === 'thirdParty' ? 'third party' : p.role;
  return p.name ? `${p.name} (${role})` : role;
}
