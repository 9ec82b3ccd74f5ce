import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchReason, nameKey, soundex } from '../../src/participants/rules.ts';

test('name keys ignore case, accents and punctuation', () => {
  assert.equal(nameKey("O'Brien-Smith"), 'OBRIENSMITH');
  assert.equal(nameKey('José'), 'JOSE');
});

test('Soundex codes follow the census rules', () => {
  assert.equal(soundex('Robert'), 'R163');
  assert.equal(soundex('Rupert'), 'R163');
  assert.equal(soundex('Ashcraft'), 'A261');
  assert.equal(soundex('Tymczak'), 'T522');
  assert.equal(soundex('Pfister'), 'P236');
  assert.equal(soundex('Lee'), 'L000');
});

const candidate = { personId: 1, lastNameKey: 'REYES', firstNameKey: 'DANIEL', lastNameSoundex: soundex('Reyes'), dateOfBirth: '1988-07-02', ssnMatches: false, aliases: [] };

test('SSN first, then name and date of birth, then aliases and sound-alike names', () => {
  assert.equal(matchReason({ firstName: 'X', lastName: 'Y', dateOfBirth: null }, { ...candidate, ssnMatches: true }), 'ssn');
  assert.equal(matchReason({ firstName: 'Dan', lastName: 'Reyes', dateOfBirth: '1988-07-02' }, candidate), 'name_dob');
  assert.equal(matchReason({ firstName: 'Daniel', lastName: 'Reis', dateOfBirth: '1988-07-02' }, candidate), 'soundex_dob');
  assert.equal(
    matchReason({ firstName: 'Daniel', lastName: 'Cruz', dateOfBirth: '1988-07-02' }, { ...candidate, aliases: [{ lastNameKey: 'CRUZ', firstNameKey: 'DANIEL' }] }),
    'alias_dob',
  );
});

test('no match on another birth date or another first initial', () => {
  assert.equal(matchReason({ firstName: 'Daniel', lastName: 'Reyes', dateOfBirth: '1988-07-03' }, candidate), null);
  assert.equal(matchReason({ firstName: 'Luis', lastName: 'Reyes', dateOfBirth: '1988-07-02' }, candidate), null);
  assert.equal(matchReason({ firstName: 'Daniel', lastName: 'Reyes', dateOfBirth: null }, candidate), null);
});
