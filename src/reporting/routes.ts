/**
 * Federal report routes under /api/reports (auditors, administrators, supervisors). JSON shaped for the
 * workstation's charts: every OCSE-157 line with its confidence and a drill-down URL, the OCSE-34 lines
 * with columns, the measures with credit and penalty tests, and timeframe compliance by kind.
 */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { commonErrors, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { IsoDate, MoneyString, Nullable, StringEnum, Type } from '../kernel/schema.ts';
import { parseCents } from '../kernel/money.ts';
import { fail } from '../kernel/result.ts';
import { ocse157Line, ocse157Report, ocse34Report, performanceMeasures, timeframeReport } from './service.ts';
import { CASE_FACTS, recordCaseFact, recordStatewideInput } from './inputs.ts';

const Year = Type.Integer({ minimum: 1990, maximum: 2100, description: 'federal fiscal year (FFY 2026 runs 2025-10-01 to 2026-09-30)' });
const OfficeCode = Type.Optional(Type.String({ maxLength: 20, description: 'one office (statewide roles); a supervisor always gets their own' }));
const Columns = Type.Object({ A: Type.Integer(), B: Type.Integer(), C: Type.Integer(), D: Type.Integer(), E: Type.Integer(), F: Type.Integer(), G: Type.Integer() });

const Line157 = Type.Object({
  line: Type.String(),
  label: Type.String(),
  unit: Type.String(),
  value: Nullable(Type.Integer()),
  confidence: Type.String(),
  source: Type.String(),
  counts: Type.String(),
  drillDown: Nullable(Type.String()),
  basis: Type.String({ description: 'counted from the records, or entered (statewide vital statistics)' }),
});

const DrillRowSchema = Type.Object({
  caseId: Type.Optional(Type.Integer()),
  caseNumber: Type.Optional(Type.String()),
  caseType: Type.Optional(Type.String()),
  officeCode: Type.Optional(Type.String()),
  personId: Type.Optional(Type.Integer()),
  name: Type.Optional(Type.String()),
  caseNumbers: Type.Optional(Type.Array(Type.String())),
  amountCents: Type.Optional(Type.Integer()),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

const PenaltySchema = Type.Object({ measure: Type.String(), applies: Type.Boolean(), passed: Nullable(Type.Boolean()), standard: Type.String(), detail: Type.String() });

export async function reportingRoutes(app: App, deps: Deps) {
  app.get(
    '/reports/ocse157',
    {
      config: { access: { data: 'program', permission: 'report.read' }, purpose: 'federal reporting' },
      schema: {
        tags: ['reports'],
        summary: 'OCSE-157 annual data report: every line with its value, confidence, what it counts, and a drill-down URL',
        querystring: Type.Object({ year: Year, officeCode: OfficeCode }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            form: Type.String(), fiscalYear: Type.Integer(), periodStart: Type.String(), periodEnd: Type.String(),
            scope: Type.Object({ officeCode: Nullable(Type.String()) }),
            lines: Type.Array(Type.Object({ ...Line157.properties, drillDownUrl: Nullable(Type.String()) })),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await ocse157Report(deps, contextOf(deps, request), request.query.year, request.query.officeCode)),
  );

  app.get(
    '/reports/ocse157/lines/:line',
    {
      config: { access: { data: 'program', permission: 'report.read' }, purpose: 'federal reporting audit' },
      schema: {
        tags: ['reports'],
        summary: 'The cases (or children) behind one OCSE-157 line, with the amount each contributes to money lines',
        params: Type.Object({ line: Type.String({ pattern: '^[0-9]{1,2}[a-z]?$' }) }),
        querystring: Type.Object({ year: Year, officeCode: OfficeCode }, { additionalProperties: false }),
        response: { 200: Type.Object({ fiscalYear: Type.Integer(), line: Line157, scope: Type.Object({ officeCode: Nullable(Type.String()) }), rows: Type.Array(DrillRowSchema) }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await ocse157Line(deps, contextOf(deps, request), request.query.year, request.params.line, request.query.officeCode)),
  );

  app.get(
    '/reports/ocse34',
    {
      config: { access: { data: 'program', permission: 'report.read' }, purpose: 'federal reporting' },
      schema: {
        tags: ['reports'],
        summary: "OCSE-34 Part 1 for a quarter of a federal fiscal year (the reader's IV-D program): collections by source, distribution, undistributed",
        querystring: Type.Object({ year: Year, quarter: Type.Integer({ minimum: 1, maximum: 4 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            form: Type.String(), fiscalYear: Type.Integer(), quarter: Type.Integer(), periodStart: Type.String(), periodEnd: Type.String(),
            lines: Type.Array(Type.Object({ line: Type.String(), label: Type.String(), amountCents: Type.Integer(), columns: Type.Optional(Columns), note: Type.Optional(Type.String()) })),
            checks: Type.Array(Type.Object({ name: Type.String(), ok: Type.Boolean(), detail: Type.String() })),
            notes: Type.Array(Type.String()),
            scope: Type.Optional(Type.Object({ programCode: Type.Union([Type.String(), Type.Null()]) })),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await ocse34Report(deps, contextOf(deps, request), request.query.year, request.query.quarter as 1 | 2 | 3 | 4)),
  );

  app.get(
    '/reports/performance',
    {
      config: { access: { data: 'program', permission: 'report.read' }, purpose: 'federal reporting' },
      schema: {
        tags: ['reports'],
        summary: 'The five federal performance measures with applicable percentages (658a(b)(6)), incentive base and penalty tests',
        querystring: Type.Object(
          {
            year: Year,
            officeCode: OfficeCode,
            expenditures: Type.Optional(MoneyString({ description: 'IV-D expenditures for the year (OCSE-396), for cost-effectiveness' })),
            pep: Type.Optional(StringEnum(['iv_d', 'statewide'] as const, { description: 'the paternity measure the State reports: IV-D PEP (default) or statewide PEP' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            fiscalYear: Type.Integer(),
            scope: Type.Object({ officeCode: Nullable(Type.String()) }),
            collectionsBase: Nullable(Type.Object({ assistanceCents: Type.Integer(), otherCents: Type.Integer(), baseCents: Type.Integer() })),
            measures: Type.Array(
              Type.Object({
                measure: Type.String(), label: Type.String(), lines: Type.String(), numerator: Nullable(Type.Integer()), denominator: Nullable(Type.Integer()),
                value: Nullable(Type.Number()), priorValue: Nullable(Type.Number()), credit: Type.Integer(), creditBasis: Type.String(),
                maximumBaseCents: Type.Integer(), earnedBaseCents: Type.Integer(), penalty: PenaltySchema, consecutiveFailures: Type.Integer(), penaltyRange: Nullable(Type.String()),
              }),
            ),
            incentiveBaseCents: Nullable(Type.Integer()),
            notes: Type.Array(Type.String()),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const expenditures = request.query.expenditures === undefined ? undefined : parseCents(request.query.expenditures);
      if (expenditures === null || (expenditures !== undefined && expenditures <= 0)) return send(reply, fail('VALIDATION_FAILED', undefined, [{ path: '?expenditures', message: 'must be a positive amount, e.g. "1250000.00"' }]));
      return send(reply, await performanceMeasures(deps, contextOf(deps, request), request.query.year, { expendituresCents: expenditures, officeCode: request.query.officeCode, pep: request.query.pep }));
    },
  );

  app.get(
    '/reports/timeframes',
    {
      config: { access: { data: 'program', permission: 'report.read' }, purpose: 'federal reporting' },
      schema: {
        tags: ['reports'],
        summary: 'Timeframe compliance by kind for clocks due in a period: met on time, met late, overdue, open',
        querystring: Type.Object({ from: IsoDate(), to: IsoDate(), officeCode: OfficeCode }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            from: Type.String(), to: Type.String(), asOf: Type.String(), scope: Type.Object({ officeCode: Nullable(Type.String()) }),
            kinds: Type.Array(Type.Object({ kind: Type.String(), regulation: Type.String(), title: Type.String(), metOnTime: Type.Integer(), metLate: Type.Integer(), overdue: Type.Integer(), open: Type.Integer(), cancelled: Type.Integer() })),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await timeframeReport(deps, contextOf(deps, request), request.query.from, request.query.to, request.query.officeCode)),
  );

  app.put(
    '/reports/statewide-input/:year',
    {
      config: { access: { data: 'program', permission: 'report.read' }, purpose: 'federal reporting input' },
      schema: {
        tags: ['reports'],
        summary: 'Enter the statewide vital-statistics figures of a fiscal year (OCSE-157 lines 8, 8a of the next year, and 9); administrators',
        params: Type.Object({ year: Year }),
        body: Type.Object(
          {
            birthsOutOfWedlock: Type.Optional(Nullable(Type.Integer({ minimum: 0, description: 'children born out of wedlock in the State during the fiscal year' }))),
            paternitiesEstablished: Type.Optional(Nullable(Type.Integer({ minimum: 0, description: 'children in the State with paternity established or acknowledged during the fiscal year' }))),
            source: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ fiscalYear: Type.Integer(), birthsOutOfWedlock: Nullable(Type.Integer()), paternitiesEstablished: Nullable(Type.Integer()), source: Type.String() }), ...commonErrors },
      },
    },
    async (request, reply) =>
      send(reply, await recordStatewideInput(deps, contextOf(deps, request), { fiscalYear: request.params.year, birthsOutOfWedlock: request.body.birthsOutOfWedlock ?? null, paternitiesEstablished: request.body.paternitiesEstablished ?? null, source: request.body.source })),
  );

  app.post(
    '/reports/case-facts',
    {
      config: { access: { data: 'case', permission: 'case.write' }, purpose: 'federal reporting input' },
      schema: {
        tags: ['reports'],
        summary: 'Record a dated case fact for the OCSE-157: no jurisdiction (line 3) or health insurance provided (lines 21a, 23)',
        body: Type.Object(
          {
            caseNumber: Type.String({ minLength: 1, maxLength: 20 }),
            fact: StringEnum(CASE_FACTS),
            fromDate: IsoDate(),
            throughDate: Type.Optional(Nullable(IsoDate())),
            source: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.Integer(), caseNumber: Type.String(), fact: Type.String(), fromDate: Type.String(), throughDate: Nullable(Type.String()) }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await recordCaseFact(deps, contextOf(deps, request), { ...request.body, throughDate: request.body.throughDate ?? null }), 201),
  );
}
