/**
 * Printable ASCII for the federal and banking layouts, which allow nothing else (0x20-0x7E): names and
 * addresses on file may carry accents or other letters (MÜLLER, PEÑA, ŁUKASZ, O’BRIEN). Where a layout
 * needs ASCII the writer transliterates (ü -> U after upper-casing, ß -> SS, Ø -> O, ’ -> ') rather than
 * writing '?' or refusing the whole file; only text that still cannot be written (a name in a script with
 * no Latin form, a control character) is refused, and the writer holds just that record.
 */

/** Letters that Unicode does not decompose into a base letter and a mark. */
const SPECIAL: Readonly<Record<string, string>> = Object.freeze({
  ß: 'ss', ẞ: 'SS', Æ: 'AE', æ: 'ae', Œ: 'OE', œ: 'oe', Ø: 'O', ø: 'o', Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ð: 'D', ð: 'd',
  Þ: 'TH', þ: 'th', Ħ: 'H', ħ: 'h', ı: 'i', Ŀ: 'L', ŀ: 'l', Ŧ: 'T', ŧ: 't', ĸ: 'k', ŉ: "'n",
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u02BC': "'", '\u00B4': "'", '\u0060': '`',
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-',
  '\u00A0': ' ', '\u2007': ' ', '\u202F': ' ', '\u2026': '...', '\u00BA': 'o', '\u00AA': 'a',
});

/** Combining marks (accents) left after canonical decomposition. */
const MARKS = /[\u0300-\u036f]/g;

export function isPrintableAsciiText(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/**
 * The text in printable ASCII, letters transliterated; null when some character has no ASCII form.
 * ASCII text comes back unchanged.
 */
export function toAscii(text: string): string | null {
  if (isPrintableAsciiText(text)) return text;
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (/[\x20-\x7e]/.test(ch)) {
      out += ch;
      continue;
    }
    const special = SPECIAL[ch];
    if (special !== undefined) {
      out += special;
      continue;
    }
    const base = ch.normalize('NFD').replace(MARKS, '');
    if (base !== ch && isPrintableAsciiText(base)) {
      out += base;
      continue;
    }
    return null;
  }
  return out;
}

/** `toAscii`, upper-cased and cut to `width`; null when the text has no ASCII form. */
export function asciiUpper(text: string | null | undefined, width: number): string | null {
  const ascii = toAscii((text ?? '').toUpperCase());
  return ascii === null ? null : ascii.slice(0, width);
}
