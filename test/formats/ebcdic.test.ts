/**
 * EBCDIC (CP037) at the file edge: OCSE's FCR and Federal Offset files written as EBCDIC fixed-length
 * records and read back give the same records; known characters have their CP037 bytes; a file with
 * EBCDIC line ends is read too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { decodeFile, ebcdicToText, encodeFile, textToEbcdic } from '../../src/formats/ebcdic.ts';
import { parseCollectionFile, parseSubmissionFile } from '../../src/formats/fop/fop.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');

test('CP037 bytes of known characters', () => {
  assert.deepEqual([...textToEbcdic('A0 z$-.\n')], [0xc1, 0xf0, 0x40, 0xa9, 0x5b, 0x60, 0x4b]);
  assert.equal(ebcdicToText(Uint8Array.from([0xc1, 0xf0, 0x40, 0xa9]), 4), 'A0 z\n');
  assert.throws(() => textToEbcdic('é\n'), /no EBCDIC/);
});

test('round trip: the Federal Offset submission and collection files through EBCDIC read the same', () => {
  for (const name of ['fop-submission.txt', 'fop-collections.txt']) {
    const text = fixture(name);
    const ebcdic = encodeFile(text, 'ebcdic') as Uint8Array;
    assert.equal(ebcdic.length, 245 * text.split('\n').filter(Boolean).length, 'fixed-length records, no line breaks');
    assert.equal(decodeFile(ebcdic, 'ebcdic', 245), text);
  }
  const back = parseCollectionFile(decodeFile(encodeFile(fixture('fop-collections.txt'), 'ebcdic') as Uint8Array, 'ebcdic', 245));
  assert.ok(back.ok, JSON.stringify(back));
  assert.equal(back.value[0]!.collection_cents, 120000);
  assert.ok(parseSubmissionFile(decodeFile(encodeFile(fixture('fop-submission.txt'), 'ebcdic') as Uint8Array, 'ebcdic', 245)).ok);
});

test('records ended by the EBCDIC new line are read too; ASCII passes through', () => {
  const withNl = Uint8Array.from([0xc1, 0xc2, 0x15, 0xc3, 0xc4, 0x15]);
  assert.equal(ebcdicToText(withNl, 245), 'AB\nCD\n');
  assert.equal(decodeFile(Buffer.from('AB\n', 'latin1'), 'ascii', 2), 'AB\n');
});

test('property: any printable ASCII records survive the round trip', () => {
  const record = fc.array(fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), { minLength: 20, maxLength: 20 }).map((cs) => cs.join(''));
  fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), (records) => {
    const text = records.map((r) => `${r}\n`).join('');
    return ebcdicToText(textToEbcdic(text), 20) === text;
  }));
});
