/**
 * The review and adjustment notice sent to each parent, as a PDF (US Letter, Helvetica) drawn with
 * pdf-lib. Everything on it comes from the data passed in, and the document dates are set from the
 * notice date, so the same notice always renders to the same bytes.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatDollars } from '../kernel/money.ts';
import { pdfText, wrapText } from '../formats/pdf-forms.ts';

export interface ReviewNoticeData {
  kind: 'review_started' | 'review_outcome';
  noticeDate: string;
  caseNumber: string;
  officeName: string;
  recipient: { name: string; role: 'custodial_party' | 'noncustodial_parent'; address: string[] };
  otherParentName: string | null;
  order: { orderNumber: string; enteredDate: string; currentMonthlyCents: number };
  review: { reviewId: number; reason: string; requestedBy: string; requestDate: string; dueDate: string };
  comparison: { guidelineMonthlyCents: number; differenceCents: number; percentDifferenceBasisPoints: number | null; thresholdBasisPoints: number | null; thresholdCents: number | null; thresholdMet: boolean } | null;
  outcome: { outcome: 'adjust' | 'no_change' | 'withdrawn'; outcomeDate: string; reason: string | null } | null;
  responseDays: number;
  policyId: string;
}

const ROLE_NAMES = { custodial_party: 'custodial parent', noncustodial_parent: 'noncustodial parent' } as const;
const REASONS: Record<string, string> = {
  cycle: 'the order is due for its periodic review (45 CFR 303.8(b)(1))',
  request: 'a review was requested',
  incarceration: 'the noncustodial parent is incarcerated for more than 180 days (45 CFR 303.8(b)(2))',
  substantial_change: 'a substantial change in circumstances was reported (45 CFR 303.8(b)(6))',
};
const REQUESTERS: Record<string, string> = {
  agency: 'the child support agency',
  custodial_party: 'the custodial parent',
  noncustodial_parent: 'the noncustodial parent',
  iv_a_agency: 'the TANF (IV-A) agency',
  other_jurisdiction: 'another State or jurisdiction',
};

function longDate(iso: string): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${months[m - 1]} ${d}, ${y}`;
}

const percent = (bp: number) => `${(bp / 100).toFixed(2)}%`;

/** The paragraphs of the notice, as plain text (also useful to test the wording without parsing a PDF). */
export function reviewNoticeParagraphs(n: ReviewNoticeData): { title: string; paragraphs: string[] } {
  const p: string[] = [];
  p.push(`Case number ${n.caseNumber}. Support order ${n.order.orderNumber}, entered ${longDate(n.order.enteredDate)}. You are the ${ROLE_NAMES[n.recipient.role]}${n.otherParentName ? `; the other parent is ${n.otherParentName}` : ''}.`);
  p.push(`The current order requires ${formatDollars(n.order.currentMonthlyCents)} a month in current support.`);
  if (n.kind === 'review_started') {
    p.push(
      `We are reviewing this order because ${REASONS[n.review.reason] ?? n.review.reason}. The review was requested by ${REQUESTERS[n.review.requestedBy] ?? n.review.requestedBy} on ${longDate(n.review.requestDate)}.`,
    );
    p.push(
      'We will compare the current order with the amount the State child support guidelines give today. Please send us proof of your income (recent pay stubs, tax return), the cost of health insurance and child care for the children, and any other support you pay, within ' +
        `${n.responseDays} days of the date of this notice.`,
    );
    p.push(`We must finish the review, and adjust the order or decide not to, by ${longDate(n.review.dueDate)} (45 CFR 303.8(e)).`);
    return { title: 'Notice of Review of Your Child Support Order', paragraphs: p };
  }
  const c = n.comparison;
  if (c) {
    const threshold = [c.thresholdBasisPoints !== null ? `${percent(c.thresholdBasisPoints)} of the current order` : null, c.thresholdCents !== null ? `${formatDollars(c.thresholdCents)} a month` : null].filter(Boolean).join(' or ');
    p.push(
      `Under the guidelines the support would be ${formatDollars(c.guidelineMonthlyCents)} a month, a difference of ${formatDollars(c.differenceCents)}` +
        (c.percentDifferenceBasisPoints !== null ? ` (${percent(c.percentDifferenceBasisPoints)})` : '') +
        `. An adjustment is warranted when the difference is at least ${threshold || 'the State threshold'} (45 CFR 303.8(c)); this difference ${c.thresholdMet ? 'meets' : 'does not meet'} that threshold.`,
    );
  }
  const o = n.outcome!;
  if (o.outcome === 'adjust') {
    p.push(`Result of the review (${longDate(o.outcomeDate)}): we will ask that the order be changed to the guideline amount of ${c ? formatDollars(c.guidelineMonthlyCents) : 'the guideline amount'} a month.`);
  } else if (o.outcome === 'no_change') {
    p.push(`Result of the review (${longDate(o.outcomeDate)}): the order will not be changed.`);
  } else {
    p.push(`The review was closed without a decision on ${longDate(o.outcomeDate)}.`);
  }
  if (o.reason) p.push(`Reason: ${o.reason}`);
  p.push(`If you disagree, you may ask for a hearing or contest this result in writing within ${n.responseDays} days of the date of this notice. Include your case number.`);
  return { title: 'Notice of the Result of the Review of Your Child Support Order', paragraphs: p };
}

const wrap = (text: string, font: PDFFont, size: number, width: number): string[] => (text.trim() ? wrapText(text, font, size, width) : []);

export async function renderReviewNoticePdf(n: ReviewNoticeData): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const when = new Date(`${n.noticeDate}T12:00:00Z`);
  const { title, paragraphs } = reviewNoticeParagraphs(n);
  doc.setTitle(pdfText(title));
  doc.setSubject(pdfText(`Case ${n.caseNumber}, review ${n.review.reviewId}`));
  doc.setAuthor(pdfText(n.officeName));
  doc.setCreator('OpenCSE');
  doc.setProducer('OpenCSE (pdf-lib)');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const margin = 60;
  const width = 612 - margin * 2;
  let page: PDFPage = doc.addPage([612, 792]);
  let y = 792 - margin;
  const line = (text: string, font = regular, size = 10.5, gap = 14) => {
    if (y < margin + gap) {
      page = doc.addPage([612, 792]);
      y = 792 - margin;
    }
    page.drawText(pdfText(text), { x: margin, y, size, font, color: rgb(0, 0, 0) });
    y -= gap;
  };
  line(n.officeName, bold, 12, 16);
  line('Child Support Program (Title IV-D)', regular, 10, 24);
  line(longDate(n.noticeDate), regular, 10.5, 22);
  line(n.recipient.name, bold);
  for (const a of n.recipient.address) line(a);
  y -= 14;
  for (const t of wrap(title, bold, 14, width)) line(t, bold, 14, 20);
  y -= 6;
  for (const para of paragraphs) {
    for (const t of wrap(para, regular, 10.5, width)) line(t);
    y -= 8;
  }
  y -= 10;
  line(`Review ${n.review.reviewId}; rules applied: ${n.policyId}.`, regular, 8, 12);
  return doc.save({ useObjectStreams: false });
}
