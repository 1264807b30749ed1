/**
 * Planning a bulk operation: what the selection holds and what the operation will do to it.
 *
 * One pass of the listing engine (parallel, in key order, with
 * RestoreStatus) over the selection's segments writes every object to the
 * plan's key file — `[key, class, size, flag, lastModified, segment]` in
 * the restore key file's format (restore/key-file.ts), its `plan` field
 * holding `FLAG_*` — and folds counts: objects and bytes, by class,
 * archived and unrestored (these cannot be copied), above 5 GB (copied
 * part by part), and for anything that deletes or replaces objects, the
 * ones still inside their class's minimum storage duration with the
 * early-deletion charge S3 bills for them. Memory holds counts only.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { RESTORE_RESTORED, STORAGE_CLASSES } from '../../../shared/ipc/listing';
import type { OperationKind, OperationPlan } from '../../../shared/ipc/objects';
import { BYTES_PER_GB, HOURS_PER_MONTH, type PriceTable } from '../../../shared/pricing';
import { createS3PageSource } from '../listing/s3-pages';
import { listSegment, segmentsOf, type Segment } from '../listing/segments';
import { describeS3Error } from '../s3/describe-error';
import { KeyFileWriter } from '../restore/key-file';
import { MAX_SINGLE_COPY } from './copier';
import { FLAG_ARCHIVED, FLAG_OK, FLAG_SAME_CLASS } from './state';

/** The key file's name in a plan (and later its job) directory. */
export const KEY_FILE = 'keys.jsonl';

const DAY_MS = 86_400_000;
const C_GLACIER = STORAGE_CLASSES.indexOf('GLACIER');
const C_DEEP_ARCHIVE = STORAGE_CLASSES.indexOf('DEEP_ARCHIVE');

/** What to plan. */
export interface OperationPlanSpec {
  planId: string;
  op: OperationKind;
  bucket: string;
  prefixes: string[];
  keys: string[];
  /** Storage-class change: the new class. */
  storageClass?: string;
  /** Copy and move: `s3://bucket/prefix` of the target, for the summary. */
  targetText?: string;
}

/** What planning needs. */
export interface OperationPlanDeps {
  client: S3Client;
  /** The plan's directory (created by the caller). */
  dir: string;
  prices: PriceTable;
  now: () => number;
  signal?: AbortSignal;
  listers?: number;
}

/** The plan, plus what the job needs to know about the key file. */
export interface OperationPlanOutcome {
  plan: OperationPlan;
  segments: Segment[];
  /** Lines in the key file. */
  lines: number;
  /** Keys the job will work on (not skipped). */
  actionable: number;
}

/** Minimum storage days per class index, and the price per GB-month and smallest billed size that go with it. */
function durationRules(prices: PriceTable): Map<number, { days: number; perGB: number; minBytes: number; overhead: number }> {
  const rules = new Map<number, { days: number; perGB: number; minBytes: number; overhead: number }>();
  for (const [name, days] of Object.entries(prices.minStorageDays) as Array<[keyof PriceTable['minStorageDays'], number]>) {
    const perGB = prices.storage[name];
    const minBytes = name in prices.minBillableBytes ? prices.minBillableBytes[name as keyof PriceTable['minBillableBytes']] : 0;
    const overhead = name === 'GLACIER' || name === 'DEEP_ARCHIVE' ? prices.archiveOverheadBytes[name].archiveRate : 0;
    rules.set(STORAGE_CLASSES.indexOf(name), { days, perGB, minBytes, overhead });
  }
  return rules;
}

/** Plans `spec`'s selection; throws a described error. */
export async function planOperation(spec: OperationPlanSpec, deps: OperationPlanDeps): Promise<OperationPlanOutcome> {
  const segments = segmentsOf(spec.prefixes, spec.keys);
  const source = createS3PageSource(deps.client, spec.bucket);
  const removes = spec.op === 'delete' || spec.op === 'move' || spec.op === 'storage-class';
  const copies = spec.op !== 'delete';
  const newClass = spec.storageClass ? STORAGE_CLASSES.indexOf(spec.storageClass as (typeof STORAGE_CLASSES)[number]) : -1;
  const rules = durationRules(deps.prices);
  const now = deps.now();
  const byClass = new Float64Array(STORAGE_CLASSES.length);
  let objects = 0;
  let bytes = 0;
  let archived = 0;
  let archivedBytes = 0;
  let large = 0;
  let sameClass = 0;
  let archivedSkipped = 0;
  let early = 0;
  let charge = 0;
  let gone = 0;
  let lines = 0;

  const writer = new KeyFileWriter(`${deps.dir}/${KEY_FILE}`);
  try {
    for (let s = 0; s < segments.length; s++) {
      const segment = segments[s]!;
      const before = objects;
      await listSegment(
        source,
        segment,
        (o) => {
          objects++;
          bytes += o.size;
          const cls = o.storageClass >= 0 && o.storageClass < STORAGE_CLASSES.length ? o.storageClass : STORAGE_CLASSES.length - 1;
          byClass[cls]!++;
          const isArchived = (cls === C_GLACIER || cls === C_DEEP_ARCHIVE) && source.restoreStatusSupported && o.restore !== RESTORE_RESTORED;
          if (isArchived) {
            archived++;
            archivedBytes += o.size;
          }
          if (o.size > MAX_SINGLE_COPY) large++;
          let flag = FLAG_OK;
          if (spec.op === 'storage-class' && cls === newClass) {
            flag = FLAG_SAME_CLASS;
            sameClass++;
          } else if (copies && isArchived) {
            flag = FLAG_ARCHIVED;
            archivedSkipped++;
          }
          if (removes && flag === FLAG_OK) {
            const rule = rules.get(cls);
            const ageDays = (now - o.modified) / DAY_MS;
            if (rule && ageDays < rule.days) {
              early++;
              const billed = Math.max(o.size, rule.minBytes) + rule.overhead;
              charge += (billed / BYTES_PER_GB) * rule.perGB * (((rule.days - ageDays) * 24) / HOURS_PER_MONTH);
            }
          }
          writer.addFields(o.key, cls, o.size, flag, o.modified, s);
          lines++;
        },
        { signal: deps.signal, concurrency: deps.listers },
      );
      if (segment.keys && objects - before < segment.keys.length) gone += segment.keys.length - (objects - before);
    }
    await writer.finish();
  } catch (err) {
    writer.abort();
    if ((err as { name?: string }).name === 'AbortError') throw err;
    throw describeS3Error(err, { action: 's3:ListBucket', bucket: spec.bucket });
  }

  const skipped = archivedSkipped + sameClass;
  const chargeUsd = Math.round(charge * 1e6) / 1e6;
  const plan: OperationPlan = {
    planId: spec.planId,
    op: spec.op,
    objects,
    bytes,
    byClass: Object.fromEntries([...byClass].flatMap((n, c) => (n > 0 ? [[STORAGE_CLASSES[c]!, n]] : []))),
    archived: { objects: archived, bytes: archivedBytes },
    large,
    minimumDuration: { objects: early, chargeUsd },
    summary: summarize(spec, { objects, bytes, archived: archivedSkipped, large, sameClass, early, chargeUsd, gone }),
  };
  return { plan, segments, lines, actionable: objects - skipped };
}

const VERBS: Record<OperationKind, string> = { delete: 'Delete', copy: 'Copy', move: 'Move', 'storage-class': 'Change the storage class of' };

interface Tally {
  objects: number;
  bytes: number;
  archived: number;
  large: number;
  sameClass: number;
  early: number;
  chargeUsd: number;
  gone: number;
}

/** The plan in one sentence (plus its warnings), for the confirmation. */
export function summarize(spec: Pick<OperationPlanSpec, 'op' | 'bucket' | 'storageClass' | 'targetText'>, t: Tally): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const objects = (x: number) => `${n(x)} object${x === 1 ? '' : 's'}`;
  if (t.objects === 0) return `The selection in s3://${spec.bucket}/ holds no objects: there is nothing to do.`;
  const where = spec.op === 'delete' ? ` from s3://${spec.bucket}/` : spec.targetText ? ` to ${spec.targetText}` : spec.storageClass ? ` to ${spec.storageClass}` : '';
  const undo = spec.op === 'delete' ? '; this cannot be undone unless the bucket keeps versions' : '';
  const parts = [`${VERBS[spec.op]} ${objects(t.objects)} (${formatBytes(t.bytes)})${where}${undo}.`];
  if (spec.op !== 'delete' && t.archived > 0) parts.push(`${objects(t.archived)} archived and not restored cannot be copied and will be skipped.`);
  if (t.sameClass > 0) parts.push(`${objects(t.sameClass)} already in ${spec.storageClass} will be left as they are.`);
  if (spec.op !== 'delete' && t.large > 0) parts.push(`${objects(t.large)} over 5 GB will be copied part by part.`);
  if (t.early > 0) {
    const what = spec.op === 'storage-class' ? 'changing their class' : 'removing them';
    parts.push(`${objects(t.early)} ${t.early === 1 ? 'is' : 'are'} still inside the minimum storage duration of ${t.early === 1 ? 'its' : 'their'} class: ${what} now bills an early-deletion charge of about $${t.chargeUsd.toFixed(2)}.`);
  }
  if (t.gone > 0) parts.push(`${objects(t.gone)} selected no longer exist${t.gone === 1 ? 's' : ''}.`);
  return parts.join(' ');
}

/** Bytes in binary units, e.g. "1.5 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${bytes.toLocaleString('en-US')} byte${bytes === 1 ? '' : 's'}` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}
