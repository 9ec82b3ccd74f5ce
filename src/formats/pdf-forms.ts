/**
 * The one small module of PDF helpers every form and notice uses (pdf-lib): text the standard fonts can
 * encode, word wrapping to a width, lazy loading of pdf-lib, and tagging for screen readers. A tagged
 * document has a language, a title shown in the window, /MarkInfo /Marked true and a structure tree
 * (Document > H1 / P / Table > TR > TH / TD) whose elements point at the marked content that draws
 * them, in reading order; rules and page footers are marked as artifacts.
 */
import type { PDFDocument, PDFFont, PDFObject, PDFPage, PDFRef } from 'pdf-lib';

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
