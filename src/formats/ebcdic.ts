/**
 * EBCDIC at the file edge. OCSE's FCR, NDNH and Federal Offset files travel in EBCDIC ("all data must
 * be in EBCDIC", the FOP E-charts and the NDNH W-4 guide); the codecs work on text, so the conversion
 * happens only where a file is written to or read from disk (the CLI's `--encoding ebcdic`), never in the
 * codecs or the database (which keep the ASCII text).
 *
 * Code page 037 (US/Canada), the printable range only: the records hold printable ASCII, and every such
 * character has one CP037 byte. An EBCDIC file is written as fixed-length records with no line breaks
 * (RECFM=FB, what a mainframe data set holds); reading takes either that (split by the record length)
 * or records ended by the EBCDIC new line (0x15) or line feed (0x25).
 */

/** CP037 bytes of ASCII 0x20-0x7E, in order. */
const CP037_PRINTABLE = [
  0x40, 0x5a, 0x7f, 0x7b, 0x5b, 0x6c, 0x50, 0x7d, 0x4d, 0x5d, 0x5c, 0x4e, 0x6b, 0x60, 0x4b, 0x61, // space ! " # $ % & ' ( ) * + , - . /
  0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0x7a, 0x5e, 0x4c, 0x7e, 0x6e, 0x6f, // 0-9 : ; < = > ?
  0x7c, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, // @ A-O
  0xd7, 0xd8, 0xd9, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xba, 0xe0, 0xbb, 0xb0, 0x6d, // P-Z [ \ ] ^ _
  0x79, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, // ` a-o
  0x97, 0x98, 0x99, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xc0, 0x4f, 0xd0, 0xa1, // p-z { | } ~
];

const TO_EBCDIC = new Map<number, number>(CP037_PRINTABLE.map((e, i) => [0x20 + i, e]));
const FROM_EBCDIC = new Map<number, number>(CP037_PRINTABLE.map((e, i) => [e, 0x20 + i]));
const EBCDIC_NL = 0x15;
const EBCDIC_LF = 0x25;

export type FileEncoding = 'ascii' | 'ebcdic';

export function isFileEncoding(s: string): s is FileEncoding {
  return s === 'ascii' || s === 'ebcdic';
}

/**
 * A text file of records (LF or CRLF line ends) as EBCDIC bytes: each record's characters in CP037,
 * records back to back with no line breaks. Throws on a character outside printable ASCII (the writers
 * never produce one: the layouts refuse it).
 */
export function textToEbcdic(text: string): Uint8Array {
  const records = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (records[records.length - 1] === '') records.pop();
  const out = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
  let i = 0;
  for (const record of records) {
    for (let k = 0; k < record.length; k++) {
      const byte = TO_EBCDIC.get(record.charCodeAt(k));
      if (byte === undefined) throw new RangeError(`character 0x${record.charCodeAt(k).toString(16)} has no EBCDIC (CP037) form in this file's printable set`);
      out[i++] = byte;
    }
  }
  return out;
}

/**
 * EBCDIC bytes as the text the readers take (records ended by LF). Records ended by an EBCDIC new line
 * or line feed are split there; otherwise the bytes are fixed-length records of `recordLength`. A byte
 * outside the printable set becomes U+FFFD, which the readers then refuse with its position.
 */
export function ebcdicToText(bytes: Uint8Array, recordLength: number): string {
  const records: string[] = [];
  const hasBreaks = bytes.includes(EBCDIC_NL) || bytes.includes(EBCDIC_LF);
  let current = '';
  const flush = () => {
    records.push(current);
    current = '';
  };
  bytes.forEach((b, i) => {
    if (hasBreaks && (b === EBCDIC_NL || b === EBCDIC_LF)) return flush();
    const c = FROM_EBCDIC.get(b);
    current += c === undefined ? '\uFFFD' : String.fromCharCode(c);
    if (!hasBreaks && (i + 1) % recordLength === 0) flush();
  });
  if (current !== '') flush();
  return records.map((r) => `${r}\n`).join('');
}

/** What to write for `text` in the chosen encoding. */
export function encodeFile(text: string, encoding: FileEncoding): Uint8Array | string {
  return encoding === 'ebcdic' ? textToEbcdic(text) : text;
}

/** The text of a file read in the chosen encoding (ASCII is read as Latin-1, one byte one character). */
export function decodeFile(bytes: Uint8Array, encoding: FileEncoding, recordLength: number): string {
  return encoding === 'ebcdic' ? ebcdicToText(bytes, recordLength) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
