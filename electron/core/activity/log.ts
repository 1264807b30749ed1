/**
 * The activity log: `activity.jsonl` under user data, and `activity:*`.
 *
 * Append-only through the core's journal: an `entry` record when an action
 * starts, an `update` record with its outcome when it ends, so a crash
 * between the two still leaves the start on record. Replayed into memory at
 * first use; entries older than the retention setting are dropped and the
 * file compacted then. A last record cut off by a crash is dropped and
 * reported; a damaged file is set aside (never overwritten) and reported,
 * and the log starts afresh. A file that cannot be opened at all fails
 * with a sentence naming it, and the next call tries again.
 */
import { randomUUID } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActivityEntry } from '../../../shared/ipc/activity';
import type { ParsedInput } from '../../../shared/ipc/contract';
import { ThawError } from '../errors';
import { writeFileAtomic } from '../persist/atomic-write';
import { Journal, JournalError, type JournalRecord } from '../persist/journal';
import type { Dialogs, Handlers } from '../types';
import { toCsv } from './csv';

const VERSION = 1;
const DAY_MS = 86_400_000;

type ActivityRecord =
  | (JournalRecord & { op: 'entry'; entry: ActivityEntry })
  | (JournalRecord & { op: 'update'; id: string; patch: Partial<ActivityEntry> });

/** Filter of `activity:list` and `activity:export`. */
export type ActivityFilter = ParsedInput<'activity:list'>['filter'];

/** What the log needs. */
export interface ActivityDeps {
  userDataDir: string;
  dialogs: Dialogs;
  now?: () => number;
  /** Days entries are kept (read on every compaction, so a settings change applies). */
  retentionDays: () => number;
}

/** The activity log of one core. */
export class ActivityLog {
  private opened?: Promise<{ journal: Journal<ActivityRecord>; entries: Map<string, ActivityEntry> }>;
  private problem: string | undefined;
  private readonly path: string;
  private readonly now: () => number;

  constructor(private readonly deps: ActivityDeps) {
    this.path = join(deps.userDataDir, 'activity.jsonl');
    this.now = deps.now ?? Date.now;
  }

  /** Records the start of an action; resolves to its id once durable. */
  async record(entry: Omit<ActivityEntry, 'id' | 'at'> & { at?: number }): Promise<string> {
    const { journal, entries } = await this.open();
    const full: ActivityEntry = { ...entry, id: randomUUID(), at: entry.at ?? this.now() };
    await journal.append({ v: VERSION, at: full.at, op: 'entry', entry: full });
    entries.set(full.id, full);
    return full.id;
  }

  /** Records how an action ended (outcome, counts, detail). */
  async update(id: string, patch: Partial<Omit<ActivityEntry, 'id'>>): Promise<void> {
    const { journal, entries } = await this.open();
    const current = entries.get(id);
    if (!current) return;
    await journal.append({ v: VERSION, at: this.now(), op: 'update', id, patch });
    entries.set(id, { ...current, ...patch });
  }

  /** Entries matching `filter`, newest first. */
  async list(filter: ActivityFilter, offset = 0, limit = 200): Promise<{ entries: ActivityEntry[]; total: number; problem?: string }> {
    const all = this.matching((await this.open()).entries, filter);
    return { entries: all.slice(offset, offset + limit), total: all.length, ...(this.problem ? { problem: this.problem } : {}) };
  }

  /** Writes matching entries as CSV or JSON to a file the user picks; null when cancelled. */
  async export(filter: ActivityFilter, format: 'csv' | 'json'): Promise<{ path: string; count: number } | null> {
    const entries = this.matching((await this.open()).entries, filter);
    const stamp = new Date(this.now()).toISOString().slice(0, 10);
    const path = await this.deps.dialogs.chooseSaveFile('Export activity log', { defaultName: `thaw-activity-${stamp}.${format}`, extensions: [format] });
    if (!path) return null;
    const text = format === 'json' ? `${JSON.stringify(entries, null, 2)}\n` : toCsv(entries);
    await writeFileAtomic(path, text);
    return { path, count: entries.length };
  }

  /** Waits for pending writes and closes the file. */
  async close(): Promise<void> {
    const opened = await this.opened?.catch(() => undefined);
    await opened?.journal.close();
  }

  private matching(entries: Map<string, ActivityEntry>, filter: ActivityFilter): ActivityEntry[] {
    const text = filter.text?.toLowerCase();
    const out: ActivityEntry[] = [];
    for (const e of entries.values()) {
      if (filter.action && e.action !== filter.action) continue;
      if (filter.connectionId && e.connectionId !== filter.connectionId) continue;
      if (filter.since !== undefined && e.at < filter.since) continue;
      if (text && ![e.bucket, e.key, e.identity, e.connectionName, ...(e.prefixes ?? [])].some((f) => f?.toLowerCase().includes(text))) continue;
      out.push(e);
    }
    return out.sort((a, b) => b.at - a.at);
  }

  private open() {
    // A failed open (a file locked by a virus scanner, a read-only disk) is not kept: the next call tries again.
    this.opened ??= this.load().catch((err: unknown) => {
      this.opened = undefined;
      throw this.unreadable(err);
    });
    return this.opened;
  }

  private unreadable(err: unknown): ThawError {
    if (err instanceof ThawError) return err;
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    return new ThawError(
      code === 'ENOSPC' ? 'DiskFull' : 'Internal',
      `The activity log ${this.path} could not be opened (${code ?? 'unknown error'}); Thaw tries again at the next action. Check that the file is readable and not locked by another program.`,
    );
  }

  private async load() {
    let opened;
    try {
      opened = await Journal.open<ActivityRecord>(this.path, { version: VERSION });
    } catch (err) {
      if (!(err instanceof JournalError)) throw err;
      const keptAt = `${this.path}.damaged-${this.now()}`;
      await rename(this.path, keptAt);
      this.problem = `The activity log could not be read (${err.message}); it was kept as ${keptAt} and a new log was started.`;
      opened = await Journal.open<ActivityRecord>(this.path, { version: VERSION });
    }
    if (opened.tornTail) {
      this.problem = 'The last record of the activity log was cut off (Thaw was stopped while writing it) and was dropped; everything before it was kept.';
    }
    const entries = new Map<string, ActivityEntry>();
    for (const r of opened.records) {
      if (r.op === 'entry') entries.set(r.entry.id, r.entry);
      else if (r.op === 'update') {
        const e = entries.get(r.id);
        if (e) entries.set(r.id, { ...e, ...r.patch });
      }
    }
    const cutoff = this.now() - this.deps.retentionDays() * DAY_MS;
    let dropped = 0;
    for (const [id, e] of entries) {
      if (e.at >= cutoff) continue;
      entries.delete(id);
      dropped++;
    }
    // Compact when retention dropped something or updates doubled the file: one record per entry.
    // Best effort: a failed compaction leaves the old file whole and the entries in memory right.
    if (dropped > 0 || opened.records.length > entries.size * 2 + 100) {
      await opened.journal.replace([...entries.values()].map((entry) => ({ v: VERSION, at: entry.at, op: 'entry' as const, entry }))).catch(() => undefined);
    }
    return { journal: opened.journal, entries };
  }
}

/** `activity:list` and `activity:export`. */
export function createActivityHandlers(log: ActivityLog): Pick<Handlers, 'activity:list' | 'activity:export'> {
  return {
    'activity:list': ({ filter, offset, limit }) => log.list(filter, offset, limit),
    'activity:export': ({ filter, format }) => log.export(filter, format),
  };
}
