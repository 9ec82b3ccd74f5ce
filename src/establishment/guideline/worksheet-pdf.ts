/**
 * The worksheet as a tagged PDF (US Letter, Helvetica) for the court file: the case number when it
 * belongs to a case, the guideline model and version, the inputs as entered, every worksheet line, the
 * result, the federal findings (subsistence, imputed income, incarceration, deviation) and the notes.
 * Tagged for screen readers (src/formats/pdf-forms.ts): headings, paragraphs and real tables in reading
 * order, decoration as artifacts. pdf-lib is loaded lazily; every date in the file is the calculation
 * date, so the same worksheet always renders to the same bytes.
 */
import type { PDFFont, PDFPage } from 'pdf-lib';
import { formatDollars, parseCents } from '../../kernel/money.ts';
import { loadPdfLib, pdfText, TaggedPdf, wrapText, type StructNode } from '../../formats/pdf-forms.ts';
import { displayValue } from './format-text.ts';
import type { GuidelineInput } from './input.ts';
import { inputSummary } from './input-summary.ts';
import type { Worksheet, WorksheetCalculation, WorksheetLine } from './worksheet.ts';

export { isPdfLibAvailable } from '../../formats/pdf-forms.ts';

export interface WorksheetPdfContext {
  /** The case the worksheet was made for (shown in the heading of every page). */
  caseNumber?: string | null;
  /** The input document, listed as the inputs section. */
  input?: GuidelineInput | null;
}

const PAGE: [number, number] = [612, 792];
const MARGIN = 40;
const COL = { line: MARGIN, label: MARGIN + 36, labelWidth: 290, obligor: 440, obligee: 506, combined: 572 };
const SIZE = 8.5;
const NOTE_SIZE = 7;
const LEAD = 11;
const NOTE_LEAD = 9;
const MODEL_NAMES = { 'income-shares': 'income shares', 'percentage-of-income': 'percentage of income' } as const;

export async function renderWorksheetPdf(worksheet: Worksheet, context: WorksheetPdfContext = {}): Promise<Uint8Array> {
  const lib = await loadPdfLib();
  const { PDFDocument, StandardFonts, rgb } = lib;
  const doc = await PDFDocument.create({ updateMetadata: false });
  const when = new Date(`${worksheet.calculationDate}T00:00:00Z`);
  const caseLabel = context.caseNumber ? `case ${context.caseNumber} - ` : '';
  const tags = new TaggedPdf(lib, doc, { title: `Child support guideline worksheet - ${caseLabel}${worksheet.schedule.id} - ${worksheet.calculationDate}`, lang: 'en-US' });
  doc.setSubject(pdfText(`${worksheet.schedule.title} [${worksheet.schedule.id}]`));
  doc.setKeywords([worksheet.schedule.id, worksheet.schedule.model, ...(context.caseNumber ? [context.caseNumber] : [])]);
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
  const draw = (p: PDFPage, s: string, x: number, size = SIZE, f: PDFFont = font, color = black) => p.drawText(pdfText(s), { x, y, size, font: f, color });
  const right = (p: PDFPage, s: string, xRight: number, f: PDFFont = font) => {
    const safe = pdfText(s);
    if (safe) p.drawText(safe, { x: xRight - f.widthOfTextAtSize(safe, SIZE), y, size: SIZE, font: f, color: black });
  };
  const rule = () => tags.artifact(page, () => page.drawLine({ start: { x: MARGIN, y: y + 3 }, end: { x: PAGE[0] - MARGIN, y: y + 3 }, thickness: 0.5, color: grey }));
  const newPage = () => {
    page = doc.addPage(PAGE);
    y = PAGE[1] - MARGIN;
    const p = page;
    tags.artifact(p, () => draw(p, `Guideline worksheet - ${caseLabel}${worksheet.schedule.id} - ${worksheet.calculationDate} (continued)`, MARGIN, NOTE_SIZE, font, grey));
    y -= LEAD;
  };
  const need = (height: number) => {
    if (y - height < MARGIN + 20) newPage();
  };
  /** A paragraph (or heading) wrapped to the page width. */
  const para = (text: string, tag: 'P' | 'H1' | 'H2' = 'P', size = SIZE, f: PDFFont = font, parent: StructNode = tags.root, indent = 0) => {
    const lines = wrapText(text, f, size, PAGE[0] - 2 * MARGIN - indent);
    const lead = size > SIZE ? size + 4 : LEAD;
    need(lines.length * lead);
    const node = tags.element(tag, parent);
    for (const part of lines) {
      const p = page;
      tags.into(p, node, () => draw(p, part, MARGIN + indent, size, f));
      y -= lead;
    }
  };

  para('Child Support Guideline Worksheet', 'H1', 14, bold);
  y -= 4;
  if (context.caseNumber) para(`Case number: ${context.caseNumber}`, 'P', SIZE + 1, bold);
  const s = worksheet.schedule;
  para(`Guideline: ${s.title} [${s.id}], ${MODEL_NAMES[s.model]} model; version in effect from ${s.effectiveFrom} to ${s.effectiveThrough ?? 'no end date'}${s.effectiveDatesConfidence === 'verified' ? '' : ' (dates unverified)'}.`);
  para(`Source: ${s.citation}`);
  para(`Support takes effect on ${worksheet.calculationDate}; ${worksheet.children} ${worksheet.children === 1 ? 'child' : 'children'}; ${worksheet.caseType === 'thirdParty' ? 'third-party payer case' : 'parents case'}.`);
  para(`What this version can compute: ${s.coverage}`);
  if (s.model === 'income-shares') {
    para(`Rounding: percentages ${worksheet.options.percentRounding}; shares ${worksheet.options.shareRounding}; between schedule rows: ${worksheet.options.betweenRows}.`);
  }

  if (context.input) {
    y -= 6;
    para('Inputs', 'H2', 10, bold);
    const table = tags.element('Table');
    for (const [label, value] of inputSummary(context.input)) {
      const valueLines = wrapText(value, font, SIZE, PAGE[0] - 2 * MARGIN - 200);
      need(valueLines.length * LEAD);
      const tr = tags.element('TR', table);
      const p = page;
      tags.text(p, 'TH', tr, () => draw(p, label, MARGIN, SIZE, bold));
      const td = tags.element('TD', tr);
      valueLines.forEach((part) => {
        const q = page;
        tags.into(q, td, () => draw(q, part, MARGIN + 200));
        y -= LEAD;
      });
    }
  }

  for (const calc of worksheet.calculations) {
    y -= 8;
    need(LEAD * 4);
    para(`${worksheet.calculations.length > 1 ? `[${calc.id}] ` : ''}Obligor: ${partyName(calc.obligor)}    Obligee: ${partyName(calc.obligee)}`, 'H2', 10, bold);
    para(s.layout, 'P', NOTE_SIZE, font);
    const table = tags.element('Table');
    tableHeader(table);
    for (const line of calc.lines) drawLine(table, line);
    need(LEAD * 2);
    rule();
    y -= LEAD;
    const payer = calc.result.payer === 'obligee' ? 'the parent entered as obligee' : calc.result.payer === null ? 'nobody' : 'the obligor';
    para(`Basic support ${money(calc.result.basicSupportMonthly)} + additional expenses ${money(calc.result.additionalExpensesMonthly)} = total monthly obligation ${money(calc.result.totalMonthly)}, paid by ${payer}.`, 'P', SIZE, bold);
  }

  y -= 6;
  para('Findings (45 CFR 302.56)', 'H2', 10, bold);
  const f = worksheet.findings;
  para(`Subsistence: ${f.subsistence}`);
  for (const p of f.parents) {
    if (p.imputedIncome) para(`Imputed income, ${p.who}: ${p.imputedIncome.reason}; circumstances considered: ${p.imputedIncome.factors.join(', ')}. Finding: ${p.imputedIncome.finding}`);
    if (p.incarcerated) para(`The ${p.who} is incarcerated; incarceration is not treated as voluntary unemployment.`);
  }
  if (f.deviation) {
    para(`Deviation: the guideline amount is ${money(f.deviation.guidelineMonthly)} a month; the amount ordered is ${money(f.deviation.orderedMonthly)} (difference ${money(f.deviation.difference)}).`, 'P', SIZE, bold);
    para(`Reason the guideline amount would be unjust or inappropriate: ${f.deviation.reason}`);
    if (f.deviation.bestInterests) para(`The children's best interests: ${f.deviation.bestInterests}`);
  } else {
    para('No deviation is recorded: the guideline amount is the presumptive order.');
  }

  if (worksheet.notes.length || s.notLoaded.length) {
    y -= 6;
    para('Notes', 'H2', 10, bold);
    const list = tags.element('L');
    for (const note of [...worksheet.notes, ...s.notLoaded.map((n) => `Not loaded: ${n}`)]) {
      const wrapped = wrapText(note, font, NOTE_SIZE, PAGE[0] - 2 * MARGIN - 10);
      need(wrapped.length * NOTE_LEAD);
      const li = tags.element('LI', list);
      wrapped.forEach((part, i) => {
        const p = page;
        if (i === 0) tags.artifact(p, () => draw(p, '-', MARGIN, NOTE_SIZE));
        tags.into(p, li, () => draw(p, part, MARGIN + 10, NOTE_SIZE));
        y -= NOTE_LEAD;
      });
    }
  }

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const footer = pdfText(`OpenCSE guideline worksheet${context.caseNumber ? ` - case ${context.caseNumber}` : ''} - ${s.id} - page ${i + 1} of ${pages.length}`);
    tags.artifact(p, () => p.drawText(footer, { x: PAGE[0] - MARGIN - font.widthOfTextAtSize(footer, NOTE_SIZE), y: MARGIN - 14, size: NOTE_SIZE, font, color: grey }));
  });
  tags.finish();
  return doc.save({ useObjectStreams: false });

  function tableHeader(table: StructNode) {
    need(LEAD * 2);
    const tr = tags.element('TR', table);
    const p = page;
    tags.text(p, 'TH', tr, () => draw(p, 'Line', COL.line, SIZE, bold));
    tags.text(p, 'TH', tr, () => draw(p, 'Description', COL.label, SIZE, bold));
    tags.text(p, 'TH', tr, () => right(p, 'Obligor', COL.obligor, bold));
    tags.text(p, 'TH', tr, () => right(p, 'Obligee', COL.obligee, bold));
    tags.text(p, 'TH', tr, () => right(p, 'Combined', COL.combined, bold));
    y -= 4;
    rule();
    y -= LEAD - 2;
  }

  function drawLine(table: StructNode, line: WorksheetLine) {
    const label = wrapText(line.label, font, SIZE, COL.labelWidth);
    const note = line.note ? wrapText(`(${line.note})`, font, NOTE_SIZE, COL.labelWidth) : [];
    need(label.length * LEAD + note.length * NOTE_LEAD);
    const tr = tags.element('TR', table);
    const p = page;
    tags.text(p, 'TH', tr, () => draw(p, line.line, COL.line, SIZE, line.origin === 'reference' ? bold : font));
    const description = tags.element('TD', tr);
    tags.text(p, 'TD', tr, () => right(p, displayValue(line, line.obligor), COL.obligor));
    tags.text(p, 'TD', tr, () => right(p, displayValue(line, line.obligee), COL.obligee));
    tags.text(p, 'TD', tr, () => right(p, displayValue(line, line.combined), COL.combined));
    label.forEach((part, i) => {
      tags.into(p, description, () => draw(p, part, COL.label));
      y -= i === label.length - 1 && note.length === 0 ? LEAD : i === label.length - 1 ? NOTE_LEAD : LEAD;
    });
    for (const part of note) {
      tags.into(p, description, () => draw(p, part, COL.label, NOTE_SIZE, font, grey));
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
