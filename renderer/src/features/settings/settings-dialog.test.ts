import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/ipc/settings';
import { entryScope, entryResult } from '../activity/activity-dialog';
import { patchFromDraft } from './settings-dialog';

const draft = (over: Partial<Parameters<typeof patchFromDraft>[0]> = {}) => ({
  defaultTier: 'Standard' as const,
  defaultDays: '7',
  confirmAboveUsd: '25',
  requestsPerSecond: '250',
  concurrency: '64',
  filesAtOnce: '32',
  notifications: true,
  activityRetentionDays: '365',
  ...over,
});

describe('settings form', () => {
  it('sends only what changed', () => {
    expect(patchFromDraft(draft(), defaultSettings())).toEqual({ ok: true, patch: {} });
    expect(patchFromDraft(draft({ defaultDays: '3', defaultTier: 'Bulk', notifications: false }), defaultSettings())).toEqual({
      ok: true,
      patch: { restore: { defaultTier: 'Bulk', defaultDays: 3 }, notifications: false },
    });
    expect(patchFromDraft(draft({ filesAtOnce: '100' }), defaultSettings())).toEqual({ ok: true, patch: { transfers: { filesAtOnce: 100 } } });
  });

  it('names each bad field with the schema the core uses, and sends nothing', () => {
    const res = patchFromDraft(draft({ defaultDays: '999', requestsPerSecond: '2.5', activityRetentionDays: '', filesAtOnce: '0' }), defaultSettings());
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(Object.keys(res.problems).sort()).toEqual(['activityRetentionDays', 'defaultDays', 'filesAtOnce', 'requestsPerSecond']);
    expect(res.problems.defaultDays).toMatch(/365/);
  });
});

describe('activity entries', () => {
  const base = { id: '1', at: 0, action: 'restore' as const, connectionId: 'c', connectionName: 'C', bucket: 'b', outcome: 'done' as const };
  it('say what they acted on and how it ended', () => {
    expect(entryScope({ ...base, prefixes: ['data/'] })).toBe('s3://b/data/');
    expect(entryScope({ ...base, prefixes: ['a/', 'c/'], keyCount: 2 })).toBe('2 folders in s3://b/ and 2 objects');
    expect(entryScope({ ...base, keyCount: 1 })).toBe('1 object in s3://b/');
    expect(entryScope({ ...base, key: 'x/y.bin' })).toBe('s3://b/x/y.bin');
    expect(entryResult({ ...base, result: { restored: 4990, failed: 10, skipped: 0 } })).toBe('4,990 restored · 10 failed');
    expect(entryResult({ ...base, detail: 'Cancelled by the user.' })).toBe('Cancelled by the user.');
  });
});
