/**
 * What-if: change one input of the calculation just made and see both results side by side, line by
 * line. Nothing is saved; the server computes the second worksheet the same way as the first.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, post, type GuidelineInput, type VersionSummary, type Worksheet, type WorksheetLine } from '../../api.ts';
import { Alert, SelectField, TextField } from '../../components/ui.tsx';
import { buildInput, withChange, WHAT_IF_FIELDS, type FormState, type WhatIfField } from './form.ts';
import { lineValue, payerText, usd } from './WorksheetView.tsx';

const cells = (l: WorksheetLine | undefined) => (l ? [l.obligor, l.obligee, l.combined].filter((v) => v !== null).map((v) => lineValue(l, v)).join(' / ') : '');

export function WhatIf({ base, form, versions }: { base: { worksheet: Worksheet; input: GuidelineInput }; form: FormState; versions: VersionSummary[] }) {
  const [field, setField] = useState<WhatIfField>('obligorIncome');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [other, setOther] = useState<{ worksheet: Worksheet; label: string } | null>(null);

  const compare = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let input: GuidelineInput | string;
    if (field === 'guideline') {
      const v = versions.find((x) => x.id === value) ?? null;
      const built = buildInput({ ...form, guideline: value }, v);
      input = built.input ?? built.problems.map((p) => p.message).join('; ');
    } else input = withChange(base.input, field, value);
    if (typeof input === 'string') {
      setError(input);
      return;
    }
    try {
      const worksheet = await post<Worksheet>('/api/guideline/worksheet', { input });
      setOther({ worksheet, label: `${WHAT_IF_FIELDS.find((f) => f.value === field)!.label}: ${value}` });
    } catch (err) {
      setOther(null);
      setError(err instanceof ApiError ? err.message : 'The server could not be reached.');
    }
  };

  const a = base.worksheet.calculations[0]!;
  const b = other?.worksheet.calculations[0];
  const ids = b ? [...new Set([...a.lines.map((l) => l.line), ...b.lines.map((l) => l.line)])] : [];
  return (
    <section className="section" aria-labelledby="whatif-heading">
      <h2 id="whatif-heading">What if</h2>
      <p>Change one input and compare the result with the worksheet above. Nothing is saved.</p>
      <form className="usa-form wide-form" noValidate onSubmit={compare}>
        <div className="form-row">
          <SelectField id="whatif-field" label="Input to change" options={WHAT_IF_FIELDS.map((f) => ({ value: f.value, label: f.label }))} value={field} onChange={(v) => { setField(v as WhatIfField); setValue(''); }} />
          {field === 'guideline' ? (
            <SelectField id="whatif-value" label="New value" placeholder="Choose a version" options={versions.map((v) => ({ value: v.id, label: `${v.id} (${v.state})` }))} value={value} onChange={setValue} />
          ) : (
            <TextField id="whatif-value" label="New value" inputMode={field === 'children' || field === 'obligorOvernights' ? 'numeric' : 'decimal'} width="md" value={value} onChange={setValue} error={error ?? undefined} />
          )}
        </div>
        <button type="submit" className="usa-button usa-button--outline">
          Compare
        </button>
      </form>
      {error && field === 'guideline' ? <Alert kind="error" slim>{error}</Alert> : null}
      {other && b ? (
        <div className="table-wrap">
          <table className="usa-table usa-table--borderless width-full whatif-table">
            <caption>{`As calculated (${base.worksheet.schedule.id}) and ${other.label} (${other.worksheet.schedule.id}), side by side`}</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Description</th>
                <th scope="col" className="num">As calculated</th>
                <th scope="col" className="num">What if</th>
              </tr>
            </thead>
            <tbody>
              <tr className="whatif-total" data-testid="whatif-totals">
                <th scope="row">Total</th>
                <td>Total monthly obligation</td>
                <td className="num" data-col="a">{`${usd(a.result.totalMonthly)} (${payerText(a)})`}</td>
                <td className="num" data-col="b">{`${usd(b.result.totalMonthly)} (${payerText(b)})`}</td>
              </tr>
              {ids.map((id) => {
                const la = a.lines.find((l) => l.line === id);
                const lb = b.lines.find((l) => l.line === id);
                const changed = cells(la) !== cells(lb);
                return (
                  <tr key={id} className={changed ? 'row--changed' : undefined}>
                    <th scope="row">{id}</th>
                    <td>
                      {(la ?? lb)!.label}
                      {changed ? <span className="usa-sr-only"> (changed)</span> : null}
                    </td>
                    <td className="num">{cells(la)}</td>
                    <td className="num">{cells(lb)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
