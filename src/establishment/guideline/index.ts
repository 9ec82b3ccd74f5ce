/** Public API of the establishment module's guideline calculator (pure; no database). */
export { calculateGuideline, parseGuidelineInput, resolveOptions } from './calculate.ts';
export { guidelineCalcCommand, guidelineVersionsCommand, parseJsonText } from './command.ts';
export { formatWorksheetText } from './format-text.ts';
export { renderWorksheetPdf, isPdfLibAvailable } from './worksheet-pdf.ts';
export { GUIDELINE_REASONS, guidelineReason, type GuidelineReason } from './failures.ts';
export { GuidelineInputSchema, IMPUTATION_FACTORS, type GuidelineInput } from './input.ts';
export { IMPUTATION_FACTOR_LABELS } from './findings.ts';
export { lookupBasicObligation, lowIncomeBandTop, parseScheduleData, type GuidelineSchedule } from './schedule.ts';
export {
  DEFAULT_REGISTRY,
  buildRegistry,
  coverageSentence,
  scheduleInEffect,
  summarizeVersion,
  versionById,
  versionInEffect,
  type GuidelineVersion,
  type ScheduleRegistry,
  type VersionSummary,
} from './registry.ts';
export { worksheetLine, type Worksheet, type WorksheetCalculation, type WorksheetLine } from './worksheet.ts';
