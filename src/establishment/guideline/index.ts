/** Public API of the establishment module's guideline calculator (pure; no database). */
export { calculateGuideline, parseGuidelineInput, resolveOptions } from './calculate.ts';
export { guidelineCalcCommand, parseJsonText } from './command.ts';
export { formatWorksheetText } from './format-text.ts';
export { renderWorksheetPdf, isPdfLibAvailable } from './worksheet-pdf.ts';
export { GUIDELINE_REASONS, guidelineReason, type GuidelineReason } from './failures.ts';
export { GuidelineInputSchema, type GuidelineInput } from './input.ts';
export {
  DEFAULT_REGISTRY,
  buildRegistry,
  lookupBasicObligation,
  lowIncomeBandTop,
  parseScheduleData,
  scheduleInEffect,
  type GuidelineSchedule,
  type ScheduleRegistry,
} from './schedule.ts';
export { worksheetLine, type Worksheet, type WorksheetCalculation, type WorksheetLine } from './worksheet.ts';
