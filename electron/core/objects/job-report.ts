/**
 * What an operation job says about itself in words: its title, and how it ended.
 */
import type { ActivityOutcome } from '../../../shared/ipc/activity';
import type { ParsedInput } from '../../../shared/ipc/contract';
import type { OperationJobSummary } from '../../../shared/ipc/jobs';
import { formatBytes } from './plan';

/** The job's one-line title for the jobs panel. */
export function titleOf(input: ParsedInput<'objects:plan-operation'>, objects: number): string {
  const where = input.prefixes.length === 1 && input.keys.length === 0 ? `s3://${input.bucket}/${input.prefixes[0]}` : `s3://${input.bucket}/${input.base}`;
  const what = `${objects.toLocaleString('en-US')} object${objects === 1 ? '' : 's'}`;
  const to = input.target ? ` to s3://${input.target.bucket}/${input.target.prefix}` : '';
  switch (input.op) {
    case 'delete':
      return `Delete ${where} (${what})`;
    case 'copy':
      return `Copy ${where}${to} (${what})`;
    case 'move':
      return `Move ${where}${to} (${what})`;
    case 'storage-class':
      return `Change ${where} to ${input.storageClass} (${what})`;
  }
}

/** The notification title, the activity outcome and a sentence for a job that ended. */
export function endReport(s: OperationJobSummary, outcome: 'done' | 'failed' | 'cancelled'): { title: string; outcome: ActivityOutcome; detail: string } {
  const { states } = s.operation;
  const partial = outcome === 'done' && states.failed > 0;
  const n = (x: number) => x.toLocaleString('en-US');
  const detail =
    outcome === 'done'
      ? `${n(states.done)} done${states.failed ? `, ${n(states.failed)} failed` : ''}${states.skipped ? `, ${n(states.skipped)} skipped` : ''} (${formatBytes(s.bytes.done)}).`
      : (s.error?.message ?? (outcome === 'cancelled' ? `Cancelled with ${n(states.done)} done.` : 'The job stopped.'));
  const title = outcome === 'failed' ? 'Operation failed' : partial ? 'Operation finished with failures' : 'Operation finished';
  return { title, outcome: partial ? 'partial' : outcome, detail };
}
