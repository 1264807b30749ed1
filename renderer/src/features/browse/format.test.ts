import { describe, expect, it } from 'vitest';
import { RESTORE_IN_PROGRESS, RESTORE_NONE, RESTORE_RESTORED, storageClassIndex } from '../../../../shared/ipc/listing';
import { classInfoAt, formatModified, formatUtcDate, humanSize, restoreBadge } from './format';

describe('format', () => {
  it('prints sizes in binary units with three significant figures', () => {
    expect(humanSize(0)).toBe('0 B');
    expect(humanSize(1023)).toBe('1023 B');
    expect(humanSize(1536)).toBe('1.50 KB');
    expect(humanSize(10 * 1024 * 1024 + 1)).toBe('10.0 MB');
    expect(humanSize(5 * 1024 ** 4)).toBe('5.00 TB');
    expect(humanSize(-1)).toBe('—');
  });

  it('prints last-modified as local ISO date and minutes, blank for folders', () => {
    expect(formatModified(new Date(2026, 1, 9, 14, 3, 59).getTime())).toBe('2026-02-09 14:03');
    expect(formatModified(0)).toBe('');
  });

  it('names storage classes and their colour family', () => {
    expect(classInfoAt(storageClassIndex('DEEP_ARCHIVE'))).toMatchObject({ label: 'Deep Archive', family: 'deep-archive' });
    expect(classInfoAt(storageClassIndex('STANDARD_IA')).family).toBe('infrequent');
    expect(classInfoAt(storageClassIndex('GLACIER_IR')).family).toBe('archive-instant');
    expect(classInfoAt(storageClassIndex('INTELLIGENT_TIERING')).family).toBe('intelligent');
    expect(classInfoAt(storageClassIndex('weird-class')).label).toBe('Other');
    expect(classInfoAt(0).label).toBe('');
  });

  it('derives the restore badge from class, code and expiry', () => {
    const glacier = storageClassIndex('GLACIER');
    const standard = storageClassIndex('STANDARD');
    const expiry = Date.UTC(2026, 11, 21);
    expect(restoreBadge(glacier, RESTORE_NONE, 0, true)).toMatchObject({ label: 'Archived', tone: 'archived' });
    expect(restoreBadge(glacier, RESTORE_IN_PROGRESS, 0, true)).toMatchObject({ label: 'Restoring', tone: 'restoring' });
    expect(restoreBadge(glacier, RESTORE_RESTORED, expiry, true)?.label).toBe(`Restored until ${formatUtcDate(expiry)}`);
    expect(formatUtcDate(expiry)).toBe('21 Dec 2026');
    expect(restoreBadge(standard, RESTORE_NONE, 0, true)).toBeNull();
    expect(restoreBadge(glacier, RESTORE_NONE, 0, false)?.tone).toBe('unknown');
  });
});
