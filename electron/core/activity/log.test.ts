/**
 * The activity log: durable entries and outcomes across reopenings, a torn
 * tail after a kill, damaged and unreadable files, retention, filters and
 * paging, and export as CSV and JSON.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../shared/ipc/activity';
import { ThawError } from '../errors';
import type { Dialogs } from '../types';
import { ActivityLog } from './log';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);

const dirs: string[] = [];
const logs: ActivityLog[] = [];
afterEach(async () => {
  for (const l of logs.splice(0)) await l.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thaw-activity-'));
  dirs.push(dir);
  return dir;
}

function noDialogs(savePath?: string): Dialogs & { asked: Array<{ defaultName: string; extensions: string[] }> } {
  const asked: Array<{ defaultName: string; extensions: string[] }> = [];
  return {
    asked,
    chooseDirectory: async () => undefined,
    chooseFiles: async () => [],
    chooseSaveFile: async (_title, opts) => {
      asked.push(opts);
      return savePath;
    },
  };
}

function openLog(dir: string, opts: { retentionDays?: number; now?: () => number; savePath?: string } = {}) {
  const dialogs = noDialogs(opts.savePath);
  const log = new ActivityLog({ userDataDir: dir, dialogs, now: opts.now ?? (() => NOW), retentionDays: () => opts.retentionDays ?? 90 });
  logs.push(log);
  return { log, dialogs };
}

async function closeLog(log: ActivityLog): Promise<void> {
  logs.splice(logs.indexOf(log), 1);
  await log.close();
}

type NewEntry = Omit<ActivityEntry, 'id' | 'at'> & { at?: number };
const restore = (over: Partial<NewEntry> = {}): NewEntry => ({
  action: 'restore',
  connectionId: 'conn-a',
  connectionName: 'Production',
  bucket: 'archive-bucket',
  prefixes: ['logs/2025/'],
  outcome: 'started',
  ...over,
});

const logFile = (dir: string) => join(dir, 'activity.jsonl');

describe('ActivityLog persistence', () => {
  it('keeps entries and their outcomes across reopening, one entry per action', async () => {
    const dir = tempDir();
    const first = openLog(dir).log;
    const a = await first.record(restore({ at: NOW - 2000, bucket: 'first' }));
    const b = await first.record(restore({ at: NOW - 1000, bucket: 'second' }));
    await first.update(a, { outcome: 'partial', result: { restored: 9, failed: 1 }, endedAt: NOW - 500 });
    // In this session already, the update replaces the outcome rather than adding a row.
    const live = await first.list({});
    expect(live.total).toBe(2);
    expect(live.entries.find((e) => e.id === a)).toMatchObject({ outcome: 'partial', result: { restored: 9, failed: 1 } });
    await closeLog(first);

    const second = openLog(dir).log;
    const again = await second.list({});
    expect(again.problem).toBeUndefined();
    expect(again.entries.map((e) => e.id)).toEqual([b, a]);
    expect(again.entries[1]).toMatchObject({ bucket: 'first', outcome: 'partial', endedAt: NOW - 500, result: { restored: 9, failed: 1 } });
    expect(again.entries[0]).toMatchObject({ bucket: 'second', outcome: 'started' });
  });

  it('an update for an id it does not know writes nothing', async () => {
    const dir = tempDir();
    const { log } = openLog(dir);
    await log.record(restore());
    const before = readFileSync(logFile(dir), 'utf8');
    await log.update('no-such-id', { outcome: 'done' });
    expect(readFileSync(logFile(dir), 'utf8')).toBe(before);
    expect((await log.list({})).total).toBe(1);
  });

  it('tolerates a record torn by a kill mid-append, keeps every earlier entry and says so', async () => {
    const dir = tempDir();
    const first = openLog(dir).log;
    const a = await first.record(restore({ at: NOW - 3000 }));
    const b = await first.record(restore({ at: NOW - 2000 }));
    await first.update(b, { outcome: 'done' });
    await closeLog(first);
    // What a SIGKILL halfway through writing the next record leaves behind.
    appendFileSync(logFile(dir), '{"v":1,"at":1781524800000,"op":"entry","entry":{"id":"torn","bucket":"half-writ');

    const second = openLog(dir).log;
    const res = await second.list({});
    expect(res.entries.map((e) => e.id)).toEqual([b, a]);
    expect(res.entries[0]!.outcome).toBe('done');
    expect(res.problem).toMatch(/cut off/);
    // The log goes on: a new entry is appended after the cut, and the next start is clean.
    const c = await second.record(restore({ at: NOW - 1000 }));
    await closeLog(second);
    const third = openLog(dir).log;
    const later = await third.list({});
    expect(later.entries.map((e) => e.id)).toEqual([c, b, a]);
    expect(later.problem).toBeUndefined();
  });

  it('sets a damaged file aside untouched, reports it, and starts a fresh log that works', async () => {
    const dir = tempDir();
    const first = openLog(dir).log;
    const kept = await first.record(restore());
    await closeLog(first);
    const damagedText = `${readFileSync(logFile(dir), 'utf8')}this line is not JSON\n`;
    writeFileSync(logFile(dir), damagedText);

    const second = openLog(dir).log;
    const res = await second.list({});
    expect(res.total).toBe(0);
    expect(res.problem).toMatch(/could not be read/);
    const aside = readdirSync(dir).filter((n) => n.startsWith('activity.jsonl.damaged-'));
    expect(aside).toHaveLength(1);
    expect(res.problem).toContain(aside[0]);
    // The old entries are still on disk, byte for byte, for the user to recover.
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(damagedText);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toContain(kept);

    const fresh = await second.record(restore({ bucket: 'after-damage' }));
    await closeLog(second);
    const third = openLog(dir).log;
    expect((await third.list({})).entries.map((e) => e.id)).toEqual([fresh]);
  });

  it('reports an unreadable file with a clear error instead of failing vaguely, and recovers once it is readable', async () => {
    const dir = tempDir();
    // A directory where the file should be: reading it fails with EISDIR, like a file locked or denied.
    mkdirSync(logFile(dir));
    const { log } = openLog(dir);
    const err = await log.list({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThawError);
    expect((err as ThawError).message).toContain(logFile(dir));
    expect((err as ThawError).message).toContain('EISDIR');
    await expect(log.record(restore())).rejects.toThrow(/activity log/);
    // The obstacle goes away (the lock is released): the same log works without a restart.
    rmSync(logFile(dir), { recursive: true });
    const id = await log.record(restore());
    expect((await log.list({})).entries.map((e) => e.id)).toEqual([id]);
  });
});

describe('ActivityLog retention', () => {
  it('drops entries older than the retention on opening and compacts them out of the file', async () => {
    const dir = tempDir();
    const first = openLog(dir, { retentionDays: 365 }).log;
    const old = await first.record(restore({ at: NOW - 31 * DAY, bucket: 'old' }));
    // Exactly 30 days old is not older than 30 days.
    const edge = await first.record(restore({ at: NOW - 30 * DAY, bucket: 'edge' }));
    const recent = await first.record(restore({ at: NOW - DAY, bucket: 'recent' }));
    await first.update(edge, { outcome: 'cancelled' });
    await closeLog(first);

    const second = openLog(dir, { retentionDays: 30 }).log;
    const res = await second.list({});
    expect(res.entries.map((e) => e.id)).toEqual([recent, edge]);
    expect(res.entries[1]!.outcome).toBe('cancelled');
    await closeLog(second);
    const text = readFileSync(logFile(dir), 'utf8');
    expect(text).not.toContain(old);
    // Compaction folds the update into the entry: one record per entry.
    expect(text.trim().split('\n')).toHaveLength(2);

    // A longer retention later cannot bring back what was dropped, and the outcome survived compaction.
    const third = openLog(dir, { retentionDays: 365 }).log;
    const after = await third.list({});
    expect(after.entries.map((e) => e.id)).toEqual([recent, edge]);
    expect(after.entries[1]!.outcome).toBe('cancelled');
  });

  it('leaves the file alone when nothing is past retention', async () => {
    const dir = tempDir();
    const first = openLog(dir, { retentionDays: 30 }).log;
    const id = await first.record(restore({ at: NOW - DAY }));
    await first.update(id, { outcome: 'done' });
    await closeLog(first);
    const before = readFileSync(logFile(dir), 'utf8');
    const second = openLog(dir, { retentionDays: 30 }).log;
    await second.list({});
    expect(readFileSync(logFile(dir), 'utf8')).toBe(before);
  });
});

describe('ActivityLog list', () => {
  async function seeded() {
    const { log } = openLog(tempDir());
    const ids = {
      restoreA: await log.record(restore({ at: NOW - 5000, bucket: 'Photos-2024', identity: 'arn:aws:iam::1:user/alice' })),
      share: await log.record(restore({ at: NOW - 4000, action: 'share-link', bucket: 'docs', key: 'Reports/Q1.PDF', prefixes: undefined })),
      restoreB: await log.record(restore({ at: NOW - 3000, connectionId: 'conn-b', connectionName: 'Staging', bucket: 'scratch', detail: 'photos mentioned only here' })),
      restoreC: await log.record(restore({ at: NOW - 2000, bucket: 'backup', prefixes: ['db/', 'PHOTOS/raw/'] })),
    };
    return { log, ids };
  }

  it('lists newest first with the total of all matches', async () => {
    const { log, ids } = await seeded();
    const res = await log.list({});
    expect(res.entries.map((e) => e.id)).toEqual([ids.restoreC, ids.restoreB, ids.share, ids.restoreA]);
    expect(res.total).toBe(4);
  });

  it('filters by action, connection and since (inclusive)', async () => {
    const { log, ids } = await seeded();
    expect((await log.list({ action: 'share-link' })).entries.map((e) => e.id)).toEqual([ids.share]);
    expect((await log.list({ connectionId: 'conn-b' })).entries.map((e) => e.id)).toEqual([ids.restoreB]);
    expect((await log.list({ since: NOW - 3000 })).entries.map((e) => e.id)).toEqual([ids.restoreC, ids.restoreB]);
    expect((await log.list({ action: 'restore', connectionId: 'conn-a', since: NOW - 4500 })).entries.map((e) => e.id)).toEqual([ids.restoreC]);
  });

  it('matches text case-insensitively in bucket, key, identity, connection name and prefixes only', async () => {
    const { log, ids } = await seeded();
    // "photos" is in a bucket, a prefix and a detail; the detail is not searched.
    expect((await log.list({ text: 'photos' })).entries.map((e) => e.id)).toEqual([ids.restoreC, ids.restoreA]);
    expect((await log.list({ text: 'q1.pdf' })).entries.map((e) => e.id)).toEqual([ids.share]);
    expect((await log.list({ text: 'ALICE' })).entries.map((e) => e.id)).toEqual([ids.restoreA]);
    expect((await log.list({ text: 'staging' })).entries.map((e) => e.id)).toEqual([ids.restoreB]);
    expect((await log.list({ text: 'nothing-like-this' })).total).toBe(0);
  });

  it('pages with offset and limit over the filtered, sorted list', async () => {
    const { log, ids } = await seeded();
    const page = await log.list({ action: 'restore' }, 1, 1);
    expect(page.entries.map((e) => e.id)).toEqual([ids.restoreB]);
    expect(page.total).toBe(3);
    expect((await log.list({}, 3, 10)).entries.map((e) => e.id)).toEqual([ids.restoreA]);
    expect((await log.list({}, 10, 10)).entries).toEqual([]);
  });
});

describe('ActivityLog export', () => {
  it('writes the filtered entries as JSON, newest first', async () => {
    const dir = tempDir();
    const target = join(dir, 'out.json');
    const { log, dialogs } = openLog(dir, { savePath: target });
    const a = await log.record(restore({ at: NOW - 2000 }));
    const b = await log.record(restore({ at: NOW - 1000 }));
    await log.record(restore({ action: 'share-link' }));
    await log.update(a, { outcome: 'failed', detail: 'x' });
    const res = await log.export({ action: 'restore' }, 'json');
    expect(res).toEqual({ path: target, count: 2 });
    const written = JSON.parse(readFileSync(target, 'utf8')) as ActivityEntry[];
    expect(written.map((e) => e.id)).toEqual([b, a]);
    expect(written[1]).toMatchObject({ outcome: 'failed', detail: 'x' });
    expect(written).toEqual((await log.list({ action: 'restore' })).entries);
    expect(dialogs.asked).toEqual([{ defaultName: 'thaw-activity-2026-06-15.json', extensions: ['json'] }]);
  });

  it('writes CSV with neutralised formulas', async () => {
    const dir = tempDir();
    const target = join(dir, 'out.csv');
    const { log } = openLog(dir, { savePath: target });
    await log.record(restore({ bucket: '=HYPERLINK("http://evil")', key: 'a,b' }));
    await log.record(restore({ bucket: 'plain' }));
    expect(await log.export({}, 'csv')).toEqual({ path: target, count: 2 });
    const text = readFileSync(target, 'utf8');
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(4); // header, two rows, and the empty string after the last CRLF
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('writes nothing when the save dialog is cancelled', async () => {
    const dir = tempDir();
    const { log } = openLog(dir);
    await log.record(restore());
    expect(await log.export({}, 'csv')).toBeNull();
    expect(readdirSync(dir).filter((n) => n !== 'activity.jsonl')).toEqual([]);
    expect(existsSync(join(dir, 'thaw-activity-2026-06-15.csv'))).toBe(false);
  });
});
