/**
 * Pure rules for persons: name keys and duplicate detection. Duplicate detection proposes matches; it
 * never merges or creates on its own.
 */

/** Upper-case letters only, so "O'Brien-Smith" and "obrien smith" compare equal. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
}

/** American Soundex (the census variant: H and W do not separate equal codes). */
export function soundex(name: string): string {
  const key = nameKey(name);
  if (!key) return '0000';
  const codes: Record<string, string> = {
    B: '1', F: '1', P: '1', V: '1',
    C: '2', G: '2', J: '2', K: '2', Q: '2', S: '2', X: '2', Z: '2',
    D: '3', T: '3', L: '4', M: '5', N: '5', R: '6',
  };
  let out = key[0]!;
  let previous = codes[key[0]!] ?? '';
  for (const ch of key.slice(1)) {
    const code = codes[ch] ?? '';
    if (code && code !== previous) out += code;
    if (ch !== 'H' && ch !== 'W') previous = code;
    if (out.length === 4) break;
  }
  return out.padEnd(4, '0');
}

export type MatchReason = 'ssn' | 'name_dob' | 'alias_dob' | 'soundex_dob';

export interface CandidateFacts {
  personId: number;
  lastNameKey: string;
  firstNameKey: string;
  lastNameSoundex: string;
  dateOfBirth: string | null;
  ssnMatches: boolean;
  /** Alias name keys on file for this person. */
  aliases: ReadonlyArray<{ lastNameKey: string; firstNameKey: string }>;
}

export interface ProbeFacts {
  lastName: string;
  firstName: string;
  dateOfBirth: string | null;
}

/**
 * Why a person on file may be the person being entered, or null when not. SSN first; without an SSN
 * match, the same date of birth and the same first initial with the same last name, a known alias, or
 * a last name that sounds alike. A different SSN on file does not rule a candidate out: mistyped SSNs
 * are common, and a worker decides.
 */
export function matchReason(probe: ProbeFacts, candidate: CandidateFacts): MatchReason | null {
  if (candidate.ssnMatches) return 'ssn';
  if (!probe.dateOfBirth || candidate.dateOfBirth !== probe.dateOfBirth) return null;
  const last = nameKey(probe.lastName);
  const first = nameKey(probe.firstName);
  const initial = first.slice(0, 1);
  if (!initial) return null;
  if (candidate.lastNameKey === last && candidate.firstNameKey.startsWith(initial)) return 'name_dob';
  if (candidate.aliases.some((a) => a.lastNameKey === last && a.firstNameKey.startsWith(initial))) return 'alias_dob';
  if (candidate.lastNameSoundex === soundex(probe.lastName) && candidate.firstNameKey === first) return 'soundex_dob';
  return null;
}
