/**
 * Protection of personal identifiers. SSNs are encrypted at rest (AES-256-GCM), found by a keyed hash
 * (HMAC-SHA-256, a "blind index") and shown masked unless the viewer's role may see them.
 *
 * The data key comes from CSE_DATA_KEY (64 hex characters). Without it a key file is created once in
 * the data folder with owner-only permissions; a production install sets the variable from its vault.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DataKeys {
  encryption: Buffer;
  index: Buffer;
}

export function deriveKeys(master: Buffer): DataKeys {
  if (master.length !== 32) throw new Error('the data key must be 32 bytes (64 hex characters)');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { encryption: derive('opencse pii encryption v1'), index: derive('opencse pii blind index v1') };
}

/** Reads CSE_DATA_KEY, or the key file (created on first use) beside the embedded database. */
export function loadDataKeys(keyFile: string): DataKeys {
  const fromEnv = process.env.CSE_DATA_KEY;
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('CSE_DATA_KEY must be 64 hex characters');
    return deriveKeys(Buffer.from(fromEnv, 'hex'));
  }
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  return deriveKeys(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex'));
}

/** Encrypts text as "v1.<iv>.<tag>.<ciphertext>" (base64url parts). */
export function encryptText(keys: DataKeys, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function decryptText(keys: DataKeys, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown ciphertext format');
  const decipher = createDecipheriv('aes-256-gcm', keys.encryption, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

export function blindIndex(keys: DataKeys, value: string): string {
  return createHmac('sha256', keys.index).update(value).digest('hex');
}

/** Strips punctuation: "123-45-6789" and "123 45 6789" both become "123456789". */
export function normalizeSsn(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/**
 * Checks an SSN against the Social Security Administration's never-issued patterns: area 000, 666 or
 * 900-999, group 00, serial 0000, and numbers known to be invalid from public misuse (advertising samples).
 */
export function ssnProblem(ssn: string): string | null {
  if (!/^\d{9}$/.test(ssn)) return 'an SSN has nine digits';
  const area = ssn.slice(0, 3);
  if (area === '000' || area === '666' || area >= '900') return `area number ${area} is never issued`;
  if (ssn.slice(3, 5) === '00') return 'group number 00 is never issued';
  if (ssn.slice(5) === '0000') return 'serial number 0000 is never issued';
  if (ssn === '078051120' || ssn === '219099999' || ssn === '123456789') return 'this SSN is a known invalid (sample) number';
  return null;
}

export function maskSsn(last4: string | null): string | null {
  return last4 ? `***-**-${last4}` : null;
}

export function formatSsn(ssn: string): string {
  return `${ssn.slice(0, 3)}-${ssn.slice(3, 5)}-${ssn.slice(5)}`;
}
