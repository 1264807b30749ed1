/**
 * The activity CSV: RFC 4180 quoting of hostile values and neutralised
 * spreadsheet formulas, checked by parsing the output back.
 */
import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../shared/ipc/activity';
import { csvField, toCsv } from './csv';

/** A strict RFC 4180 reader: what a spreadsheet sees in each cell. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) throw new Error('unterminated quoted field');
        cell += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') {
          cell += '"';
          i++;
        } else break;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote in an unquoted field at ${i}`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
      if (i === text.length) return rows;
      continue;
    }
    throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text[i])}`);
  }
}

const base: ActivityEntry = {
  id: 'id-1',
  at: Date.UTC(2026, 0, 2, 3, 4, 5),
  action: 'restore',
  connectionId: 'c1',
  connectionName: 'Prod',
  bucket: 'bucket',
  outcome: 'done',
};

describe('csvField', () => {
  it('leaves plain values bare and writes nothing for missing ones', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(42)).toBe('42');
    expect(csvField(undefined)).toBe('');
    expect(csvField(null)).toBe('');
  });

  it('quotes commas, quotes (doubled), CR, LF and edge whitespace', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    // A spreadsheet would trim an unquoted edge space away.
    expect(csvField(' padded ')).toBe('" padded "');
  });

  it('neutralises every formula trigger with a leading quote', () => {
    for (const hostile of ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      const cell = parseCsv(`${csvField(hostile)}\r\n`)[0]![0]!;
      expect(cell).toBe(`'${hostile}`);
    }
    // Only a leading trigger makes a formula; the same characters inside stay as they are.
    expect(csvField('a=b+c-d@e')).toBe('a=b+c-d@e');
  });

  it('does not touch numbers: a negative count is a number, not a formula', () => {
    expect(csvField(-5)).toBe('-5');
  });
});

describe('toCsv', () => {
  it('writes a header and one CRLF-terminated row per entry', () => {
    const text = toCsv([base, { ...base, id: 'id-2' }]);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('bucket');
    for (const r of rows) expect(r).toHaveLength(rows[0]!.length);
    expect(toCsv([])).toBe(`${rows[0]!.join(',')}\r\n`);
  });

  it('round-trips hostile bucket, key, prefixes and detail cell for cell', () => {
    const hostile: ActivityEntry = {
      ...base,
      connectionName: 'Prod, "EU"',
      identity: '@attacker',
      bucket: '=cmd|\' /C calc\'!A0',
      key: 'dir/a,b\n"c"\r\nd.txt',
      prefixes: ['-x/', 'y/'],
      detail: '+line one\nline two',
      result: { restored: 3, failed: 1 },
      jobId: 'job-1',
      endedAt: Date.UTC(2026, 0, 2, 4, 0, 0),
      estimatedCostUsd: 0.125,
    };
    const [header, row] = parseCsv(toCsv([hostile]));
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell('time')).toBe('2026-01-02T03:04:05.000Z');
    expect(cell('connection')).toBe('Prod, "EU"');
    expect(cell('identity')).toBe("'@attacker");
    expect(cell('bucket')).toBe(`'${hostile.bucket}`);
    expect(cell('key')).toBe(hostile.key);
    expect(cell('prefixes')).toBe("'-x/ y/");
    expect(cell('detail')).toBe(`'${hostile.detail}`);
    expect(cell('result')).toBe('restored=3 failed=1');
    expect(cell('ended')).toBe('2026-01-02T04:00:00.000Z');
    expect(cell('estimated_cost_usd')).toBe('0.125');
    expect(cell('job_id')).toBe('job-1');
    // Absent optional fields are empty cells, not "undefined".
    expect(cell('tier')).toBe('');
    expect(cell('days')).toBe('');
  });
});
