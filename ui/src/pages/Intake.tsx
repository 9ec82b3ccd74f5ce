/**
 * Intake of a new case (application or referral) and the duplicate decision: when a member may already
 * be on file the server holds the intake for review and proposes the persons it found; the worker picks
 * the person on file or confirms a new one, and the case opens.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, post, useGet, type IntakeInput, type IntakeOutcome, type MemberProposal, type PendingIntake } from '../api.ts';
import { Link, useNavigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { formatDate } from '../format.ts';
import { label, options, US_STATES } from '../labels.ts';
import { Alert, ApiErrorAlert, ErrorSummary, Facts, Loading, PageHeading, RadioGroup, SelectField, TextField, problemsFromApi, type FieldProblem } from '../components/ui.tsx';

type MemberRole = 'custodial_party' | 'noncustodial_parent' | 'alleged_father' | 'child';

interface PersonForm {
  firstName: string;
  middleName: string;
  lastName: string;
  dateOfBirth: string;
  sex: string;
  ssn: string;
  line1: string;
  city: string;
  stateCode: string;
  zip: string;
  employerName: string;
  employerFein: string;
}

interface MemberForm {
  key: string;
  role: MemberRole;
  person: PersonForm;
  bornOutOfWedlock: '' | 'yes' | 'no';
}

interface IntakeForm {
  kind: IntakeInput['kind'];
  caseType: IntakeInput['caseType'] | '';
  receivedDate: string;
  officeCode: string;
  sourceSystem: string;
  externalId: string;
  otherJurisdictionFips: string;
  otherJurisdictionCaseId: string;
  hasCustodialParty: boolean;
  members: MemberForm[];
}

/** Which case types each kind of intake may open (the server checks the same rule, src/cases/rules.ts). */
const CASE_TYPES_BY_KIND: Record<IntakeInput['kind'], Array<IntakeInput['caseType']>> = {
  application: ['never_assistance', 'former_assistance'],
  iv_a_referral: ['current_assistance'],
  iv_e_referral: ['iv_e_foster_care'],
  medicaid_referral: ['medicaid_only'],
  interstate_referral: ['current_assistance', 'former_assistance', 'never_assistance', 'iv_e_foster_care', 'medicaid_only'],
};

const NAME = /^[\p{L}][\p{L} .'-]*$/u;
let memberCounter = 0;

function emptyPerson(): PersonForm {
  return { firstName: '', middleName: '', lastName: '', dateOfBirth: '', sex: '', ssn: '', line1: '', city: '', stateCode: '', zip: '', employerName: '', employerFein: '' };
}

function newMember(role: MemberRole): MemberForm {
  return { key: `m${++memberCounter}`, role, person: emptyPerson(), bornOutOfWedlock: '' };
}

function initialForm(today: string): IntakeForm {
  return {
    kind: 'application',
    caseType: 'never_assistance',
    receivedDate: today,
    officeCode: '',
    sourceSystem: '',
    externalId: '',
    otherJurisdictionFips: '',
    otherJurisdictionCaseId: '',
    hasCustodialParty: true,
    members: [newMember('custodial_party'), newMember('noncustodial_parent'), newMember('child')],
  };
}

function includedMembers(form: IntakeForm): MemberForm[] {
  return form.members.filter((m) => m.role !== 'custodial_party' || form.hasCustodialParty);
}

function toInput(form: IntakeForm, officeScoped: boolean): IntakeInput {
  const members = includedMembers(form).map((m) => {
    const p = m.person;
    const hasAddress = m.role !== 'child' && (p.line1 || p.city || p.stateCode || p.zip);
    const person: NonNullable<IntakeInput['members'][number]['person']> = {
      firstName: p.firstName.trim(),
      lastName: p.lastName.trim(),
      ...(p.middleName.trim() ? { middleName: p.middleName.trim() } : {}),
      ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}),
      ...(p.sex ? { sex: p.sex as 'F' | 'M' | 'U' } : {}),
      ...(p.ssn.trim() ? { ssn: p.ssn.trim() } : {}),
      ...(hasAddress ? { address: { line1: p.line1.trim(), city: p.city.trim(), stateCode: p.stateCode, zip: p.zip.trim() } } : {}),
      ...(m.role !== 'custodial_party' && m.role !== 'child' && p.employerName.trim()
        ? { employer: { name: p.employerName.trim(), ...(p.employerFein.trim() ? { fein: p.employerFein.replace(/\D/g, '') } : {}) } }
        : {}),
    };
    return { role: m.role, person, ...(m.role === 'child' && m.bornOutOfWedlock ? { bornOutOfWedlock: m.bornOutOfWedlock === 'yes' } : {}) };
  });
  return {
    kind: form.kind,
    caseType: form.caseType as IntakeInput['caseType'],
    receivedDate: form.receivedDate,
    ...(!officeScoped && form.officeCode ? { officeCode: form.officeCode } : {}),
    ...(form.sourceSystem.trim() ? { sourceSystem: form.sourceSystem.trim() } : {}),
    ...(form.externalId.trim() ? { externalId: form.externalId.trim() } : {}),
    ...(form.kind === 'interstate_referral'
      ? { interstate: { role: 'responding' as const, otherJurisdictionFips: form.otherJurisdictionFips.trim(), ...(form.otherJurisdictionCaseId.trim() ? { otherJurisdictionCaseId: form.otherJurisdictionCaseId.trim() } : {}) } }
      : {}),
    members,
  };
}

function validate(form: IntakeForm, today: string, officeScoped: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (fieldId: string, message: string) => problems.push({ fieldId, message });
  if (!form.caseType) add('caseType', 'Choose the case type');
  if (!form.receivedDate) add('receivedDate', 'Enter the date the intake was received');
  else if (form.receivedDate > today) add('receivedDate', 'The received date cannot be in the future');
  if (!officeScoped && !form.officeCode) add('officeCode', 'Choose the office that will work the case');
  if (form.kind === 'interstate_referral' && !/^\d{2}(\d{3}(\d{2})?)?$/.test(form.otherJurisdictionFips.trim())) add('otherJurisdictionFips', 'Enter the initiating state’s FIPS code (2, 5 or 7 digits)');
  if (form.externalId && !/^[A-Za-z0-9_.:-]{1,64}$/.test(form.externalId.trim())) add('externalId', 'The sender’s id has letters, digits and . _ : - only');
  if (form.sourceSystem && !/^[A-Za-z0-9_.-]{1,40}$/.test(form.sourceSystem.trim())) add('sourceSystem', 'The source system has letters, digits and . _ - only');
  const members = includedMembers(form);
  if (!members.some((m) => m.role === 'child')) add('add-child', 'Add at least one child');
  for (const m of members) {
    const who = label('role', m.role).toLowerCase();
    const p = m.person;
    if (!p.firstName.trim()) add(`${m.key}-firstName`, `Enter the ${who}’s first name`);
    else if (!NAME.test(p.firstName.trim())) add(`${m.key}-firstName`, `The ${who}’s first name has letters, spaces, periods, apostrophes and hyphens only`);
    if (!p.lastName.trim()) add(`${m.key}-lastName`, `Enter the ${who}’s last name`);
    else if (!NAME.test(p.lastName.trim())) add(`${m.key}-lastName`, `The ${who}’s last name has letters, spaces, periods, apostrophes and hyphens only`);
    if (m.role === 'child' && !p.dateOfBirth) add(`${m.key}-dateOfBirth`, 'Enter the child’s date of birth');
    if (p.dateOfBirth && p.dateOfBirth > today) add(`${m.key}-dateOfBirth`, `The ${who}’s date of birth cannot be in the future`);
    if (p.ssn.trim() && !/^\d{3}-?\d{2}-?\d{4}$/.test(p.ssn.trim())) add(`${m.key}-ssn`, `The ${who}’s SSN is nine digits (dashes optional)`);
    if (m.role !== 'child' && (p.line1 || p.city || p.stateCode || p.zip)) {
      if (!p.line1.trim()) add(`${m.key}-line1`, `Enter the ${who}’s street address, or clear the address`);
      if (!p.city.trim()) add(`${m.key}-city`, `Enter the ${who}’s city`);
      if (!p.stateCode) add(`${m.key}-stateCode`, `Choose the ${who}’s state`);
      if (!/^\d{5}(-\d{4})?$/.test(p.zip.trim())) add(`${m.key}-zip`, `Enter the ${who}’s 5-digit ZIP code`);
    }
    if (p.employerFein.trim() && !/^\d{2}-?\d{7}$/.test(p.employerFein.trim())) add(`${m.key}-employerFein`, 'The employer’s FEIN is nine digits');
  }
  return problems;
}

/** Maps a server path (/members/2/person/address/zip) to the id of the field it is about. */
function fieldIdFor(form: IntakeForm, path: string): string | null {
  const members = includedMembers(form);
  const m = /^\/members\/(\d+)(?:\/person\/(\w+)(?:\/(\w+))?)?/.exec(path);
  if (m) {
    const member = members[Number(m[1])];
    if (!member) return 'add-child';
    if (!m[2]) return `${member.key}-firstName`;
    if (m[2] === 'address') return `${member.key}-${m[3] ?? 'line1'}`;
    if (m[2] === 'employer') return `${member.key}-${m[3] === 'fein' ? 'employerFein' : 'employerName'}`;
    return `${member.key}-${m[2]}`;
  }
  if (path === '/members') return 'add-child';
  if (path.startsWith('/interstate')) return 'otherJurisdictionFips';
  const top = /^\/(\w+)/.exec(path)?.[1];
  return top && ['kind', 'caseType', 'receivedDate', 'officeCode', 'sourceSystem', 'externalId'].includes(top) ? top : null;
}

function PersonFields({ member, errorOf, onChange, withAddress, withEmployer }: { member: MemberForm; errorOf: (id: string) => string | undefined; onChange: (p: Partial<PersonForm>) => void; withAddress: boolean; withEmployer: boolean }) {
  const p = member.person;
  const id = (f: string) => `${member.key}-${f}`;
  const set = (f: keyof PersonForm) => (v: string) => onChange({ [f]: v });
  return (
    <>
      <div className="form-row">
        <TextField id={id('firstName')} label="First name" value={p.firstName} onChange={set('firstName')} required error={errorOf(id('firstName'))} autoComplete="off" />
        <TextField id={id('middleName')} label="Middle name" value={p.middleName} onChange={set('middleName')} autoComplete="off" />
        <TextField id={id('lastName')} label="Last name" value={p.lastName} onChange={set('lastName')} required error={errorOf(id('lastName'))} autoComplete="off" />
      </div>
      <div className="form-row">
        <TextField id={id('dateOfBirth')} label="Date of birth" type="date" value={p.dateOfBirth} onChange={set('dateOfBirth')} required={member.role === 'child'} error={errorOf(id('dateOfBirth'))} />
        <SelectField id={id('sex')} label="Sex" value={p.sex} onChange={set('sex')} placeholder="Not given" options={options('sex')} />
        <TextField id={id('ssn')} label="SSN (nine digits)" value={p.ssn} onChange={set('ssn')} inputMode="numeric" maxLength={11} width="sm" error={errorOf(id('ssn'))} autoComplete="off" />
      </div>
      {withAddress ? (
        <div className="form-row">
          <TextField id={id('line1')} label="Street address" value={p.line1} onChange={set('line1')} error={errorOf(id('line1'))} autoComplete="off" />
          <TextField id={id('city')} label="City" value={p.city} onChange={set('city')} error={errorOf(id('city'))} autoComplete="off" />
          <SelectField id={id('stateCode')} label="State" value={p.stateCode} onChange={set('stateCode')} placeholder="–" options={US_STATES.map((s) => ({ value: s, label: s }))} error={errorOf(id('stateCode'))} />
          <TextField id={id('zip')} label="ZIP code" value={p.zip} onChange={set('zip')} inputMode="numeric" width="sm" maxLength={10} error={errorOf(id('zip'))} autoComplete="off" />
        </div>
      ) : null}
      {withEmployer ? (
        <div className="form-row">
          <TextField id={id('employerName')} label="Employer" value={p.employerName} onChange={set('employerName')} autoComplete="off" />
          <TextField id={id('employerFein')} label="Employer FEIN (nine digits)" value={p.employerFein} onChange={set('employerFein')} inputMode="numeric" width="sm" maxLength={10} error={errorOf(id('employerFein'))} autoComplete="off" />
        </div>
      ) : null}
    </>
  );
}

/** The decision on each proposed match of a pending intake. */
export function DuplicateReview({ intakeId, proposals, memberName, onResolved }: { intakeId: number; proposals: MemberProposal[]; memberName: (memberIndex: number) => string | null; onResolved: (outcome: IntakeOutcome) => void }) {
  const [decisions, setDecisions] = useState<Record<number, string>>(() => {
    const initial: Record<number, string> = {};
    for (const p of proposals) {
      const ssn = p.candidates.find((c) => c.reason === 'ssn');
      if (ssn) initial[p.memberIndex] = String(ssn.personId);
    }
    return initial;
  });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const reasonText: Record<string, string> = { ssn: 'same SSN', name_dob: 'same name and date of birth', alias_dob: 'an alias and the same date of birth', soundex_dob: 'a similar-sounding name and the same date of birth' };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing = proposals.filter((p) => !decisions[p.memberIndex]).map((p) => ({ fieldId: `decision-${p.memberIndex}`, message: `Decide who the ${label('role', p.role).toLowerCase()} is` }));
    setAttempt((a) => a + 1);
    setProblems(missing);
    if (missing.length) return;
    setBusy(true);
    try {
      const outcome = await post<IntakeOutcome>(`/api/intakes/${intakeId}/resolve`, {
        decisions: proposals.map((p) => ({ memberIndex: p.memberIndex, personId: decisions[p.memberIndex] === 'new' ? 'new' : Number(decisions[p.memberIndex]) })),
      });
      onResolved(outcome);
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'The server could not be reached.', []);
      setProblems(problemsFromApi(error, (path) => (/^\/decisions\/(\d+)/.test(path) ? `decision-${/^\/decisions\/(\d+)/.exec(path)![1]}` : null), `decision-${proposals[0]?.memberIndex ?? 0}`));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="usa-form usa-form--large wide-form" onSubmit={submit} noValidate aria-label="Duplicate decision">
      <ErrorSummary problems={problems} generation={attempt} />
      {proposals.map((p) => {
        const name = memberName(p.memberIndex);
        const ssnMatch = p.candidates.find((c) => c.reason === 'ssn');
        const choices = [
          ...p.candidates.map((c) => ({
            value: String(c.personId),
            label: `Use person on file: ${c.firstName} ${c.lastName}`,
            description: `Person ${c.personId}, born ${formatDate(c.dateOfBirth)}, SSN ${c.ssnMasked ?? 'none on file'}; matched on ${reasonText[c.reason] ?? c.reason}`,
          })),
          { value: 'new', label: 'A different person: add as new', description: ssnMatch ? 'Not allowed: this SSN is already on file.' : 'Only when you are sure the person on file is someone else.', disabled: !!ssnMatch },
        ];
        return (
          <RadioGroup
            key={p.memberIndex}
            name={`decision-${p.memberIndex}`}
            legend={`${label('role', p.role)}${name ? `: ${name}` : ''} (member ${p.memberIndex + 1})`}
            value={decisions[p.memberIndex] ?? ''}
            onChange={(v) => setDecisions((d) => ({ ...d, [p.memberIndex]: v }))}
            options={choices}
            error={problems.find((x) => x.fieldId === `decision-${p.memberIndex}`)?.message}
            tile
          />
        );
      })}
      <button type="submit" className="usa-button margin-top-3" disabled={busy}>
        {busy ? 'Opening the case…' : 'Save decision and open the case'}
      </button>
    </form>
  );
}

function Opened({ outcome, again }: { outcome: IntakeOutcome; again?: () => void }) {
  return (
    <Alert kind="success" heading={`Case ${outcome.caseNumber} is open`} focus>
      <p>
        Received {formatDate(outcome.receivedDate)}; due to open by {formatDate(outcome.dueDate)} (45 CFR 303.2(b)).{' '}
        <Link to={`/cases/${outcome.caseNumber}`}>Go to case {outcome.caseNumber}</Link>
      </p>
      {again ? (
        <button type="button" className="usa-button usa-button--outline" onClick={again}>
          Start another intake
        </button>
      ) : null}
    </Alert>
  );
}

export function NewIntakePage() {
  const { user, today } = useSession();
  const officeScoped = user?.officeId !== null && user?.officeId !== undefined;
  const offices = useGet<Array<{ id: number; code: string; name: string }>>('/api/offices');
  const [form, setForm] = useState<IntakeForm>(() => initialForm(today));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<IntakeOutcome | null>(null);
  const [submitted, setSubmitted] = useState<MemberForm[]>([]);
  const myOffice = offices.data?.find((o) => o.id === user?.officeId);

  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.message;
  const setMember = (key: string, change: Partial<MemberForm>) => setForm((f) => ({ ...f, members: f.members.map((m) => (m.key === key ? { ...m, ...change } : m)) }));
  const setPerson = (key: string, change: Partial<PersonForm>) => setForm((f) => ({ ...f, members: f.members.map((m) => (m.key === key ? { ...m, person: { ...m.person, ...change } } : m)) }));
  const caseTypes = CASE_TYPES_BY_KIND[form.kind];
  useEffect(() => {
    if (form.caseType && !caseTypes.includes(form.caseType)) setForm((f) => ({ ...f, caseType: caseTypes.length === 1 ? caseTypes[0]! : '' }));
    if (form.kind === 'iv_e_referral' && form.hasCustodialParty) setForm((f) => ({ ...f, hasCustodialParty: false }));
  }, [form.kind]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate(form, today, officeScoped);
    setAttempt((a) => a + 1);
    setProblems(found);
    if (found.length) return;
    setBusy(true);
    try {
      const result = await post<IntakeOutcome>('/api/intakes', toInput(form, officeScoped));
      setSubmitted(includedMembers(form));
      setOutcome(result);
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'The server could not be reached.', []);
      setProblems(problemsFromApi(error, (path) => fieldIdFor(form, path), 'kind'));
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setForm(initialForm(today));
    setOutcome(null);
    setProblems([]);
  };

  if (outcome) {
    const memberName = (i: number) => {
      const m = submitted[i];
      return m ? `${m.person.firstName} ${m.person.lastName}` : null;
    };
    return (
      <>
        <PageHeading title="New intake">New intake</PageHeading>
        {outcome.alreadyReceived ? (
          <Alert kind="info" heading="Already received" focus>
            <p>
              This source and id were received before (intake {outcome.intakeId}); nothing new was recorded.{' '}
              {outcome.caseNumber ? <Link to={`/cases/${outcome.caseNumber}`}>Go to case {outcome.caseNumber}</Link> : null}
            </p>
          </Alert>
        ) : outcome.status === 'opened' ? (
          <Opened outcome={outcome} again={reset} />
        ) : (
          <>
            <Alert kind="warning" heading="Someone in this intake may already be on file" focus>
              <p>
                Intake {outcome.intakeId} is waiting for your decision. It must become a case by {formatDate(outcome.dueDate)}. Choose the person on file, or confirm a
                new person, for each member below.
              </p>
            </Alert>
            <DuplicateReview intakeId={outcome.intakeId} proposals={outcome.proposals} memberName={memberName} onResolved={(o) => setOutcome({ ...o, alreadyReceived: false })} />
          </>
        )}
      </>
    );
  }

  const kindOptions = options('intakeKind');
  return (
    <>
      <PageHeading title="New intake">New intake</PageHeading>
      <p className="muted">An application for services or a referral. The case must be opened within 20 calendar days of receipt (45 CFR 303.2(b)).</p>
      <ErrorSummary problems={problems} generation={attempt} />
      <form className="usa-form usa-form--large wide-form" onSubmit={submit} noValidate aria-label="New intake">
        <fieldset className="usa-fieldset">
          <legend className="usa-legend usa-legend--large">The intake</legend>
          <div className="form-row">
            <SelectField id="kind" label="Kind of intake" value={form.kind} onChange={(v) => setForm((f) => ({ ...f, kind: v as IntakeForm['kind'] }))} options={kindOptions} required error={errorOf('kind')} />
            <SelectField
              id="caseType"
              label="Case type"
              value={form.caseType}
              onChange={(v) => setForm((f) => ({ ...f, caseType: v as IntakeForm['caseType'] }))}
              placeholder="Choose"
              options={caseTypes.map((t) => ({ value: t, label: label('caseType', t) }))}
              required
              error={errorOf('caseType')}
            />
            <TextField id="receivedDate" label="Received" type="date" value={form.receivedDate} onChange={(v) => setForm((f) => ({ ...f, receivedDate: v }))} required error={errorOf('receivedDate')} />
          </div>
          <div className="form-row">
            {officeScoped ? (
              <div className="usa-form-group">
                <p className="usa-label" id="office-label">
                  Office
                </p>
                <p className="readonly-value" aria-labelledby="office-label">
                  {myOffice ? `${myOffice.name} (${myOffice.code})` : 'Your office'}
                </p>
              </div>
            ) : (
              <SelectField
                id="officeCode"
                label="Office"
                value={form.officeCode}
                onChange={(v) => setForm((f) => ({ ...f, officeCode: v }))}
                placeholder={offices.data ? 'Choose an office' : 'Loading offices…'}
                options={(offices.data ?? []).map((o) => ({ value: o.code, label: `${o.name} (${o.code})` }))}
                required
                error={errorOf('officeCode')}
              />
            )}
            <TextField id="sourceSystem" label="Source system (referrals)" value={form.sourceSystem} onChange={(v) => setForm((f) => ({ ...f, sourceSystem: v }))} error={errorOf('sourceSystem')} autoComplete="off" />
            <TextField id="externalId" label="Sender’s id (referrals)" hint="The same id from a source is taken once" value={form.externalId} onChange={(v) => setForm((f) => ({ ...f, externalId: v }))} error={errorOf('externalId')} autoComplete="off" />
          </div>
          {form.kind === 'interstate_referral' ? (
            <div className="form-row">
              <TextField id="otherJurisdictionFips" label="Initiating state FIPS" value={form.otherJurisdictionFips} onChange={(v) => setForm((f) => ({ ...f, otherJurisdictionFips: v }))} inputMode="numeric" width="sm" required error={errorOf('otherJurisdictionFips')} />
              <TextField id="otherJurisdictionCaseId" label="Their case id" value={form.otherJurisdictionCaseId} onChange={(v) => setForm((f) => ({ ...f, otherJurisdictionCaseId: v }))} />
            </div>
          ) : null}
        </fieldset>

        {form.members.map((m) => {
          if (m.role === 'custodial_party') {
            return (
              <fieldset className="usa-fieldset member-fieldset" key={m.key}>
                <legend>Custodial party</legend>
                <div className="usa-checkbox margin-top-1">
                  <input className="usa-checkbox__input" id="hasCustodialParty" type="checkbox" checked={!form.hasCustodialParty} onChange={(e) => setForm((f) => ({ ...f, hasCustodialParty: !e.target.checked }))} />
                  <label className="usa-checkbox__label" htmlFor="hasCustodialParty">
                    No custodial party (IV-E foster care: the agency has custody)
                  </label>
                </div>
                {form.hasCustodialParty ? <PersonFields member={m} errorOf={errorOf} onChange={(p) => setPerson(m.key, p)} withAddress withEmployer={false} /> : null}
              </fieldset>
            );
          }
          if (m.role === 'noncustodial_parent' || m.role === 'alleged_father') {
            return (
              <fieldset className="usa-fieldset member-fieldset" key={m.key}>
                <legend>{label('role', m.role)}</legend>
                <RadioGroup
                  name={`${m.key}-role`}
                  legend="Parentage"
                  value={m.role}
                  onChange={(v) => setMember(m.key, { role: v as MemberRole })}
                  options={[
                    { value: 'noncustodial_parent', label: 'Noncustodial parent (parentage known)' },
                    { value: 'alleged_father', label: 'Alleged father (paternity to be established)' },
                  ]}
                />
                <PersonFields member={m} errorOf={errorOf} onChange={(p) => setPerson(m.key, p)} withAddress withEmployer />
              </fieldset>
            );
          }
          const childNumber = form.members.filter((x) => x.role === 'child').indexOf(m) + 1;
          const childCount = form.members.filter((x) => x.role === 'child').length;
          return (
            <fieldset className="usa-fieldset member-fieldset" key={m.key}>
              <legend>{`Child ${childNumber}`}</legend>
              <PersonFields member={m} errorOf={errorOf} onChange={(p) => setPerson(m.key, p)} withAddress={false} withEmployer={false} />
              <div className="form-row">
                <SelectField
                  id={`${m.key}-bornOutOfWedlock`}
                  label="Born to unmarried parents?"
                  value={m.bornOutOfWedlock}
                  onChange={(v) => setMember(m.key, { bornOutOfWedlock: v as MemberForm['bornOutOfWedlock'] })}
                  placeholder="Not known"
                  options={[
                    { value: 'yes', label: 'Yes (paternity must be established)' },
                    { value: 'no', label: 'No' },
                  ]}
                />
              </div>
              {childCount > 1 ? (
                <button type="button" className="usa-button usa-button--unstyled margin-top-2" onClick={() => setForm((f) => ({ ...f, members: f.members.filter((x) => x.key !== m.key) }))}>
                  Remove child {childNumber}
                </button>
              ) : null}
            </fieldset>
          );
        })}
        <button type="button" id="add-child" className="usa-button usa-button--outline margin-top-2" onClick={() => setForm((f) => ({ ...f, members: [...f.members, newMember('child')] }))}>
          Add another child
        </button>
        {errorOf('add-child') ? <p className="usa-error-message">{errorOf('add-child')}</p> : null}
        <div className="actions margin-top-4">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? 'Receiving…' : 'Receive intake'}
          </button>
        </div>
      </form>
    </>
  );
}

/** A pending intake from the worklist: what arrived, who it may be, and the decision. */
export function ReviewIntakePage({ intakeId }: { intakeId: number }) {
  const pending = useGet<PendingIntake[]>('/api/intakes/pending');
  const navigate = useNavigate();
  const intake = useMemo(() => pending.data?.find((p) => p.intakeId === intakeId) ?? null, [pending.data, intakeId]);
  const [outcome, setOutcome] = useState<IntakeOutcome | null>(null);
  return (
    <>
      <PageHeading title={`Duplicate review: intake ${intakeId}`}>Duplicate review: intake {intakeId}</PageHeading>
      {outcome ? <Opened outcome={outcome} /> : null}
      {!outcome && pending.error ? <ApiErrorAlert error={pending.error} heading="The intake could not be loaded" /> : null}
      {!outcome && !pending.data && !pending.error ? <Loading /> : null}
      {!outcome && pending.data && !intake ? (
        <Alert kind="info" heading="Nothing to decide">
          <p>
            Intake {intakeId} is not waiting for a decision (it may have been decided already). <Link to="/worklist">Back to the worklist</Link>
          </p>
        </Alert>
      ) : null}
      {!outcome && intake ? (
        <>
          <Facts
            items={[
              ['Kind', label('intakeKind', intake.kind)],
              ['From', `${intake.sourceSystem} ${intake.externalId}`],
              ['Received', formatDate(intake.receivedDate)],
              ['Open the case by', formatDate(intake.dueDate)],
            ]}
          />
          <p>For each member below, the persons already on file that may be the same person. Choose the person on file, or confirm a different person.</p>
          <DuplicateReview
            intakeId={intake.intakeId}
            proposals={intake.proposals}
            memberName={() => null}
            onResolved={(o) => {
              if (o.caseNumber) navigate(`/cases/${o.caseNumber}`, { flash: `Intake ${intakeId} decided: case ${o.caseNumber} is open.` });
              else setOutcome(o);
            }}
          />
        </>
      ) : null}
    </>
  );
}
