import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkLayout, decode, defineLayout, encode, isoToYymmdd, yymmddToIso, type RecordLayout } from '../../src/formats/fixed-width.ts';

const SAMPLE = defineLayout({
  key: 'sample',
  title: 'Sample (record type S)',
  length: 40,
  fields: [
    { name: 'record_type', start: 1, length: 1, kind: 'constant', value: 'S' },
    { name: 'name', start: 2, length: 10, kind: 'alpha', required: true },
    { name: 'amount', start: 12, length: 8, kind: 'numeric' },
    { name: 'routing', start: 20, length: 9, kind: 'digits' },
    { name: 'date', start: 29, length: 6, kind: 'date_yymmdd' },
    { name: 'time', start: 35, length: 4, kind: 'time_hhmm', required: false },
    { name: 'flag', start: 39, length: 1, kind: 'alpha', allowed: ['Y', 'N'] },
    { name: 'reserved', start: 40, length: 1, kind: 'blank' },
  ],
});

const SECRET = defineLayout({
  key: 'secret',
  title: 'Secret (record type X)',
  length: 10,
  fields: [
    { name: 'record_type', start: 1, length: 1, kind: 'constant', value: 'X' },
    { name: 'ssn', start: 2, length: 9, kind: 'digits', sensitive: true },
  ],
});

test('encode justifies alpha left with spaces and numbers right with zeros, to the exact length', () => {
  const r = encode({ name: 'ANN', amount: 4500, routing: '091000019', date: '2025-01-10', time: '0930', flag: 'Y' }, SAMPLE);
  assert.ok(r.ok);
  assert.equal(r.value, 'SANN       00004500091000019250110' + '0930Y ');
  assert.equal(r.value.length, 40);
  // Optional fields left out are blank; numeric strings are accepted as digits.
  const r2 = encode({ name: 'B', amount: '7', routing: '1', date: '1999-12-31' }, SAMPLE);
  assert.ok(r2.ok);
  assert.equal(r2.value, 'SB         00000007000000001991231' + '      ');
});

test('encode refuses values that do not fit, wrong kinds and characters outside printable ASCII', () => {
  const cases: [Record<string, string | number | undefined>, string][] = [
    [{ name: 'ELEVEN CHARS', amount: 1, routing: '1', date: '2025-01-01' }, 'name'],
    [{ name: 'A', amount: 123456789, routing: '1', date: '2025-01-01' }, 'amount'],
    [{ name: 'A', amount: -1, routing: '1', date: '2025-01-01' }, 'amount'],
    [{ name: 'A', amount: 1.5, routing: '1', date: '2025-01-01' }, 'amount'],
    [{ name: 'A', amount: '12a', routing: '1', date: '2025-01-01' }, 'amount'],
    [{ name: 'A', amount: 1, routing: '1', date: '2025-02-30' }, 'date'],
    [{ name: 'A', amount: 1, routing: '1', date: '2080-01-01' }, 'date'],
    [{ name: 'A', amount: 1, routing: '1', date: '2025-01-01', time: '2460' }, 'time'],
    [{ name: 'A\u0001', amount: 1, routing: '1', date: '2025-01-01' }, 'name'],
    [{ name: 'A\u007f', amount: 1, routing: '1', date: '2025-01-01' }, 'name'],
    [{ name: 'ANDRÉ', amount: 1, routing: '1', date: '2025-01-01' }, 'name'],
    [{ name: '   ', amount: 1, routing: '1', date: '2025-01-01' }, 'name'],
    [{ name: 'A', amount: 1, routing: '1', date: '2025-01-01', flag: 'X' }, 'flag'],
    [{ name: 'A', amount: 1, routing: '1', date: '2025-01-01', reserved: 'Z' }, 'reserved'],
    [{ name: 'A', amount: 1, routing: '1', date: '2025-01-01', record_type: 'T' }, 'record_type'],
    [{ name: 'A', routing: '1', date: '2025-01-01' }, 'amount'],
  ];
  for (const [values, field] of cases) {
    const r = encode(values, SAMPLE);
    assert.equal(r.ok, false, JSON.stringify(values));
    if (r.ok) continue;
    assert.equal(r.details?.[0]?.path, `sample/${field}`, JSON.stringify(values));
    assert.match(r.details![0]!.message, /^Sample \(record type S\), \w+ \(positions? \d+(-\d+)?\): /);
  }
});

test('decode names the record type, the field and its positions in every problem', () => {
  const good = 'SANN       00004500091000019250110' + '0930Y ';
  const r = decode(good, SAMPLE, { line: 7 });
  assert.ok(r.ok);
  assert.deepEqual(r.value, { name: 'ANN', amount: 4500, routing: '091000019', date: '2025-01-10', time: '0930', flag: 'Y' });

  const bad = 'TANN       0000A500091000019251310' + '0960X!';
  const f = decode(bad, SAMPLE, { line: 7 });
  assert.equal(f.ok, false);
  if (f.ok) return;
  const byPath = new Map(f.details!.map((d) => [d.path, d]));
  assert.deepEqual([...byPath.keys()].sort(), ['sample/amount', 'sample/date', 'sample/flag', 'sample/record_type', 'sample/reserved', 'sample/time']);
  for (const d of f.details!) assert.equal(d.line, 7);
  assert.equal(byPath.get('sample/amount')!.message, "Sample (record type S), amount (positions 12-19): must be digits (right-justified, zero-filled), found '0000A500'");
  assert.equal(byPath.get('sample/date')!.message, "Sample (record type S), date (positions 29-34): must be a real date YYMMDD, found '251310'");
  assert.equal(byPath.get('sample/reserved')!.message, "Sample (record type S), reserved (position 40): is reserved and must be blank, found '!'");

  const short = decode(good.slice(1), SAMPLE, { line: 3 });
  assert.equal(short.ok, false);
  if (!short.ok) assert.deepEqual(short.details, [{ path: 'sample', line: 3, message: 'Sample (record type S): the record is 39 characters long; it must be exactly 40' }]);

  const ctl = decode('SAN\u0000       00004500091000019250110' + '0930Y ', SAMPLE);
  assert.equal(ctl.ok, false);
  if (!ctl.ok) assert.match(ctl.details![0]!.message, /name \(positions 2-11\): holds character 0x00 at position 4/);
});

test('a sensitive field is never echoed in an error', () => {
  const r = decode('X12345678A', SECRET);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.ok(!r.details![0]!.message.includes('12345678'));
  assert.match(r.details![0]!.message, /ssn \(positions 2-10\): must be digits/);
});

test('a layout must tile its record exactly; defineLayout refuses a broken table', () => {
  const base: RecordLayout = { key: 't', title: 'T', length: 10, fields: [{ name: 'a', start: 1, length: 4, kind: 'alpha' }, { name: 'b', start: 5, length: 6, kind: 'numeric' }] };
  assert.deepEqual(checkLayout(base), []);
  const gap = { ...base, fields: [{ name: 'a', start: 1, length: 4, kind: 'alpha' as const }, { name: 'b', start: 6, length: 5, kind: 'numeric' as const }] };
  assert.match(checkLayout(gap).join(), /b: starts at 6 but the previous field ends at 4/);
  const overlap = { ...base, fields: [{ name: 'a', start: 1, length: 5, kind: 'alpha' as const }, { name: 'b', start: 5, length: 6, kind: 'numeric' as const }] };
  assert.match(checkLayout(overlap).join(), /b: starts at 5 but the previous field ends at 5/);
  const short = { ...base, length: 11 };
  assert.match(checkLayout(short).join(), /fields end at 10 but the record is 11 long/);
  const badConstant = { ...base, fields: [{ name: 'a', start: 1, length: 4, kind: 'constant' as const, value: 'ABC' }, base.fields[1]!] };
  assert.match(checkLayout(badConstant).join(), /a constant needs a value of exactly 4/);
  assert.throws(() => defineLayout(gap), /bad record layout/);
});

test('two-digit years use the window 1980-2079', () => {
  assert.equal(yymmddToIso('250110'), '2025-01-10');
  assert.equal(yymmddToIso('791231'), '2079-12-31');
  assert.equal(yymmddToIso('800101'), '1980-01-01');
  assert.equal(yymmddToIso('000229'), '2000-02-29');
  assert.equal(yymmddToIso('250229'), null);
  assert.equal(yymmddToIso('25011'), null);
  assert.equal(isoToYymmdd('2079-12-31'), '791231');
  assert.equal(isoToYymmdd('2080-01-01'), null);
  assert.equal(isoToYymmdd('1979-12-31'), null);
});

test('encode then decode gives back the same values (property)', () => {
  const alpha = fc
    .array(fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), { minLength: 1, maxLength: 10 })
    .map((a) => a.join('').trimEnd())
    .filter((s) => s.trim() !== '');
  fc.assert(
    fc.property(
      alpha,
      fc.integer({ min: 0, max: 99_999_999 }),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).map((d) => d.join('')),
      fc.integer({ min: 0, max: 36524 }).map((n) => new Date(Date.UTC(1980, 0, 1 + n)).toISOString().slice(0, 10)),
      fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}${String(m).padStart(2, '0')}`), { nil: undefined }),
      fc.constantFrom('Y', 'N'),
      (name, amount, routing, date, time, flag) => {
        const values = { name, amount, routing, date, time, flag };
        const e = encode(values, SAMPLE);
        assert.ok(e.ok);
        assert.equal(e.value.length, 40);
        const d = decode(e.value, SAMPLE);
        assert.ok(d.ok);
        assert.deepEqual(d.value, values);
      },
    ),
  );
});
