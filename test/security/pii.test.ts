import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blindIndex, decryptText, deriveKeys, encryptText, maskSsn, ssnProblem } from '../../src/security/pii.ts';

const keys = deriveKeys(Buffer.alloc(32, 1));

test('SSNs are encrypted with a fresh nonce and decrypt back', () => {
  const a = encryptText(keys, '318224410');
  const b = encryptText(keys, '318224410');
  assert.notEqual(a, b);
  assert.ok(!a.includes('318224410'));
  assert.equal(decryptText(keys, a), '318224410');
});

test('a tampered ciphertext is refused, and another key cannot read it', () => {
  const sealed = encryptText(keys, '318224410');
  const parts = sealed.split('.');
  parts[3] = Buffer.from('xxxxxxxxx').toString('base64url');
  assert.throws(() => decryptText(keys, parts.join('.')));
  assert.throws(() => decryptText(deriveKeys(Buffer.alloc(32, 2)), sealed));
});

test('the blind index is stable per key and different across keys', () => {
  assert.equal(blindIndex(keys, '318224410'), blindIndex(keys, '318224410'));
  assert.notEqual(blindIndex(keys, '318224410'), blindIndex(deriveKeys(Buffer.alloc(32, 2)), '318224410'));
});

test('never-issued SSN patterns are refused', () => {
  assert.equal(ssnProblem('318224410'), null);
  for (const bad of ['000123456', '666123456', '900123456', '123006789', '123450000', '078051120', '12345678']) assert.ok(ssnProblem(bad), bad);
});

test('masking shows only the last four', () => {
  assert.equal(maskSsn('4410'), '***-**-4410');
  assert.equal(maskSsn(null), null);
});
