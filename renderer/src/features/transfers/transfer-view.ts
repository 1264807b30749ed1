/**
 * What the download and upload dialogs say, computed without React:
 * collision policies in words, the archived-objects warning, the restore
 * tiers a restore-first download may use, and user-metadata checks.
 */
import type { ArchivedChoice, CollisionPolicy, DownloadPlan } from '../../../../shared/ipc/transfers';
import { validTiers, type ArchiveKind, type RestoreTier } from '../../../../shared/restore-rules';
import { classInfo, humanSize } from '../browse/format';

const n = (v: number) => v.toLocaleString('en-US');

/** Each collision policy, as the download dialog offers it. */
export const COLLISION_TEXT: Record<CollisionPolicy, { label: string; hint: string }> = {
  skip: { label: 'Skip it', hint: 'the local file stays as it is' },
  rename: { label: 'Keep both', hint: 'the download is saved as “name (1).ext”' },
  overwrite: { label: 'Overwrite it', hint: 'the local file is replaced' },
  newer: { label: 'Overwrite if newer', hint: 'replaced only when the object is newer than the file' },
};

/** The archive kinds behind a plan's `archived.byClass` (classes or Intelligent-Tiering tiers). */
export function archiveKinds(byClass: Record<string, number>): ArchiveKind[] {
  const kinds = new Set<ArchiveKind>();
  for (const [name, count] of Object.entries(byClass)) {
    if (count <= 0) continue;
    if (name === 'GLACIER') kinds.add('GLACIER');
    else if (name === 'DEEP_ARCHIVE') kinds.add('DEEP_ARCHIVE');
    else if (name === 'IT_ARCHIVE_ACCESS' || name === 'ARCHIVE_ACCESS') kinds.add('IT_ARCHIVE_ACCESS');
    // Intelligent-Tiering without a named tier: assume the deeper one, which refuses Expedited.
    else kinds.add('IT_DEEP_ARCHIVE_ACCESS');
  }
  return [...kinds];
}

/** The tiers a restore-first download may use for the plan's archived objects. */
export function restoreFirstTiers(plan: Pick<DownloadPlan, 'archived'>): RestoreTier[] {
  return validTiers(archiveKinds(plan.archived.byClass));
}

/** Whether a restore of the plan's archived objects carries Days (any Glacier or Deep Archive object). */
export function restoreFirstNeedsDays(plan: Pick<DownloadPlan, 'archived'>): boolean {
  return archiveKinds(plan.archived.byClass).some((k) => k === 'GLACIER' || k === 'DEEP_ARCHIVE');
}

/** "3 archived objects (1.20 GB) are not readable now". */
export function archivedHeadline(plan: Pick<DownloadPlan, 'archived'>): string {
  const a = plan.archived;
  return `${n(a.objects)} archived ${a.objects === 1 ? 'object' : 'objects'} (${humanSize(a.bytes)}) ${a.objects === 1 ? 'is' : 'are'} not readable now`;
}

/** "2 in Deep Archive · 1 in Glacier FR", largest first. */
export function archivedClasses(byClass: Record<string, number>): string {
  return Object.entries(byClass)
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, c]) => `${n(c)} in ${classInfo(name).label || name}`)
    .join(' · ');
}

/** Files and bytes the download fetches now with `archived` chosen (archived objects wait or are left out). */
export function downloadNow(plan: Pick<DownloadPlan, 'files' | 'bytes' | 'archived'>, archived: ArchivedChoice): { files: number; bytes: number; later: number } {
  const files = Math.max(0, plan.files - plan.archived.objects);
  const bytes = Math.max(0, plan.bytes - plan.archived.bytes);
  return { files, bytes, later: archived === 'restore-first' ? plan.archived.objects : 0 };
}

/** The primary button of the download dialog. */
export function downloadButton(plan: Pick<DownloadPlan, 'files' | 'bytes' | 'archived'>, archived: ArchivedChoice): string {
  const now = downloadNow(plan, archived);
  if (now.later > 0) return now.files > 0 ? `Download ${n(now.files)} now, ${n(now.later)} when restored` : `Restore and download ${n(now.later)} ${now.later === 1 ? 'file' : 'files'}`;
  return `Download ${n(now.files)} ${now.files === 1 ? 'file' : 'files'}`;
}

/** One metadata row of the upload dialog (or the metadata editor). */
export interface MetaRow {
  name: string;
  value: string;
}

const META_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * What is wrong with each row (null: fine), and the metadata to send when nothing is.
 *
 * Empty rows are ignored. Names follow the contract: lower-case letters,
 * digits and dashes (S3 lower-cases them anyway, and `x-amz-meta-` is added).
 */
export function checkMetadata(rows: readonly MetaRow[]): { problems: Array<string | null>; metadata: Record<string, string> | null } {
  const seen = new Set<string>();
  const metadata: Record<string, string> = {};
  let ok = true;
  const problems = rows.map((row) => {
    const name = row.name.trim();
    if (name === '' && row.value === '') return null;
    let problem: string | null = null;
    if (name === '') problem = 'Give the value a name.';
    else if (!META_NAME.test(name)) problem = 'Lower-case letters, digits and dashes only (e.g. sample-count).';
    else if (seen.has(name)) problem = 'This name is used twice.';
    else if (row.value.length > 1024) problem = 'At most 1,024 characters.';
    seen.add(name);
    if (problem) ok = false;
    else metadata[name] = row.value;
    return problem;
  });
  if (Object.keys(metadata).length > 50) return { problems, metadata: null };
  return { problems, metadata: ok ? metadata : null };
}
