/**
 * The HTML report of a run directory.
 */
export { renderReport, renderReportData, type RenderReportOptions } from './render.js';
export { writeReport } from './write.js';
export { gatherReport, type ReportLimits } from './gather.js';
export { escapeHtml, escapeAttr } from './escape.js';
export type { ReportData, CellData, Drilldown, BlameData, BlameRoleTally } from './model.js';
export type { BlameEntry } from './blame-file.js';
