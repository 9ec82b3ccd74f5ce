/** The worksheet as the server computed it: result cards, the numbered lines, the findings and notes. */
import type { Worksheet, WorksheetCalculation, WorksheetLine } from '../../api.ts';
import { dollars, formatDate } from '../../format.ts';

/** A worksheet figure as people read it; money is turned into cents by text, never by float. */
export function lineValue(l: Pick<WorksheetLine, 'unit'>, v: string | null): string {
  if (v === null) return '';
  switch (l.unit) {
    case 'usd': {
      const m = /^(-?)(\d+)\.(\d{2})$/.exec(v);
      return m ? dollars((m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]))) : `$${v}`;
    }
    case 'percent':
      return `${v}%`;
    default:
      return v;
  }
}

export const usd = (v: string) => lineValue({ unit: 'usd' }, v);

export function payerText(c: WorksheetCalculation): string {
  if (c.result.payer === 'obligee') return 'paid by the parent entered as obligee';
  if (c.result.payer === null) return 'nobody owes support';
  return 'paid by the obligor';
}

export function WorksheetTable({ worksheet, calculation, caption }: { worksheet: Worksheet; calculation: WorksheetCalculation; caption: string }) {
  const reference = calculation.lines.filter((l) => l.origin === 'reference');
  const added = calculation.lines.filter((l) => l.origin === 'opencse');
  const rows = (lines: WorksheetLine[]) =>
    lines.map((l) => {
      const unused = l.obligor === null && l.obligee === null && l.combined === null;
      return (
        <tr key={l.line} id={`line-${calculation.id}-${l.line}`} className={unused ? 'line--unused' : undefined} data-line={l.line}>
          <th scope="row" className="line-number">
            {l.line}
          </th>
          <td>
            {l.label}
            {l.note ? <div className="item-detail muted">{l.note}</div> : null}
          </td>
          <td className="num" data-col="obligor">
            {lineValue(l, l.obligor)}
          </td>
          <td className="num" data-col="obligee">
            {lineValue(l, l.obligee)}
          </td>
          <td className="num" data-col="combined">
            {lineValue(l, l.combined)}
          </td>
        </tr>
      );
    });
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless width-full worksheet-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Description</th>
            <th scope="col" className="num">
              Obligor{calculation.obligor.name ? <span className="muted"> ({calculation.obligor.name})</span> : null}
            </th>
            <th scope="col" className="num">
              Obligee{calculation.obligee.name ? <span className="muted"> ({calculation.obligee.name})</span> : null}
            </th>
            <th scope="col" className="num">
              Combined
            </th>
          </tr>
        </thead>
        <tbody>
          {reference.length ? (
            <tr className="worksheet-part">
              <th scope="rowgroup" colSpan={5}>
                {worksheet.schedule.layout}
              </th>
            </tr>
          ) : null}
          {rows(reference)}
          {added.length ? (
            <tr className="worksheet-part">
              <th scope="rowgroup" colSpan={5}>
                {reference.length ? 'Rules applied after the worksheet lines (low income, additional expenses, total)' : worksheet.schedule.layout}
              </th>
            </tr>
          ) : null}
          {rows(added)}
        </tbody>
      </table>
    </div>
  );
}

export function ResultCards({ calculation }: { calculation: WorksheetCalculation }) {
  return (
    <div className="summary-cards" role="group" aria-label="Guideline result">
      <div className="summary-card">
        <h3>Basic child support</h3>
        <p className="big">{usd(calculation.result.basicSupportMonthly)}</p>
      </div>
      <div className="summary-card">
        <h3>Additional expenses</h3>
        <p className="big">{usd(calculation.result.additionalExpensesMonthly)}</p>
      </div>
      <div className="summary-card summary-card--total">
        <h3>Total monthly obligation</h3>
        <p className="big" data-testid="guideline-total">
          {usd(calculation.result.totalMonthly)}
        </p>
        <p className="muted">{payerText(calculation)}</p>
      </div>
    </div>
  );
}

export function WorksheetSummary({ worksheet }: { worksheet: Worksheet }) {
  const s = worksheet.schedule;
  return (
    <p>
      {s.title} <span className="muted">[{s.id}; {s.model === 'income-shares' ? 'income shares' : 'percentage of income'}; {s.citation}]</span>
      <br />
      {`Support from ${formatDate(worksheet.calculationDate)} for ${worksheet.children} child${worksheet.children === 1 ? '' : 'ren'}.`}
    </p>
  );
}

export function FindingsAndNotes({ worksheet }: { worksheet: Worksheet }) {
  const f = worksheet.findings;
  return (
    <>
      <h3>Findings (45 CFR 302.56)</h3>
      <ul className="usa-list" data-testid="guideline-findings">
        <li>{f.subsistence}</li>
        {f.parents.map((p) => (p.imputedIncome ? <li key={`${p.who}-i`}>{`Imputed income, ${p.who}: ${p.imputedIncome.reason}; considered ${p.imputedIncome.factors.join(', ')}. ${p.imputedIncome.finding}`}</li> : null))}
        {f.parents.map((p) => (p.incarcerated ? <li key={`${p.who}-c`}>{`The ${p.who} is incarcerated; incarceration is not treated as voluntary unemployment.`}</li> : null))}
        {f.deviation ? <li>{`Deviation: the guideline amount is ${usd(f.deviation.guidelineMonthly)}; the order sets ${usd(f.deviation.orderedMonthly)} because ${f.deviation.reason}`}</li> : null}
      </ul>
      {worksheet.notes.length ? (
        <>
          <h3>Notes</h3>
          <ul className="usa-list">
            {worksheet.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
