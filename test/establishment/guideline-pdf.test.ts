/** The PDF worksheet (pdf-lib). Skips, saying why, when pdf-lib is not installed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { calculateGuideline } from '../../src/establishment/guideline/calculate.ts';
import { isPdfLibAvailable, pdfSafe, renderWorksheetPdf } from '../../src/establishment/guideline/worksheet-pdf.ts';
import type { Worksheet } from '../../src/establishment/guideline/worksheet.ts';

const available = await isPdfLibAvailable();
const skip = available ? false : 'pdf-lib is not installed: run `npm install pdf-lib` to render and test the PDF worksheet';

function example(name: string): Worksheet {
  const doc = JSON.parse(readFileSync(new URL(`../../docs/guideline-examples/${name}`, import.meta.url), 'utf8')) as { input: unknown };
  const r = calculateGuideline(doc.input);
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

test('pdfSafe keeps text inside what the standard fonts can encode', () => {
  assert.equal(pdfSafe('a ≤ b − c – d ’e’ ✓'), "a <= b - c - d 'e' ?");
  assert.equal(pdfSafe('Café x ÷'), 'Café x ÷');
});

test('renders a PDF worksheet with every line and the total', { skip }, async () => {
  const bytes = await renderWorksheetPdf(example('04-child-care-health-insurance.json'));
  assert.equal(Buffer.from(bytes.slice(0, 5)).toString('latin1'), '%PDF-');
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  assert.ok(doc.getPageCount() >= 1);
  assert.match(doc.getTitle() ?? '', /guideline worksheet - PA - 2019-07-01/);
  const text = await drawnText(bytes);
  for (const line of ['1', '4', '10', '11', '12', '13a', '13e', 'LI-3', 'E1', 'E5', 'T1']) assert.ok(text.includes(line), `line ${line}`);
  assert.ok(text.includes('Basic child support obligation'));
  assert.ok(text.includes('$1,015.00'));
  assert.ok(text.includes('67%'));
  assert.ok(text.some((t) => t.includes('total monthly obligation $938.75')));
});

test('a third-party worksheet with two obligors spreads over pages with page numbers', { skip }, async () => {
  const bytes = await renderWorksheetPdf(example('09-third-party-child-care.json'));
  const { PDFDocument } = await import('pdf-lib');
  const pages = (await PDFDocument.load(bytes)).getPageCount();
  assert.ok(pages >= 2, `${pages} pages`);
  const text = await drawnText(bytes);
  assert.ok(text.includes(`OpenCSE guideline worksheet - page ${pages} of ${pages}`));
  assert.ok(text.some((t) => t.includes('[obligor2]')));
  assert.ok(text.some((t) => t.includes('total monthly obligation $890.00')));
});

test('the same worksheet always renders to the same bytes (dates come from the calculation date)', { skip }, async () => {
  const w = example('03-shared-custody.json');
  const a = await renderWorksheetPdf(w);
  const b = await renderWorksheetPdf(w);
  assert.deepEqual(a, b);
});
