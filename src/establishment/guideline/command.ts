/**
 * What `cse guideline calc FILE.json` prints. The CLI reads the file and writes the returned text;
 * this function does the rest, so it can be tested without a process.
 */
import { ok, type Result } from '../../kernel/result.ts';
import { calculateGuideline } from './calculate.ts';
import { guidelineFailure } from './failures.ts';
import { formatWorksheetText, wrapText } from './format-text.ts';
import { DEFAULT_REGISTRY, summarizeVersion } from './registry.ts';

/** Line and column of a character offset, for JSON syntax errors. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Parses JSON text, turning a syntax error into an INPUT_INVALID failure with a line number. */
export function parseJsonText(text: string): Result<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const where = at ? position(text, Number(at[1])) : null;
    return guidelineFailure('INPUT_INVALID', `The file is not valid JSON: ${message}`, [
      where ? { line: where.line, message: `JSON syntax error at line ${where.line}, column ${where.column}` } : { message: 'JSON syntax error' },
    ]);
  }
}

/**
 * Runs a guideline calculation on the text of an input file and returns the worksheet JSON to print.
 * A worked-example file ({ "input": ..., "expected": ... }, as in docs/guideline-examples) is
 * accepted too: its `input` is calculated. `format: 'text'` returns the terminal layout instead.
 */
export function guidelineCalcCommand(text: string, format: 'json' | 'text' = 'json'): Result<string> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  let doc = parsed.value;
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'input' in doc && 'expected' in doc) {
    doc = (doc as { input: unknown }).input;
  }
  const worksheet = calculateGuideline(doc);
  if (!worksheet.ok) return worksheet;
  return ok(format === 'text' ? formatWorksheetText(worksheet.value) : `${JSON.stringify(worksheet.value, null, 2)}\n`);
}

/**
 * What `cse guideline versions` prints: every guideline version on file, its model and dates, which
 * incomes it can compute and what of the state's rule is not loaded.
 */
export function guidelineVersionsCommand(): string {
  const out: string[] = [];
  for (const v of DEFAULT_REGISTRY.versions.map(summarizeVersion)) {
    out.push(`${v.id}  ${v.state}  ${v.model}  ${v.effectiveFrom} to ${v.effectiveThrough ?? 'no end date'}${v.effectiveDatesConfidence === 'verified' ? '' : ' (dates unverified)'}`);
    out.push(`  ${v.title}`);
    for (const l of wrapText(v.coverage, 96)) out.push(`  ${l}`);
    for (const n of v.notLoaded) for (const [i, l] of wrapText(`Not loaded: ${n}`, 94).entries()) out.push(`${i === 0 ? '  - ' : '    '}${l}`);
    out.push('');
  }
  return `${out.join('\n')}`;
}
