/**
 * Metadata on disk: a snapshot plus a journal of ops since it.
 *
 * `<dataDir>/state.json` holds `{ version, generation, buckets }`; ops since
 * that snapshot are appended (and fdatasynced) to `journal-<generation>.jsonl`.
 * A checkpoint writes the next snapshot to a temp file, fsyncs it, renames it
 * over state.json, fsyncs the directory, and only then starts the next
 * journal generation, so a crash at any point leaves a readable snapshot plus
 * exactly the ops not in it. A torn last journal line is ignored.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fdatasyncSync, fsyncSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BucketRecord, MultipartUpload, VersioningStatus, WriteInput } from '../store-types';
import { mergeSortedKeys, compareKeys, KeyIndex } from './key-order';
import {
  applyOp,
  newBucket,
  type BucketState,
  type Op,
  type StoreState,
  type StoredObject,
  type StoredPart,
  type SyntheticSource,
  type VersionEntry,
} from './state';
import type { OpLog } from './store';

const SNAPSHOT = 'state.json';
const FORMAT_VERSION = 1;

/** Rebuilds a synthetic source from its persisted spec. */
export type SyntheticResolver = (spec: string, bucket: string) => SyntheticSource;

interface SnapshotBucket {
  record: BucketRecord;
  synthetic?: string;
  syntheticDeleted?: string[];
  objects: StoredObject[];
  uploads: Array<{ upload: MultipartUpload; input: Omit<WriteInput, 'body'>; parts: StoredPart[] }>;
  /** Absent for buckets never versioned (and in snapshots written before versioning existed). */
  versioning?: VersioningStatus;
  /** Noncurrent versions and delete markers per key, newest first. */
  history?: Array<{ key: string; entries: VersionEntry[] }>;
}

interface Snapshot {
  version: number;
  generation: number;
  buckets: SnapshotBucket[];
}

/** What opening a data directory yields. */
export interface LoadedState {
  state: StoreState;
  /** True when the directory held no state (seeds apply only then). */
  fresh: boolean;
  log: DataDirLog;
}

/** The journal of a data directory; `checkpoint` compacts it into a new snapshot. */
export class DataDirLog implements OpLog {
  private fd: number | undefined;

  constructor(
    private readonly dir: string,
    private generation: number,
  ) {}

  append(op: Op): void {
    if (this.fd === undefined) this.fd = openSync(this.journalPath(this.generation), 'a');
    writeSync(this.fd, `${JSON.stringify(op)}\n`);
    fdatasyncSync(this.fd);
  }

  /** Writes a snapshot of `state` as the next generation and starts its empty journal. */
  checkpoint(state: StoreState): void {
    const next = this.generation + 1;
    writeAtomically(this.dir, SNAPSHOT, JSON.stringify(toSnapshot(state, next)));
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.journalPath(this.generation), { force: true });
    this.generation = next;
  }

  async close(state: StoreState): Promise<void> {
    this.checkpoint(state);
  }

  private journalPath(generation: number): string {
    return join(this.dir, `journal-${generation}.jsonl`);
  }
}

/**
 * Loads a data directory: the snapshot, then the ops journaled after it.
 *
 * Stale journals of other generations and temp files are removed.
 */
export function loadDataDir(dir: string, resolveSynthetic: SyntheticResolver): LoadedState {
  const state: StoreState = { buckets: new Map() };
  let generation = 0;
  let fresh = true;
  const snapshotPath = join(dir, SNAPSHOT);
  if (existsSync(snapshotPath)) {
    const snap = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Snapshot;
    if (snap.version !== FORMAT_VERSION) throw new Error(`${snapshotPath}: unsupported format version ${snap.version}`);
    generation = snap.generation;
    for (const b of snap.buckets) state.buckets.set(b.record.name, fromSnapshot(b, resolveSynthetic));
    fresh = false;
  }
  const journal = join(dir, `journal-${generation}.jsonl`);
  if (existsSync(journal)) {
    fresh = false;
    for (const line of readFileSync(journal, 'utf8').split('\n')) {
      if (!line) continue;
      let op: Op;
      try {
        op = JSON.parse(line) as Op;
      } catch {
        break; // A torn write from a crash: everything before it is intact.
      }
      applyOp(state, op);
    }
  }
  for (const name of readdirSync(dir)) {
    if (/^journal-\d+\.jsonl$/.test(name) && name !== `journal-${generation}.jsonl`) rmSync(join(dir, name), { force: true });
    if (name.startsWith(`${SNAPSHOT}.tmp`)) rmSync(join(dir, name), { force: true });
  }
  return { state, fresh, log: new DataDirLog(dir, generation) };
}

function toSnapshot(state: StoreState, generation: number): Snapshot {
  const buckets: SnapshotBucket[] = [];
  for (const b of state.buckets.values()) {
    const out: SnapshotBucket = {
      record: b.record,
      objects: [...b.objects.values()],
      uploads: [...b.uploads.values()].map((u) => ({ upload: u.upload, input: u.input, parts: [...u.parts.values()] })),
    };
    if (b.synthetic) {
      out.synthetic = b.synthetic.spec;
      out.syntheticDeleted = [...b.syntheticDeleted];
    }
    if (b.versioning) out.versioning = b.versioning;
    if (b.history.size > 0) out.history = [...b.history].map(([key, entries]) => ({ key, entries }));
    buckets.push(out);
  }
  return { version: FORMAT_VERSION, generation, buckets };
}

function fromSnapshot(snap: SnapshotBucket, resolveSynthetic: SyntheticResolver): BucketState {
  const synthetic = snap.synthetic ? resolveSynthetic(snap.synthetic, snap.record.name) : undefined;
  const b = newBucket(snap.record);
  b.synthetic = synthetic;
  for (const o of snap.objects) b.objects.set(o.record.key, o);
  for (const u of snap.uploads) b.uploads.set(u.upload.uploadId, { upload: u.upload, input: u.input, parts: new Map(u.parts.map((p) => [p.record.partNumber, p])) });
  if (snap.versioning) b.versioning = snap.versioning;
  for (const h of snap.history ?? []) b.history.set(h.key, h.entries);
  b.historyIndex = KeyIndex.fromUnsorted([...b.history.keys()]);
  const stored = [...b.objects.keys()].sort(compareKeys);
  if (synthetic) {
    b.syntheticDeleted = new Set(snap.syntheticDeleted ?? []);
    const derived = b.syntheticDeleted.size ? synthetic.keys().filter((k) => !b.syntheticDeleted.has(k)) : synthetic.keys();
    b.index = new KeyIndex(mergeSortedKeys(derived, stored));
  } else {
    b.index = new KeyIndex(stored);
  }
  return b;
}

/** Writes `name` in `dir` via a temp file, fsync and rename, then fsyncs the directory. */
function writeAtomically(dir: string, name: string, text: string): void {
  const temp = join(dir, `${name}.tmp-${randomBytes(6).toString('hex')}`);
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, name));
  const dfd = openSync(dir, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}
