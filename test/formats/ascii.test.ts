import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { asciiUpper, toAscii } from '../../src/formats/ascii.ts';

test('letters with accents and special Latin letters are transliterated; other scripts have no ASCII form', () => {
  assert.equal(toAscii('Müller Bäckerei'), 'Muller Backerei');
  assert.equal(toAscii('Peña'), 'Pena');
  assert.equal(asciiUpper('Straße', 20), 'STRASSE');
  assert.equal(toAscii('Łukasz Øster Æbelø'), 'Lukasz Oster AEbelo');
  assert.equal(toAscii('O’Brien – Smith'), "O'Brien - Smith");
  assert.equal(toAscii('José'), 'Jose', 'a decomposed accent (e + U+0301) too');
  assert.equal(toAscii('Завод'), null);
  assert.equal(toAscii('tab\there'), null, 'a control character has no printable form');
  assert.equal(asciiUpper('abcdef', 3), 'ABC');
});

test('property: ASCII text is unchanged, and any result is printable ASCII', () => {
  fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }), (s) => toAscii(s) === s));
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
    const a = toAscii(s);
    return a === null || /^[\x20-\x7e]*$/.test(a);
  }));
});
