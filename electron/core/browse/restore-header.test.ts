import { describe, expect, it } from 'vitest';
import { describeRestore, formatUtc, parseHttpDate, parseRestoreHeader } from './restore-header';

const DEC21 = Date.UTC(2012, 11, 21);

describe('parseRestoreHeader', () => {
  it('reads the two forms of the grammar', () => {
    expect(parseRestoreHeader('ongoing-request="true"')).toEqual({ ongoing: true });
    expect(parseRestoreHeader('ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"')).toEqual({ ongoing: false, expiry: DEC21 });
  });

  it('is lenient like MinIO: no quotes, odd spacing, extra parameters, wrong weekday', () => {
    expect(parseRestoreHeader('ongoing-request=true')).toEqual({ ongoing: true });
    expect(parseRestoreHeader('ongoing-request=false,expiry-date=Fri, 21 Dec 2012 00:00:00 GMT')).toEqual({ ongoing: false, expiry: DEC21 });
    expect(parseRestoreHeader('  ongoing-request = "false" ,  expiry-date = "Sun, 23 Dec 2012 00:00:00 GMT", foo="bar"')).toEqual({
      ongoing: false,
      expiry: Date.UTC(2012, 11, 23),
    });
    expect(parseRestoreHeader('Ongoing-Request="TRUE"')).toEqual({ ongoing: true });
  });

  it('rejects what is not the grammar', () => {
    expect(parseRestoreHeader(undefined)).toBeUndefined();
    expect(parseRestoreHeader('')).toBeUndefined();
    expect(parseRestoreHeader('ongoing-request="maybe"')).toBeUndefined();
    expect(parseRestoreHeader('expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"')).toBeUndefined();
  });

  it('keeps a finished restore whose date is unreadable, without an expiry', () => {
    expect(parseRestoreHeader('ongoing-request="false", expiry-date="someday"')).toEqual({ ongoing: false });
    expect(parseRestoreHeader('ongoing-request="false"')).toEqual({ ongoing: false });
  });
});

describe('parseHttpDate', () => {
  it('parses IMF-fixdate and refuses impossible dates', () => {
    expect(parseHttpDate('Fri, 21 Dec 2012 00:00:00 GMT')).toBe(DEC21);
    expect(parseHttpDate('21 Dec 2012 13:14:15 GMT')).toBe(Date.UTC(2012, 11, 21, 13, 14, 15));
    expect(parseHttpDate('Mon, 31 Feb 2026 00:00:00 GMT')).toBeUndefined();
    expect(parseHttpDate('Fri, 21 Foo 2012 00:00:00 GMT')).toBeUndefined();
    expect(parseHttpDate('2012-12-21T00:00:00Z')).toBeUndefined();
  });
});

describe('describeRestore', () => {
  it('says what the user can do, per class and header', () => {
    expect(describeRestore('GLACIER', undefined, undefined)).toEqual({ state: 'archived', sentence: 'Archived — restore needed to download' });
    expect(describeRestore('DEEP_ARCHIVE', undefined, 'ongoing-request="true"')).toEqual({ state: 'in-progress', sentence: 'Restore in progress' });
    expect(describeRestore('GLACIER', undefined, 'ongoing-request="false", expiry-date="Mon, 21 Dec 2026 00:00:00 GMT"')).toEqual({
      state: 'restored',
      expiry: Date.UTC(2026, 11, 21),
      sentence: 'Restored until 21 Dec 2026 00:00 UTC',
    });
    expect(describeRestore(undefined, undefined, undefined)).toEqual({ state: 'none', sentence: 'Not archived' });
    expect(describeRestore('GLACIER_IR', undefined, undefined).state).toBe('none');
  });

  it('treats Intelligent-Tiering by its archive status', () => {
    expect(describeRestore('INTELLIGENT_TIERING', undefined, undefined).state).toBe('none');
    expect(describeRestore('INTELLIGENT_TIERING', 'ARCHIVE_ACCESS', undefined).state).toBe('archived');
    expect(describeRestore('INTELLIGENT_TIERING', 'DEEP_ARCHIVE_ACCESS', 'ongoing-request="true"').state).toBe('in-progress');
    // After the restore the object is back in a frequent tier: no expiry, no archive status.
    expect(describeRestore('INTELLIGENT_TIERING', undefined, 'ongoing-request="false"')).toEqual({ state: 'restored', sentence: 'Restored' });
  });
});

describe('formatUtc', () => {
  it('writes day month year hh:mm UTC', () => {
    expect(formatUtc(Date.UTC(2026, 0, 5, 7, 3))).toBe('5 Jan 2026 07:03 UTC');
  });
});
