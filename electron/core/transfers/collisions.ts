/**
 * Local name collisions of a download: among its keys, and with files on disk.
 *
 * Keys are case-sensitive and byte-exact; local file systems often are not.
 * Before anything is written, `LocalNames.plan` compares every planned
 * relative path (from `mapKey`) folded the way the most lenient file system
 * would: Unicode NFC, and case-insensitive always (a download may go to
 * macOS, Windows or a FAT USB drive even from Linux). Folding also upper-
 * then lower-cases non-ASCII text, so `ß` meets `ss`: a false alarm costs a
 * rename, a missed one a lost file. Conflicts:
 *   `same`        equal paths (the look-alike encoding met a literal look-alike);
 *   `unicode`     equal once NFC-normalised (`café` as NFC and as NFD);
 *   `case`        equal once case-folded (`a.txt`, `A.txt`);
 *   `file-folder` a file where another key needs a folder (`a` and `a/b`).
 * Between two files the first in input (listing) order keeps the name; in a
 * file-folder conflict the file gives way, since the folder holds other keys.
 * `a//b` never gets here as a path: `mapKey` refuses it, and the refusal is
 * passed in as `{ reason }` and comes out as that entry's reason. Every
 * entry ends with a name or a reason; none is dropped silently.
 *
 * Policy among keys of one job: `skip` skips the one that gives way, with a
 * reason naming the other; `rename`, `overwrite` and `newer` rename it
 * (`name (1).ext`, `name (2).ext`, … before the last extension), so two keys
 * of one job never write one file and no downloaded object is lost. A
 * renamed name is itself checked against every planned name and folder and
 * against the length limits (`fits`); no room → skipped with a reason.
 *
 * Policy against the disk, decided by `atWrite` when a file starts (the disk
 * changes between plan and start; the job journals the decision so a resumed
 * job does not decide again): nothing there → write; a file there → `skip`
 * skips, `overwrite` replaces, `newer` replaces only when the object's
 * LastModified is later than the file's mtime (no date → skip), `rename`
 * picks the first free ` (n)` name; a folder, link or device there is never
 * replaced (`rename` renames, the others skip). Never a silent overwrite.
 *
 * Memory: one Map from folded path to index for files and one for folders
 * (distinct folders only); renames and reasons in small Maps by index.
 */
import { lstat } from 'node:fs/promises';
import type { CollisionPolicy } from '../../../shared/ipc/transfers';
import { MAX_SEGMENT_BYTES } from './local-path';

export type ConflictKind = 'same' | 'unicode' | 'case' | 'file-folder';

/** `index` gives way to `withIndex`. */
export interface Conflict {
  index: number;
  withIndex: number;
  kind: ConflictKind;
}

/** A conflict and what the plan did about it. */
export interface ResolvedConflict extends Conflict {
  resolution: 'renamed' | 'skipped';
  /** The new relative path, when renamed. */
  name?: string;
}

/** A planned relative path ('/'-separated, as `MappedPath.relative`), or why a key has none. */
export type PlannedEntry = string | { reason: string };

/** What is at a local path now. */
export type LocalState = { kind: 'none' } | { kind: 'file'; mtimeMs: number; size: number } | { kind: 'other'; what: 'folder' | 'link' | 'special' };

/** What to do with one file when it starts. `replace`: an existing file is overwritten (commit with overwrite). */
export type WriteDecision = { action: 'write'; relative: string; replace: boolean } | { action: 'skip'; reason: string };

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** A path as the most lenient file system compares it. */
export function foldPath(p: string): string {
  return ASCII.test(p) ? p.toLowerCase() : p.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}

function kindOf(a: string, b: string): ConflictKind {
  if (a === b) return 'same';
  if (a.normalize('NFC') === b.normalize('NFC')) return 'unicode';
  return 'case';
}

/** `dir/name (n).ext`: the suffix goes before the last extension; a leading dot is no extension. */
export function withSuffix(relative: string, n: number): string {
  const slash = relative.lastIndexOf('/');
  const name = relative.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const named = dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
  return relative.slice(0, slash + 1) + named;
}

/** Lstat without following: what is at `absolute`. */
export async function probeLocal(absolute: string): Promise<LocalState> {
  try {
    const info = await lstat(absolute);
    if (info.isFile()) return { kind: 'file', mtimeMs: info.mtimeMs, size: info.size };
    return { kind: 'other', what: info.isDirectory() ? 'folder' : info.isSymbolicLink() ? 'link' : 'special' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw err;
  }
}

/** Why `name` cannot have its own file beside `other`. */
function why(kind: ConflictKind, name: string, other: string): string {
  switch (kind) {
    case 'same':
      return `“${name}” is the same local name as “${other}”`;
    case 'unicode':
      return `“${name}” is the same name as “${other}” once Unicode-normalised, as macOS does`;
    case 'case':
      return `“${name}” differs from “${other}” only in letter case, which Windows, macOS and USB drives do not tell apart`;
    case 'file-folder':
      return `“${name}” would have to be a file and also the folder holding “${other}”`;
  }
}

/** The planned local names of one download. */
export class LocalNames {
  readonly conflicts: ResolvedConflict[] = [];
  private readonly files = new Map<string, number>();
  private readonly dirs = new Map<string, number>();
  private readonly renamed = new Map<number, string>();
  private readonly reasons = new Map<number, string>();
  /** Next suffix to try per folded name that needed one. */
  private readonly nextSuffix = new Map<string, number>();

  private constructor(
    private readonly entries: readonly PlannedEntry[],
    private readonly policy: CollisionPolicy,
    private readonly fits: (relative: string) => boolean,
  ) {}

  /**
   * Plans names for `entries` (in listing order) under `policy`. `fits` says
   * whether a renamed path is within the total length limit (e.g. via
   * `lengthProblem` of local-path.ts); segment length is checked here.
   */
  static plan(entries: readonly PlannedEntry[], policy: CollisionPolicy, fits: (relative: string) => boolean = () => true): LocalNames {
    const names = new LocalNames(entries, policy, fits);
    for (const c of findConflicts(entries, names.files, names.dirs)) names.resolve(c);
    entries.forEach((e, i) => {
      if (typeof e !== 'string') names.reasons.set(i, e.reason);
    });
    return names;
  }

  /** The entry's relative path, unless it is skipped. */
  nameOf(index: number): string | undefined {
    if (this.reasons.has(index)) return undefined;
    const e = this.entries[index];
    return this.renamed.get(index) ?? (typeof e === 'string' ? e : undefined);
  }

  /** Why the entry has no name (refused by mapKey, a folder marker, or skipped for a conflict). */
  reasonOf(index: number): string | undefined {
    return this.reasons.get(index);
  }

  /** How many entries have a name. */
  get named(): number {
    return this.entries.length - this.reasons.size;
  }

  /**
   * Decides, when entry `index` starts, what to do about what is on disk at
   * its name (`probe` looks at a relative path; `probeLocal` under the root).
   * `lastModified` is the object's, in ms, for `newer`.
   */
  async atWrite(index: number, probe: (relative: string) => Promise<LocalState>, lastModified?: number): Promise<WriteDecision> {
    const name = this.nameOf(index);
    if (name === undefined) return { action: 'skip', reason: this.reasons.get(index) ?? 'Not part of this download.' };
    const state = await probe(name);
    if (state.kind === 'none') return { action: 'write', relative: name, replace: false };
    if (this.policy === 'rename') return this.renameOnDisk(index, this.entries[index] as string, probe);
    if (state.kind === 'other') {
      return { action: 'skip', reason: `A ${state.what === 'link' ? 'symbolic link' : state.what === 'folder' ? 'folder' : 'special file'} named “${name}” is in the way; Thaw does not replace it.` };
    }
    if (this.policy === 'overwrite') return { action: 'write', relative: name, replace: true };
    if (this.policy === 'newer') {
      if (lastModified === undefined) return { action: 'skip', reason: `“${name}” exists and the object has no date to compare with it.` };
      if (lastModified > state.mtimeMs) return { action: 'write', relative: name, replace: true };
      return { action: 'skip', reason: `“${name}” exists and is as new as the object or newer.` };
    }
    return { action: 'skip', reason: `“${name}” exists already.` };
  }

  /** Numbers the entry's planned name (`a (1).txt` taken on disk → `a (2).txt`, never `a (1) (1).txt`). */
  private async renameOnDisk(index: number, name: string, probe: (relative: string) => Promise<LocalState>): Promise<WriteDecision> {
    for (;;) {
      // Reserved before the await, so two files starting at once never pick one name.
      const candidate = this.freeName(name);
      if (candidate === undefined) return { action: 'skip', reason: `“${name}” exists and there is no room for a numbered name beside it.` };
      this.files.set(foldPath(candidate), index);
      if ((await probe(candidate)).kind === 'none') {
        this.renamed.set(index, candidate);
        return { action: 'write', relative: candidate, replace: false };
      }
    }
  }

  private resolve(c: Conflict): void {
    if (this.reasons.has(c.index) || this.renamed.has(c.index)) return;
    const name = this.entries[c.index] as string;
    const other = this.entries[c.withIndex] as string;
    if (this.policy !== 'skip') {
      const candidate = this.freeName(name);
      if (candidate !== undefined) {
        this.files.set(foldPath(candidate), c.index);
        this.renamed.set(c.index, candidate);
        this.conflicts.push({ ...c, resolution: 'renamed', name: candidate });
        return;
      }
    }
    const tail = this.policy === 'skip' ? 'it was skipped' : 'there is no room for a numbered name, so it was skipped';
    this.reasons.set(c.index, `${why(c.kind, name, other)}; ${tail}.`);
    this.conflicts.push({ ...c, resolution: 'skipped' });
  }

  /** The first ` (n)` name not planned as a file or folder that fits; undefined when none fits. */
  private freeName(name: string): string | undefined {
    const folded = foldPath(name);
    for (let n = this.nextSuffix.get(folded) ?? 1; n < 1_000_000; n++) {
      const candidate = withSuffix(name, n);
      const segment = candidate.slice(candidate.lastIndexOf('/') + 1);
      if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES || !this.fits(candidate)) return undefined;
      const f = foldPath(candidate);
      if (this.files.has(f) || this.dirs.has(f)) continue;
      this.nextSuffix.set(folded, n + 1);
      return candidate;
    }
    return undefined;
  }
}

/**
 * Every conflict among `entries` (refusals are ignored), by `index` order of
 * discovery: file pairs first, then files in a folder's place. Fills `files`
 * (folded path → index keeping it) and `dirs` (folded folder → first index
 * needing it) when given.
 */
export function findConflicts(
  entries: readonly PlannedEntry[],
  files = new Map<string, number>(),
  dirs = new Map<string, number>(),
): Conflict[] {
  const conflicts: Conflict[] = [];
  const folded: (string | undefined)[] = new Array<string | undefined>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const p = entries[i];
    if (typeof p !== 'string') continue;
    const f = foldPath(p);
    folded[i] = f;
    const first = files.get(f);
    if (first === undefined) files.set(f, i);
    else conflicts.push({ index: i, withIndex: first, kind: kindOf(p, entries[first] as string) });
    // Deepest folder first: once one is known, all above it are too.
    for (let slash = f.lastIndexOf('/'); slash > 0; slash = f.lastIndexOf('/', slash - 1)) {
      const dir = f.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.set(dir, i);
    }
  }
  for (let i = 0; i < entries.length; i++) {
    const f = folded[i];
    if (f === undefined || files.get(f) !== i) continue;
    const needer = dirs.get(f);
    if (needer !== undefined) conflicts.push({ index: i, withIndex: needer, kind: 'file-folder' });
  }
  return conflicts;
}
