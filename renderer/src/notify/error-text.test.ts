import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../../shared/ipc/result';
import { ERROR_TEXT, describeError } from './error-text';

describe('error text table', () => {
  it('has a sentence for every stable code and nothing else', () => {
    expect(Object.keys(ERROR_TEXT).sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each([...ERROR_CODES])('%s reads as a sentence, not a code', (code) => {
    const { sentence } = ERROR_TEXT[code];
    expect(sentence).toMatch(/^[A-Z].{14,}[.)]$/u);
    expect(sentence).not.toContain(code);
  });

  it('gives every code its own sentence', () => {
    const sentences = ERROR_CODES.map((c) => ERROR_TEXT[c].sentence);
    expect(new Set(sentences).size).toBe(sentences.length);
  });
});

describe('describeError', () => {
  it('uses the code for the title and keeps main’s message as the detail', () => {
    expect(describeError({ code: 'NoSuchBucket', message: 'Bucket "training-data" does not exist.' })).toEqual({
      title: ERROR_TEXT.NoSuchBucket.sentence,
      detail: 'Bucket "training-data" does not exist.',
      tone: 'error',
    });
  });

  it('drops a detail that only repeats the sentence', () => {
    const d = describeError({ code: 'Internal', message: 'Something went wrong inside Thaw' });
    expect(d.detail).toBeUndefined();
  });

  it('treats a cancel as information, not a failure', () => {
    expect(describeError({ code: 'Cancelled', message: '' }).tone).toBe('info');
  });

  it('reads an unknown code from a newer main as Internal', () => {
    const d = describeError({ code: 'BrandNewCode' as ErrorCode, message: 'x happened' });
    expect(d.title).toBe(ERROR_TEXT.Internal.sentence);
    expect(d.detail).toBe('x happened');
  });
});
