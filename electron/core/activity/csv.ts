/**
 * The activity log as CSV, safe to open in a spreadsheet.
 *
 * Object keys and bucket names are data from the endpoint: a value starting
 * with `=`, `+`, `-`, `@`, tab or CR would be run as a formula by Excel,
 * LibreOffice and Sheets (CSV injection), so such values get a leading `'`.
 * Fields are quoted per RFC 4180.
 */
import type { ActivityEntry } from '../../../shared/ipc/activity';

const COLUMNS: Array<[string, (e: ActivityEntry) => unknown]> = [
  ['time', (e) => new Date(e.at).toISOString()],
  ['action', (e) => e.action],
  ['outcome', (e) => e.outcome],
  ['connection', (e) => e.connectionName],
  ['identity', (e) => e.identity],
  ['bucket', (e) => e.bucket],
  ['prefixes', (e) => e.prefixes?.join(' ')],
  ['keys', (e) => e.keyCount],
  ['key', (e) => e.key],
  ['objects', (e) => e.objects],
  ['bytes', (e) => e.bytes],
  ['tier', (e) => e.tier],
  ['days', (e) => e.days],
  ['estimated_cost_usd', (e) => e.estimatedCostUsd],
  ['result', (e) => (e.result ? Object.entries(e.result).map(([k, v]) => `${k}=${v}`).join(' ') : undefined)],
  ['detail', (e) => e.detail],
  ['ended', (e) => (e.endedAt ? new Date(e.endedAt).toISOString() : undefined)],
  ['job_id', (e) => e.jobId],
];

/** One CSV field. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Entries as CSV with a header row, CRLF line ends (RFC 4180). */
export function toCsv(entries: readonly ActivityEntry[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const e of entries) lines.push(COLUMNS.map(([, get]) => csvField(get(e))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
