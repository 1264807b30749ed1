/**
 * Turning a finished plan into a persisted job — or a clear refusal, with no half-started job.
 *
 * Before anything is journaled, a probe sends the first RestoreObject (and,
 * when that is denied, two more from the middle and the end of the
 * selection). When every probe is denied the identity lacks
 * `s3:RestoreObject` there: the start is refused with that sentence and the
 * job directory removed. Otherwise the probe's answers become the job's
 * first key states, the job is journaled (`created`), logged in the activity
 * log, and handed to the caller to run.
 */
import type { RestoreJobDetail } from '../../../shared/ipc/restore';
import type { PlanEstimate } from '../../../shared/restore-plan-estimate';
import type { RestoreTier } from '../../../shared/restore-rules';
import type { ActivityLog } from '../activity/log';
import type { S3Access } from '../connections';
import { ThawError } from '../errors';
import { Journal } from '../persist/journal';
import { restoreOne, type RestoreAnswer } from './issuer';
import { readKeys } from './key-file';
import { RestoreJob } from './job';
import type { RestoreJobDeps } from './job-deps';
import { jobPaths, loadKeyStates } from './job-files';
import type { PlanOutcome } from './plan';
import type { RateLimiter } from './rate';
import { failureCode, keysRecord, RESTORE_JOURNAL_VERSION, S_PENDING, type KeyChange, type RestoreJobSpec, type RestoreRecord } from './state';

/** Everything `createJob` needs. */
export interface CreateJobInput {
  dir: string;
  jobId: string;
  outcome: PlanOutcome;
  choice: { tier: RestoreTier; days?: number; extendRestored: boolean };
  estimate: PlanEstimate & { ok: true };
  deps: RestoreJobDeps & { s3: Pick<S3Access, 'clientFor' | 'describe'> };
  rate: RateLimiter;
  activity: ActivityLog;
}

/** Creates, journals and returns the job (not started yet). */
export async function createJob(input: CreateJobInput): Promise<RestoreJob> {
  const { dir, jobId, outcome, choice, deps } = input;
  const { plan, segments } = outcome;
  const paths = jobPaths(dir);
  const keys = await loadKeyStates(paths.keyFile, choice.extendRestored);
  const changes = await probe(input, keys.state);
  for (const c of changes) keys.set(c.i, c.s, c.c ?? 0, c.x ?? 0);

  const who = await deps.s3.describe(plan.connectionId).catch(() => ({ name: plan.connectionId, identity: undefined }));
  const objects = keys.total;
  const startedAt = deps.now();
  const activityId = await input.activity.record({
    at: startedAt,
    action: 'restore',
    connectionId: plan.connectionId,
    connectionName: who.name,
    ...(who.identity ? { identity: who.identity } : {}),
    bucket: plan.bucket,
    ...(plan.prefixes.length ? { prefixes: plan.prefixes } : {}),
    ...(plan.keyCount ? { keyCount: plan.keyCount } : {}),
    objects,
    bytes: keys.bytesTotal,
    tier: choice.tier,
    ...(choice.days !== undefined ? { days: choice.days } : {}),
    estimatedCostUsd: roundMicro(input.estimate.total),
    jobId,
    outcome: 'started',
  });
  const pricing: RestoreJobDetail['pricing'] = {
    region: input.estimate.region,
    sourceDate: input.estimate.sourceDate,
    ...(input.estimate.estimatedFrom ? { estimatedFrom: input.estimate.estimatedFrom } : {}),
  };
  const spec: RestoreJobSpec = {
    jobId,
    connectionId: plan.connectionId,
    bucket: plan.bucket,
    region: plan.region,
    title: titleOf(plan.bucket, plan.prefixes, plan.keyCount, objects),
    prefixes: plan.prefixes,
    keyCount: plan.keyCount,
    segments: segments.map((s) => ({ prefix: s.prefix, recursive: s.recursive })),
    tier: choice.tier,
    ...(choice.days !== undefined ? { days: choice.days } : {}),
    extendRestored: choice.extendRestored,
    estimatedCostUsd: input.estimate.total,
    pricing,
    skipped: plan.skipped.reduce((n, g) => n + g.objects, 0),
    startedAt,
    activityId,
  };
  const { journal } = await Journal.open<RestoreRecord>(paths.journal, { version: RESTORE_JOURNAL_VERSION, ...(deps.journalOpener ? { opener: deps.journalOpener } : {}) });
  try {
    await journal.append({ v: RESTORE_JOURNAL_VERSION, at: startedAt, op: 'created', job: spec });
    if (changes.length > 0) await journal.append(keysRecord(changes, startedAt));
  } catch (err) {
    await journal.close();
    await input.activity.update(activityId, { outcome: 'failed', detail: 'The job could not be saved to disk.', endedAt: deps.now() }).catch(() => undefined);
    throw err;
  }
  const requests = { restore: changes.length, list: 0, head: 0 };
  return new RestoreJob(dir, { spec, keys, journal, status: { state: 'running', requests }, restoreStatusSupported: plan.restoreStatusSupported }, deps, input.rate);
}

/** Probes up to three pending keys; throws when the identity may not restore any of them. */
async function probe(input: CreateJobInput, states: Uint8Array): Promise<Array<KeyChange & { key: string }>> {
  const pending: number[] = [];
  for (let i = 0; i < states.length; i++) if (states[i] === S_PENDING) pending.push(i);
  if (pending.length === 0) return [];
  const picks = [...new Set([pending[0]!, pending[Math.floor(pending.length / 2)]!, pending[pending.length - 1]!])].sort((a, b) => a - b);
  const lines = await readKeys(jobPaths(input.dir).keyFile, picks);
  const { plan } = input.outcome;
  const client = await input.deps.s3.clientFor(plan.connectionId, plan.bucket, 'bulk');
  const changes: Array<KeyChange & { key: string }> = [];
  const denied = failureCode('AccessDenied');
  for (const i of picks) {
    const line = lines.get(i)!;
    const answer: RestoreAnswer = await restoreOne(client, plan.bucket, line, input.choice, new AbortController().signal, input.deps.now);
    if (answer.kind === 'pause') throw new ThawError(answer.error.code, answer.error.message.replace(' The job is paused; sign in again, then choose Resume.', ''));
    if (answer.kind !== 'state') return changes;
    changes.push({ i, s: answer.state, key: line.key, ...(answer.fail ? { c: answer.fail } : {}), ...(answer.expiryMs ? { x: Math.round(answer.expiryMs / 86_400_000) } : {}) });
    if (answer.fail !== denied) return changes;
  }
  throw new ThawError('AccessDenied', `This identity may not restore archived objects in bucket "${plan.bucket}" (s3:RestoreObject); no restore was started.`, {
    action: 's3:RestoreObject',
    bucket: plan.bucket,
  });
}

function titleOf(bucket: string, prefixes: string[], keyCount: number, objects: number): string {
  const where = prefixes.length === 1 && keyCount === 0 ? `s3://${bucket}/${prefixes[0]}` : prefixes.length > 1 ? `s3://${bucket}/${prefixes[0]} and ${prefixes.length - 1} more` : `s3://${bucket}/`;
  const what = keyCount > 0 && prefixes.length === 0 ? `${keyCount.toLocaleString('en-US')} selected` : `${objects.toLocaleString('en-US')} objects`;
  return `Restore ${where} (${what})`;
}

/** To the millionth of a dollar: the log keeps what a tiny restore cost instead of rounding it to $0.00. */
function roundMicro(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
