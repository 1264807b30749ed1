import { describe, expect, it } from 'vitest';
import { s3Uri } from './s3-uri';

describe('s3Uri', () => {
  it('writes the key as-is after the bucket, as the aws CLI takes it', () => {
    expect(s3Uri('thaw-demo-training', 'training/a b/ünï+%.jsonl')).toBe('s3://thaw-demo-training/training/a b/ünï+%.jsonl');
    expect(s3Uri('b', 'folder/')).toBe('s3://b/folder/');
    expect(s3Uri('b')).toBe('s3://b/');
  });
});
