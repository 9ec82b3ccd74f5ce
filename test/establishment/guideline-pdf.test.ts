/** The PDF worksheet (pdf-lib): lines, case number, model and version, inputs, tagging. Skips, saying why, when pdf-lib is not installed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { calculateGuideline } from '../../src/establishment/guideline/calculate.ts';
import { isPdfLibAvailable, renderWorksheetPdf } from '../../src/establishment/guideline/worksheet-pdf.ts';
import { pdfText } from '../../src/formats/pdf-forms.ts';
import type { GuidelineInput } from '../../src/establishment/guideline/input.ts';
import type { PDFDict as Dict, PDFPage, PDFDocument as Doc } from 'pdf-lib';
import type { Worksheet } from '../../src/establishment/guideline/worksheet.ts';

const available = await isPdfLibAvailable();
const skip = available ? false : 'pdf-lib is not installed: run `npm install pdf-lib` to render and test the PDF worksheet';

function exampleInput(name: string): GuidelineInput {
  return (JSON.parse(readFileSync(new URL(`../../docs/guideline-examples/${name}`, import.meta.url), 'utf8')) as { input: GuidelineInput }).input;
}
function example(name: string): Worksheet {
  const r = calculateGuideline(exampleInput(name));
  assert.ok(r.ok);
  return r.value;
}

/** The strings drawn on every page (pdf-lib writes standard-font text as <hex> Tj). */
async function drawnText(bytes: Uint8Array): Promise<string[]> {
  const { PDFDocument, PDFRawStream, decodePDFRawStream } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes);
  const out: string[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const content = Buffer.from(decodePDFRawStream(obj).decode()).toString('latin1');
    for (const m of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) out.push(Buffer.from(m[1]!, 'hex').toString('latin1'));
  }
  return out;
}

test('pdfText keeps text inside what the standard fonts can encode', () => {
  assert.equal(pdfText('a ≤ b − c – d ’e’ ✓'), "a <= b - c - d 'e' ?");
  assert.equal(pdfText('Café x ÷'), 'Café x ÷');
});

test('renders a PDF worksheet with every line and the total', { skip }, async () => {
  const bytes = await renderWorksheetPdf(example('04-child-care-health-insurance.json'));
  assert.equal(Buffer.from(bytes.slice(0, 5)).toString('latin1'), '%PDF-');
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  assert.ok(doc.getPageCount() >= 1);
  assert.match(doc.getTitle() ?? '', /guideline worksheet - PA-2017 - 2019-07-01/);
  const text = await drawnText(bytes);
  for (const line of ['1', '4', '10', '11', '12', '13a', '13e', 'LI-3', 'E1', 'E5', 'T1']) assert.ok(text.includes(line), `line ${line}`);
  assert.ok(text.includes('Basic child support obligation'));
  assert.ok(text.includes('$1,015.00'));
  assert.ok(text.includes('67%'));
  assert.ok(text.some((t) => t.includes('total monthly obligation $938.75, paid by the obligor')));
});

test('a third-party worksheet with two obligors spreads over pages with page numbers', { skip }, async () => {
  const bytes = await renderWorksheetPdf(example('09-third-party-child-care.json'));
  const { PDFDocument } = await import('pdf-lib');
  const pages = (await PDFDocument.load(bytes)).getPageCount();
  assert.ok(pages >= 2, `${pages} pages`);
  const text = await drawnText(bytes);
  assert.ok(text.includes(`OpenCSE guideline worksheet - PA-2017 - page ${pages} of ${pages}`));
  assert.ok(text.some((t) => t.includes('[obligor2]')));
  assert.ok(text.some((t) => t.includes('total monthly obligation $890.00')));
});

test('the same worksheet always renders to the same bytes (dates come from the calculation date)', { skip }, async () => {
  const w = example('03-shared-custody.json');
  const a = await renderWorksheetPdf(w);
  const b = await renderWorksheetPdf(w);
  assert.deepEqual(a, b);
});

test('a case worksheet carries the case number, the model and version, and the inputs as entered', { skip }, async () => {
  const input = exampleInput('10-wisconsin-shared-placement.json');
  const r = calculateGuideline(input);
  assert.ok(r.ok);
  const bytes = await renderWorksheetPdf(r.value, { caseNumber: 'C-000123', input });
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  assert.match(doc.getTitle() ?? '', /case C-000123 - WI-DCF150/);
  const text = (await drawnText(bytes)).join(' ');
  assert.match(text, /Case number: C-000123/);
  assert.match(text, /\[WI-DCF150\], percentage of income model; version in effect from 2004-01-01/);
  assert.match(text, /Inputs/);
  assert.match(text, /Obligor \(Parent B\): income/);
  assert.match(text, /\$3,000.00 a month/);
  assert.match(text, /Findings \(45 CFR 302.56\)/);
  assert.match(text, /page 1 of \d+/);
});

test('the worksheet PDF is tagged for screen readers: language, title shown, marked, a structure tree over every page', { skip }, async () => {
  const lib = await import('pdf-lib');
  const { PDFDocument, PDFName, PDFDict, PDFArray } = lib;
  const input = exampleInput('11-arkansas-income-shares.json');
  const r = calculateGuideline(input);
  assert.ok(r.ok);
  const bytes = await renderWorksheetPdf(r.value, { caseNumber: 'C-000777', input });
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const catalog = doc.catalog;
  assert.equal(String(catalog.lookup(PDFName.of('Lang'))), '(en-US)');
  const mark = catalog.lookup(PDFName.of('MarkInfo'), PDFDict);
  assert.equal(String(mark.get(PDFName.of('Marked'))), 'true');
  const prefs = catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
  assert.equal(String(prefs.get(PDFName.of('DisplayDocTitle'))), 'true');
  const tree = catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const top = tree.lookup(PDFName.of('K'), PDFArray).lookup(0, PDFDict);
  assert.equal(String(top.get(PDFName.of('S'))), '/Document');
  // Every marked-content id on every page has its structure element in the parent tree.
  const nums = tree.lookup(PDFName.of('ParentTree'), PDFDict).lookup(PDFName.of('Nums'), PDFArray);
  const tags = new Set<string>();
  const walk = (d: Dict) => {
    tags.add(String(d.get(PDFName.of('S'))));
    const k = d.lookup(PDFName.of('K'));
    if (k instanceof PDFArray) for (let i = 0; i < k.size(); i += 1) { const kid = k.lookup(i); if (kid instanceof PDFDict) walk(kid); }
  };
  walk(top);
  for (const t of ['/H1', '/H2', '/P', '/Table', '/TR', '/TH', '/TD', '/L', '/LI']) assert.ok(tags.has(t), `${t} in the structure tree`);
  doc.getPages().forEach((page, index) => {
    assert.equal(String(page.node.get(PDFName.of('StructParents'))), String(index));
    const elements = nums.lookup(index * 2 + 1, PDFArray);
    const content = pageContent(doc, page, lib);
    const mcids = [...content.matchAll(/<< \/MCID (\d+) >> BDC/g)].map((m) => Number(m[1]));
    assert.ok(mcids.length > 0, `page ${index + 1} has tagged content`);
    assert.equal(elements.size(), mcids.length, `page ${index + 1}: one structure element per MCID`);
  });
});

/** The decoded content streams of a page, as text. */
function pageContent(doc: Doc, page: PDFPage, lib: typeof import('pdf-lib')): string {
  const { PDFArray, PDFRawStream, decodePDFRawStream } = lib;
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
  return streams.map((st) => (st instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(st).decode()).toString('latin1') : '')).join('\n');
}
