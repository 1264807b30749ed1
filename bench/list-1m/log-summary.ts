/**
 * What a sandbox request log says about the keys under one prefix, in numbers a benchmark reports.
 */
import type { RequestLogEntry } from '../../electron/sandbox/index';
import type { LogSummary } from './sandbox-process';

/** Counts requests by operation, restore answers by status, and keys accepted once or more. */
export function summarizeLog(entries: readonly RequestLogEntry[], prefix: string): LogSummary {
  const ops: Record<string, number> = {};
  const restoreStatus: Record<string, number> = {};
  const accepted = new Map<string, number>();
  let span: LogSummary['restoreSpan'];
  for (const e of entries) {
    // Listings carry no key; count them when their prefix is under ours (or is ours).
    if (!(e.key?.startsWith(prefix) ?? false) && !(e.op.startsWith('ListObjects') && e.bucket !== undefined)) continue;
    ops[e.op] = (ops[e.op] ?? 0) + 1;
    if (e.op !== 'RestoreObject') continue;
    restoreStatus[e.status] = (restoreStatus[e.status] ?? 0) + 1;
    if (e.status === 202) accepted.set(e.key!, (accepted.get(e.key!) ?? 0) + 1);
    span = span ? { first: span.first, last: e.at, count: span.count + 1 } : { first: e.at, last: e.at, count: 1 };
  }
  let twice = 0;
  for (const n of accepted.values()) if (n > 1) twice++;
  return { ops, restoreStatus, accepted: accepted.size, acceptedTwice: twice, ...(span ? { restoreSpan: span } : {}) };
}
