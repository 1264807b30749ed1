/**
 * Planning a transfer: what it covers, before anything moves.
 *
 * Download: one pass of the listing engine over the selection's segments
 * (keys picked by version are HEADed instead) writes every object to the
 * plan's key file and folds counts — files and bytes, archived objects that
 * cannot be read now, keys with no safe local name (`mapKey`), keys that
 * meet another key's local name (`LocalNames`), and files already present
 * in the folder. Folder markers (`a/`) are not files and are left out.
 *
 * Upload: the chosen files, or every file below the chosen folders (no
 * symbolic link is followed), each becoming `prefix + path below its
 * folder` with `/` separators. Entries that cannot be uploaded safely —
 * links, devices, unreadable entries, names whose key would be longer than
 * S3's 1,024 bytes or not valid Unicode — are left out and named.
 */
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { lstat, opendir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { storageClassIndex, RESTORE_IN_PROGRESS, RESTORE_RESTORED, STORAGE_CLASSES } from '../../../shared/ipc/listing';
import type { DownloadPlan, UnsafeKey, UploadPlan } from '../../../shared/ipc/transfers';
import { createS3PageSource } from '../listing/s3-pages';
import { listSegment, segmentsOf } from '../listing/segments';
import { describeS3Error } from '../s3/describe-error';
import { forEachKey, KeyFileWriter } from '../restore/key-file';
import { LocalNames, probeLocal, type PlannedEntry } from './collisions';
import { lengthProblem, mapKey, type DownloadRoot } from './local-path';
import { FLAG_ARCHIVED, FLAG_READABLE, FLAG_RESTORING } from './state';

/** The key file's name in a plan (and later its job) directory. */
export const KEY_FILE = 'keys.jsonl';
/** Keys named in a plan's lists of examples. */
const EXAMPLES = 20;
/** S3's longest key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

const LONE_SURROGATE = /\p{Cs}/u;
const C_GLACIER = STORAGE_CLASSES.indexOf('GLACIER');
const C_DEEP_ARCHIVE = STORAGE_CLASSES.indexOf('DEEP_ARCHIVE');

export interface DownloadPlanSpec {
  planId: string;
  bucket: string;
  prefixes: string[];
  keys: Array<{ key: string; versionId?: string }>;
  base: string;
  root: DownloadRoot;
}

export interface DownloadPlanOutcome {
  plan: DownloadPlan;
  lines: number;
  /** Keys picked by version. */
  versions: Record<string, string>;
}

/** The local names of a download's key file under `policy` (one entry per line, in order). */
export async function downloadNames(keyFile: string, root: DownloadRoot, base: string, policy: Parameters<typeof LocalNames.plan>[1]): Promise<LocalNames> {
  const entries: PlannedEntry[] = [];
  await forEachKey(keyFile, (line) => void entries.push(entryOf(root, line.key, base)));
  return LocalNames.plan(entries, policy, (relative) => lengthProblem(join(root.path, ...relative.split('/'))) === undefined);
}

function entryOf(root: DownloadRoot, key: string, base: string): PlannedEntry {
  const mapped = mapKey(root, key, { base });
  return mapped.ok ? mapped.relative : { reason: mapped.reason };
}

/** Plans a download of `spec`'s selection into `root`. */
export async function planDownload(spec: DownloadPlanSpec, deps: { client: S3Client; dir: string; signal?: AbortSignal; listers?: number }): Promise<DownloadPlanOutcome> {
  const source = createS3PageSource(deps.client, spec.bucket);
  const plain = spec.keys.filter((k) => !k.versionId).map((k) => k.key);
  const versioned = spec.keys.filter((k): k is { key: string; versionId: string } => !!k.versionId);
  const segments = segmentsOf(spec.prefixes, plain);
  const writer = new KeyFileWriter(join(deps.dir, KEY_FILE));
  const entries: PlannedEntry[] = [];
  const unsafe: UnsafeKey[] = [];
  let unsafeCount = 0;
  let files = 0;
  let bytes = 0;
  let largest = 0;
  const archived = { objects: 0, bytes: 0, restoring: 0, byClass: {} as Record<string, number> };
  const add = (key: string, size: number, cls: number, restore: number, modified: number, segment: number) => {
    if (key.endsWith('/') && size === 0) return;
    const entry = entryOf(spec.root, key, spec.base);
    let flag = FLAG_READABLE;
    if ((cls === C_GLACIER || cls === C_DEEP_ARCHIVE) && restore !== RESTORE_RESTORED) {
      flag = restore === RESTORE_IN_PROGRESS ? FLAG_RESTORING : FLAG_ARCHIVED;
      archived.objects++;
      archived.bytes += size;
      if (flag === FLAG_RESTORING) archived.restoring++;
      const name = STORAGE_CLASSES[cls]!;
      archived.byClass[name] = (archived.byClass[name] ?? 0) + 1;
    }
    if (typeof entry !== 'string') {
      unsafeCount++;
      if (unsafe.length < EXAMPLES) unsafe.push({ key, reason: entry.reason });
    } else {
      files++;
      bytes += size;
      largest = Math.max(largest, size);
    }
    entries.push(entry);
    writer.addFields(key, cls, size, flag, modified, segment);
  };
  const versions: Record<string, string> = {};
  try {
    for (let s = 0; s < segments.length; s++) {
      await listSegment(source, segments[s]!, (o) => add(o.key, o.size, o.storageClass, o.restore, o.modified, s), { signal: deps.signal, concurrency: deps.listers });
    }
    for (const { key, versionId } of versioned) {
      const head = await deps.client.send(new HeadObjectCommand({ Bucket: spec.bucket, Key: key, VersionId: versionId }), { abortSignal: deps.signal });
      const restore = head.Restore ? (head.Restore.includes('ongoing-request="true"') ? RESTORE_IN_PROGRESS : RESTORE_RESTORED) : 0;
      versions[key] = versionId;
      add(key, head.ContentLength ?? 0, storageClassIndex(head.StorageClass), restore, head.LastModified?.getTime() ?? 0, segments.length);
    }
    await writer.finish();
  } catch (err) {
    writer.abort();
    if ((err as { name?: string }).name === 'AbortError') throw err;
    throw describeS3Error(err, { action: 's3:ListBucket', bucket: spec.bucket });
  }
  const names = LocalNames.plan(entries, 'skip', (relative) => lengthProblem(join(spec.root.path, ...relative.split('/'))) === undefined);
  let existing = 0;
  await mapLimit(entries.length, 32, async (i) => {
    const name = names.nameOf(i);
    if (name !== undefined && (await probeLocal(join(spec.root.path, ...name.split('/')))).kind !== 'none') existing++;
  });
  return {
    plan: {
      planId: spec.planId,
      destination: spec.root.path,
      files,
      bytes,
      largest,
      archived,
      unsafe: { count: unsafeCount, examples: unsafe },
      existing,
      conflicts: names.conflicts.length,
    },
    lines: entries.length,
    versions,
  };
}

export interface UploadPlanOutcome {
  plan: UploadPlan;
  lines: number;
  roots: string[];
}

/**
 * Plans an upload of `paths` (files, or folders walked recursively) below `prefix`.
 * A file's key is `prefix` + its path below the folder it was picked in (a picked file: its name).
 */
export async function planUpload(spec: { planId: string; bucket: string; prefix: string; paths: string[] }, deps: { dir: string; signal?: AbortSignal }): Promise<UploadPlanOutcome> {
  const writer = new KeyFileWriter(join(deps.dir, KEY_FILE));
  const roots: string[] = [];
  const skipped: UnsafeKey[] = [];
  let skippedCount = 0;
  let files = 0;
  let bytes = 0;
  let largest = 0;
  const seen = new Set<string>();
  /** Files are found again as root + their key below the prefix; roots are the folders things were picked in. */
  const rootIndex = (dir: string) => {
    const r = roots.indexOf(dir);
    return r >= 0 ? r : roots.push(dir) - 1;
  };
  const skip = (path: string, reason: string) => {
    skippedCount++;
    if (skipped.length < EXAMPLES) skipped.push({ key: path, reason });
  };
  const addFile = (path: string, relative: string, size: number, mtimeMs: number, root: number) => {
    const key = spec.prefix + relative;
    if (LONE_SURROGATE.test(key)) return skip(path, 'Its name is not valid Unicode, so it cannot be an S3 key.');
    if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return skip(path, `Its key would be longer than S3's ${MAX_KEY_BYTES} bytes.`);
    if (seen.has(key)) return skip(path, `Another picked file becomes the same key, ${key}.`);
    seen.add(key);
    files++;
    bytes += size;
    largest = Math.max(largest, size);
    writer.addFields(key, 0, size, 0, mtimeMs, root);
  };
  const walk = async (dir: string, relative: string, root: number): Promise<void> => {
    if (deps.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    let handle;
    try {
      handle = await opendir(dir);
    } catch (err) {
      return skip(dir, `The folder cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    const names: Array<{ name: string; kind: 'file' | 'dir' | 'link' | 'other' }> = [];
    for await (const d of handle) names.push({ name: d.name, kind: d.isFile() ? 'file' : d.isDirectory() ? 'dir' : d.isSymbolicLink() ? 'link' : 'other' });
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { name, kind } of names) {
      const path = join(dir, name);
      const rel = `${relative}${name}`;
      if (kind === 'link') skip(path, 'A symbolic link: Thaw does not follow links when uploading.');
      else if (kind === 'other') skip(path, 'Not a regular file (a device, socket or pipe).');
      else if (kind === 'dir') await walk(path, `${rel}/`, root);
      else {
        const st = await lstat(path).catch(() => undefined);
        if (!st?.isFile()) skip(path, 'It disappeared or changed while it was listed.');
        else addFile(path, rel, st.size, st.mtimeMs, root);
      }
    }
  };
  try {
    for (const path of spec.paths) {
      const st = await lstat(path).catch((err: NodeJS.ErrnoException) => err);
      if (st instanceof Error) {
        skip(path, `It cannot be read (${st.code ?? 'error'}).`);
      } else if (st.isSymbolicLink()) {
        skip(path, 'A symbolic link: Thaw does not follow links when uploading.');
      } else if (st.isDirectory()) {
        await walk(path, `${basename(path)}/`, rootIndex(join(path, '..')));
      } else if (st.isFile()) {
        addFile(path, basename(path), st.size, st.mtimeMs, rootIndex(join(path, '..')));
      } else {
        skip(path, 'Not a regular file (a device, socket or pipe).');
      }
    }
    await writer.finish();
  } catch (err) {
    writer.abort();
    throw err;
  }
  return {
    plan: { planId: spec.planId, destination: `s3://${spec.bucket}/${spec.prefix}`, files, bytes, largest, skipped: { count: skippedCount, examples: skipped } },
    lines: files,
    roots,
  };
}

/** Runs `fn(0..n-1)` with at most `limit` at once. */
export async function mapLimit(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}
