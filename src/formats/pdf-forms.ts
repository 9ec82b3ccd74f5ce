/**
 * The one small module of PDF helpers every form and notice uses (pdf-lib): text the standard fonts can
 * encode, word wrapping to a width, lazy loading of pdf-lib, and tagging for screen readers. A tagged
 * document has a language, a title shown in the window, /MarkInfo /Marked true and a structure tree
 * (Document > H1 / P / Table > TR > TH / TD) whose elements point at the marked content that draws
 * them, in reading order; rules and page footers are marked as artifacts.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFObject, type PDFPage, type PDFRef } from 'pdf-lib';

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

/** Keeps text inside the WinAnsi set the standard fonts can encode (pdf-lib throws otherwise). */
export function pdfText(text: string): string {
  return [...text]
    .map((ch) => {
      const mapped = ASCII_FOR[ch];
      if (mapped !== undefined) return mapped;
      const code = ch.codePointAt(0)!;
      return (code >= 32 && code < 127) || (code >= 160 && code <= 255) ? ch : '?';
    })
    .join('');
}

/**
 * Wraps text to a width at spaces (a word longer than the width stands alone). `splitOn: ' '` keeps
 * runs of spaces inside a line, for forms that lay out check boxes with them.
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number, options: { splitOn?: ' ' | 'whitespace' } = {}): string[] {
  const words = options.splitOn === ' ' ? pdfText(text).split(' ') : pdfText(text).split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let current = '';
  for (const word of words) {
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

export type StructTag = 'Document' | 'Sect' | 'H1' | 'H2' | 'P' | 'Table' | 'TR' | 'TH' | 'TD' | 'L' | 'LI';

export interface StructNode {
  tag: StructTag;
  ref: PDFRef;
  parent: StructNode | null;
  kids: Array<StructNode | { page: PDFPage; mcid: number }>;
}

/**
 * Builds the structure tree of a tagged PDF while the pages are drawn. `text(page, tag, parent, draw)`
 * wraps what `draw` paints in marked content with the next MCID of that page and adds a structure
 * element for it; `element(tag, parent)` adds a container (a table, a row); `artifact(page, draw)`
 * marks decoration that a screen reader should skip. Call `finish()` before saving.
 */
export class TaggedPdf {
  private readonly lib: PdfLib;
  private readonly doc: PDFDocument;
  readonly root: StructNode;
  private readonly treeRef: PDFRef;
  private readonly mcids = new Map<PDFPage, number>();
  private readonly pageElements = new Map<PDFPage, PDFRef[]>();

  constructor(lib: PdfLib, doc: PDFDocument, options: { title: string; lang: string }) {
    this.lib = lib;
    this.doc = doc;
    doc.setTitle(pdfText(options.title), { showInWindowTitleBar: true });
    doc.setLanguage(options.lang);
    const { PDFName, PDFBool } = lib;
    doc.catalog.set(PDFName.of('MarkInfo'), doc.context.obj({ Marked: PDFBool.True }));
    this.treeRef = doc.context.nextRef();
    this.root = { tag: 'Document', ref: doc.context.nextRef(), parent: null, kids: [] };
  }

  element(tag: StructTag, parent: StructNode = this.root): StructNode {
    const node: StructNode = { tag, ref: this.doc.context.nextRef(), parent, kids: [] };
    parent.kids.push(node);
    return node;
  }

  text(page: PDFPage, tag: StructTag, parent: StructNode, draw: () => void): StructNode {
    const node = this.element(tag, parent);
    this.into(page, node, draw);
    return node;
  }

  /** Adds more marked content to an element made by `element` (a cell with a label and a note). */
  into(page: PDFPage, node: StructNode, draw: () => void): void {
    const { PDFOperator, PDFOperatorNames, PDFName } = this.lib;
    const mcid = this.mcids.get(page) ?? 0;
    this.mcids.set(page, mcid + 1);
    node.kids.push({ page, mcid });
    const list = this.pageElements.get(page) ?? [];
    list[mcid] = node.ref;
    this.pageElements.set(page, list);
    page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of(node.tag), `<< /MCID ${mcid} >>`]));
    draw();
    page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
  }

  artifact(page: PDFPage, draw: () => void): void {
    const { PDFOperator, PDFOperatorNames, PDFName } = this.lib;
    page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContent, [PDFName.of('Artifact')]));
    draw();
    page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
  }

  /** Writes the structure tree, the parent tree and each page's /StructParents. */
  finish(): void {
    const { PDFName, PDFNumber } = this.lib;
    const ctx = this.doc.context;
    const write = (node: StructNode) => {
      const kids = node.kids.map((k) => ('tag' in k ? k.ref : PDFNumber.of(k.mcid)));
      const firstPage = node.kids.find((k): k is { page: PDFPage; mcid: number } => !('tag' in k))?.page;
      const dict = ctx.obj({ Type: 'StructElem', S: node.tag, P: node.parent ? node.parent.ref : this.treeRef, K: kids });
      if (firstPage) dict.set(PDFName.of('Pg'), firstPage.ref);
      ctx.assign(node.ref, dict);
      for (const k of node.kids) if ('tag' in k) write(k);
    };
    write(this.root);
    const nums: PDFObject[] = [];
    this.doc.getPages().forEach((page, index) => {
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(index));
      page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
      nums.push(PDFNumber.of(index), ctx.obj(this.pageElements.get(page) ?? []));
    });
    ctx.assign(this.treeRef, ctx.obj({ Type: 'StructTreeRoot', K: [this.root.ref], ParentTree: ctx.obj({ Nums: nums }), ParentTreeNextKey: this.doc.getPageCount() }));
    this.doc.catalog.set(PDFName.of('StructTreeRoot'), this.treeRef);
  }
}

// ---- a form laid out top to bottom, every filled-in value a named AcroForm field -----------------------
// Named fields are what lets a reader (a person's viewer, pdf-lib's reader in tests) find each value and
// where it sits on which page. The Income Withholding for Support form (enforcement/iwo-pdf.ts) uses it.

const LETTER: [number, number] = [612, 792];

export interface FormWriterOptions {
  title: string;
  subject?: string;
  /** Fixes the document dates, so the same input renders to the same bytes. */
  date: string;
  margin?: number;
  /** Drawn at the top of every page after the first. */
  continuationHeader?: string;
}

/** A form laid out top to bottom on US Letter pages. */
export class FormWriter {
  private page: PDFPage;
  private y: number;
  readonly margin: number;
  readonly width: number;
  private constructor(readonly doc: PDFDocument, readonly font: PDFFont, readonly bold: PDFFont, private readonly options: FormWriterOptions) {
    this.margin = options.margin ?? 36;
    this.width = LETTER[0] - 2 * this.margin;
    this.page = doc.addPage(LETTER);
    this.y = LETTER[1] - this.margin;
  }

  static async create(options: FormWriterOptions): Promise<FormWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const when = new Date(`${options.date}T12:00:00Z`);
    doc.setTitle(pdfText(options.title));
    if (options.subject) doc.setSubject(pdfText(options.subject));
    doc.setCreator('OpenCSE');
    doc.setProducer('OpenCSE forms (pdf-lib)');
    doc.setCreationDate(when);
    doc.setModificationDate(when);
    return new FormWriter(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold), options);
  }

  /** Starts a new page when fewer than `height` points are left. */
  need(height: number): void {
    if (this.y - height >= this.margin) return;
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(LETTER);
    this.y = LETTER[1] - this.margin;
    if (this.options.continuationHeader) {
      for (const line of wrapText(this.options.continuationHeader, this.font, 7.5, this.width)) {
        this.page.drawText(line, { x: this.margin, y: this.y, size: 7.5, font: this.font, color: rgb(0.3, 0.3, 0.3) });
        this.y -= 9;
      }
      this.y -= 6;
    }
  }

  /** Text at the top right of the current page (e.g. the OMB number). */
  corner(text: string, size = 7.5): void {
    const t = pdfText(text);
    this.page.drawText(t, { x: LETTER[0] - this.margin - this.font.widthOfTextAtSize(t, size), y: LETTER[1] - 22, size, font: this.font });
  }

  title(text: string, size = 14): void {
    this.need(size + 8);
    const t = pdfText(text);
    this.page.drawText(t, { x: (LETTER[0] - this.bold.widthOfTextAtSize(t, size)) / 2, y: this.y - size, size, font: this.bold });
    this.y -= size + 8;
  }

  heading(text: string): void {
    this.need(30);
    this.y -= 6;
    this.page.drawText(pdfText(text), { x: this.margin, y: this.y - 10, size: 10, font: this.bold });
    this.page.drawLine({ start: { x: this.margin, y: this.y - 13 }, end: { x: LETTER[0] - this.margin, y: this.y - 13 }, thickness: 0.6, color: rgb(0.2, 0.2, 0.2) });
    this.y -= 19;
  }

  paragraph(text: string, options: { size?: number; bold?: boolean; indent?: number } = {}): void {
    const size = options.size ?? 8;
    const font = options.bold ? this.bold : this.font;
    const indent = options.indent ?? 0;
    const lines = wrapText(text, font, size, this.width - indent);
    for (const line of lines) {
      this.need(size + 3);
      this.page.drawText(line, { x: this.margin + indent, y: this.y - size, size, font });
      this.y -= size + 2.5;
    }
    this.y -= 3;
  }

  /**
   * A label and its value as a named text field to the right of it (or below it when `below`); the field
   * holds `value` and is drawn with its appearance, so it prints as filled in.
   */
  field(name: string, label: string, value: string, options: { labelWidth?: number; width?: number; below?: boolean; lines?: number; indent?: number } = {}): void {
    const size = 8;
    const indent = options.indent ?? 0;
    const labelWidth = options.below ? this.width - indent : options.labelWidth ?? 200;
    const labelLines = wrapText(label, this.font, size, labelWidth - 6);
    const lines = options.lines ?? Math.max(1, Math.min(6, wrapText(value, this.font, size, (options.width ?? this.width - labelWidth - indent) - 4).length));
    const fieldHeight = lines * (size + 2.5) + 3;
    const height = options.below ? labelLines.length * (size + 2.5) + fieldHeight + 3 : Math.max(labelLines.length * (size + 2.5), fieldHeight) + 3;
    this.need(height);
    labelLines.forEach((line, i) => this.page.drawText(line, { x: this.margin + indent, y: this.y - size - i * (size + 2.5), size, font: this.font }));
    const x = options.below ? this.margin + indent : this.margin + indent + labelWidth;
    const top = options.below ? this.y - labelLines.length * (size + 2.5) - 1 : this.y + 1;
    const width = options.width ?? (options.below ? this.width - indent : this.width - labelWidth - indent);
    const field = this.doc.getForm().createTextField(name);
    if (lines > 1) field.enableMultiline();
    field.setText(pdfText(value));
    field.addToPage(this.page, { x, y: top - fieldHeight, width, height: fieldHeight, font: this.font, borderWidth: 0, textColor: rgb(0, 0, 0), backgroundColor: rgb(0.94, 0.95, 0.98) });
    field.setFontSize(size);
    this.y -= height;
  }

  /** A check box, checked or not, with its label to the right. */
  checkbox(name: string, label: string, checked: boolean, options: { indent?: number; size?: number } = {}): void {
    const size = options.size ?? 8;
    const indent = options.indent ?? 0;
    const lines = wrapText(label, this.font, size, this.width - indent - 16);
    this.need(lines.length * (size + 2.5) + 3);
    const box = this.doc.getForm().createCheckBox(name);
    box.addToPage(this.page, { x: this.margin + indent, y: this.y - size - 1, width: size + 1, height: size + 1, borderWidth: 0.7, borderColor: rgb(0, 0, 0) });
    if (checked) box.check();
    lines.forEach((line, i) => this.page.drawText(line, { x: this.margin + indent + 14, y: this.y - size - i * (size + 2.5), size, font: this.font }));
    this.y -= lines.length * (size + 2.5) + 3;
  }

  space(points: number): void {
    this.y -= points;
  }

  /** Page numbers in the footer, field appearances, and the bytes. */
  async save(footer: (page: number, pages: number) => string): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((p, i) => p.drawText(pdfText(footer(i + 1, pages.length)), { x: this.margin, y: 18, size: 7, font: this.font, color: rgb(0.3, 0.3, 0.3) }));
    this.doc.getForm().updateFieldAppearances(this.font);
    return this.doc.save({ useObjectStreams: false });
  }
}
