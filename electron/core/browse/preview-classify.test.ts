import { describe, expect, it } from 'vitest';
import { classifyText, decodeText, isSvg, jsonlLines, MAX_JSONL_LINES, sniffImage, utf8Boundary } from './preview-classify';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('sniffImage', () => {
  it('trusts magic bytes only', () => {
    expect(sniffImage(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffImage(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('GIF89a....'))).toBe('image/gif');
    expect(sniffImage(Buffer.from('GIF87a....'))).toBe('image/gif');
    expect(sniffImage(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(Buffer.from('RIFF\x00\x00\x00\x00WAVEfmt '))).toBeUndefined();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImage(bytes(0x89, 0x50, 0x4e))).toBeUndefined();
  });
});

describe('utf8Boundary and decodeText', () => {
  it('cuts a truncated buffer before an incomplete character', () => {
    const full = Buffer.from('ab日😀', 'utf8'); // 2 + 3 + 4 bytes
    expect(utf8Boundary(full)).toBe(9);
    for (let cut = 3; cut < 9; cut++) {
      const b = full.subarray(0, cut);
      const text = decodeText(b, true);
      expect(text).toBe(cut < 5 ? 'ab' : 'ab日');
    }
  });

  it('treats invalid UTF-8, NULs and control-heavy bytes as binary; only a cut end is forgiven', () => {
    expect(decodeText(bytes(0x61, 0xff, 0x62), false)).toBeUndefined();
    expect(decodeText(bytes(0x61, 0x00, 0x62), false)).toBeUndefined();
    expect(decodeText(Buffer.from('\x01\x02\x03\x04abc'), false)).toBeUndefined();
    expect(decodeText(Buffer.from('ab日', 'utf8').subarray(0, 4), false)).toBeUndefined();
    expect(decodeText(Buffer.from('line\r\n\ttab\x1b[0m', 'utf8'), false)).toBe('line\r\n\ttab\x1b[0m');
  });
});

describe('classifyText', () => {
  it('pretty-prints JSON that fits and falls back to text when it does not parse', () => {
    expect(classifyText('a.json', 'application/json', '{"a":[1,2]}', false)).toEqual({ kind: 'json', text: '{\n  "a": [\n    1,\n    2\n  ]\n}', pretty: true, truncated: false });
    expect(classifyText('a.txt', undefined, '[1, 2', false)).toEqual({ kind: 'text', text: '[1, 2', truncated: false });
    expect(classifyText('a.json', undefined, '{"a": 1,', true)).toEqual({ kind: 'json', text: '{"a": 1,', pretty: false, truncated: true });
    expect(classifyText('notes.md', 'text/markdown', '# hi', false)).toEqual({ kind: 'text', text: '# hi', truncated: false });
  });

  it('shows JSONL line by line, drops a cut last line and keeps invalid lines as text', () => {
    const r = classifyText('train.jsonl', 'application/octet-stream', '{"x":1}\nnot json\n\n{"y":[2]}\n{"z":', true);
    expect(r).toEqual({
      kind: 'jsonl',
      truncated: true,
      lines: [
        { text: '{\n  "x": 1\n}', valid: true },
        { text: 'not json', valid: false },
        { text: '{\n  "y": [\n    2\n  ]\n}', valid: true },
      ],
    });
    expect(classifyText('x.ndjson', undefined, 'a\nb', false)).toEqual({ kind: 'text', text: 'a\nb', truncated: false });
    expect(jsonlLines('{}\n'.repeat(MAX_JSONL_LINES + 50), false)).toHaveLength(MAX_JSONL_LINES);
  });
});

describe('isSvg', () => {
  it('recognises SVG by name, type or content', () => {
    expect(isSvg('a.svg', undefined, '')).toBe(true);
    expect(isSvg('a.bin', 'image/svg+xml', '')).toBe(true);
    expect(isSvg('a.bin', 'text/plain', '<?xml version="1.0"?>\n<!-- x -->\n<svg width="1">')).toBe(true);
    expect(isSvg('a.xml', 'text/xml', '<?xml version="1.0"?><feed/>')).toBe(false);
  });
});
