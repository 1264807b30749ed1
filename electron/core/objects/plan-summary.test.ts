/**
 * The plan's sentence and the per-key state arrays.
 */
import { describe, expect, it } from 'vitest';
import { initialState } from './job-files';
import { formatBytes, summarize } from './plan';
import { FLAG_ARCHIVED, FLAG_OK, FLAG_SAME_CLASS, OpKeyStates, reasonCode, S_COPIED, S_DONE, S_FAILED, S_PENDING, S_SKIPPED } from './state';

const tally = { objects: 0, bytes: 0, archived: 0, large: 0, sameClass: 0, early: 0, chargeUsd: 0, gone: 0 };

describe('summarize', () => {
  it('says what will happen and every warning, in one place', () => {
    expect(summarize({ op: 'delete', bucket: 'b' }, { ...tally, objects: 1, bytes: 1 })).toBe('Delete 1 object (1 byte) from s3://b/; this cannot be undone unless the bucket keeps versions.');
    const s = summarize({ op: 'move', bucket: 'b', targetText: 's3://t/x/' }, { ...tally, objects: 2_500, bytes: 1.5 * 1024 ** 3, archived: 3, large: 1, early: 2, chargeUsd: 1.234 });
    expect(s).toBe(
      'Move 2,500 objects (1.50 GiB) to s3://t/x/. 3 objects archived and not restored cannot be copied and will be skipped. 1 object over 5 GB will be copied part by part. 2 objects are still inside the minimum storage duration of their class: removing them now bills an early-deletion charge of about $1.23.',
    );
    expect(summarize({ op: 'copy', bucket: 'b' }, tally)).toMatch(/nothing to do/);
  });

  it('formats bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(200 * 1024 ** 4)).toBe('200.0 TiB');
  });
});

describe('initial states', () => {
  it('skips archived objects for copies but deletes them, and skips same-class objects of a class change', () => {
    expect(initialState('delete', FLAG_ARCHIVED)).toEqual({ state: S_PENDING, reason: 0 });
    expect(initialState('copy', FLAG_ARCHIVED)).toEqual({ state: S_SKIPPED, reason: reasonCode('Archived') });
    expect(initialState('storage-class', FLAG_SAME_CLASS)).toEqual({ state: S_SKIPPED, reason: reasonCode('SameClass') });
    expect(initialState('move', FLAG_OK)).toEqual({ state: S_PENDING, reason: 0 });
  });

  it('keeps counts and bytes through changes and a snapshot', () => {
    const k = new OpKeyStates(4);
    for (let i = 0; i < 4; i++) k.init(i, 10 * (i + 1), S_PENDING);
    k.set(0, S_DONE);
    k.set(1, S_COPIED);
    k.set(2, S_FAILED, reasonCode('SourceKept'));
    expect(k.counts).toEqual([1, 1, 1, 0, 1]);
    expect(k.open).toBe(2);
    expect(k.bytesDone).toBe(10);
    const copy = new OpKeyStates(4);
    for (let i = 0; i < 4; i++) copy.init(i, 10 * (i + 1), S_PENDING);
    copy.restoreSnapshot(k.snapshot());
    expect([...copy.state]).toEqual([...k.state]);
    expect(copy.fails).toEqual(k.fails);
    expect(copy.bytesDone).toBe(10);
    expect(() => new OpKeyStates(3).restoreSnapshot(k.snapshot())).toThrow(/does not match/);
  });
});
