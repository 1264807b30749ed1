import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/ipc/settings';
import { createCore, dispatch } from '../index';
import { tempDir, testAdapters } from '../testing/fixtures';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function coreIn(dir: string): { call: (channel: string, input: unknown) => ReturnType<typeof dispatch> } {
  const core = createCore(testAdapters({ userDataDir: dir }));
  cleanups.push(() => core.dispose());
  return { call: (channel, input) => dispatch(core.handlers, channel, [input]) };
}

function setup() {
  const t = tempDir('thaw-settings-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('settings', () => {
  it('a patch of one field changes that field only, and survives a restart', async () => {
    const dir = setup();
    const a = coreIn(dir);
    expect((await a.call('settings:set', { patch: { restore: { requestsPerSecond: 900 } } })).ok).toBe(true);
    const second = await a.call('settings:set', { patch: { restore: { defaultDays: 3 } } });
    // The second patch must not reset the first field to its default.
    expect(second.ok && (second.data as { settings: { restore: Record<string, unknown> } }).settings.restore).toMatchObject({ requestsPerSecond: 900, defaultDays: 3, concurrency: 64 });
    const b = coreIn(dir);
    const got = await b.call('settings:get', {});
    expect(got.ok && got.data).toEqual({ settings: { ...defaultSettings(), restore: { ...defaultSettings().restore, requestsPerSecond: 900, defaultDays: 3 } } });
  });

  it('refuses a bad patch in words and changes nothing', async () => {
    const dir = setup();
    const { call } = coreIn(dir);
    await call('settings:set', { patch: { notifications: false } });
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    for (const patch of [{ restore: { defaultDays: 0 } }, { restore: { defaultDays: 366 } }, { restore: { requestsPerSecond: 5000 } }, { restore: { tier: 'Bulk' } }, { theme: 'dark' }, { activityRetentionDays: -1 }]) {
      const res = await call('settings:set', { patch });
      expect(res.ok).toBe(false);
      expect(!res.ok && res.error.code).toBe('InvalidInput');
    }
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
  });

  it('a corrupt settings file is reported, set aside, and the defaults stand in', async () => {
    const dir = setup();
    writeFileSync(join(dir, 'settings.json'), '{"version":1,"restore":{"defaultDays":');
    const { call } = coreIn(dir);
    const got = await call('settings:get', {});
    expect(got.ok).toBe(true);
    const state = got.ok ? (got.data as { settings: unknown; problem?: string }) : null;
    expect(state?.settings).toEqual(defaultSettings());
    expect(state?.problem).toMatch(/settings\.json/);
    // Saving works again on top of the defaults.
    expect((await call('settings:set', { patch: { restore: { confirmAboveUsd: 5 } } })).ok).toBe(true);
  });
});
