/**
 * `authorize` on its own: the allow lists, then the explicit deny rules with
 * their action wildcards and bucket / prefix scopes.
 */
import { describe, expect, it } from 'vitest';
import { authorize, type SandboxCredential, type SandboxPolicy } from './auth';

function key(policy?: SandboxPolicy): SandboxCredential {
  return { accessKeyId: 'AK', secretAccessKey: 'SK', policy };
}

function allowed(cred: SandboxCredential, action: string, bucket?: string, keyOrPrefix?: string): boolean {
  try {
    authorize(cred, action, bucket, keyOrPrefix);
    return true;
  } catch (err) {
    expect(err).toMatchObject({ status: 403, code: 'AccessDenied' });
    return false;
  }
}

describe('authorize', () => {
  it('allows everything without a policy', () => {
    expect(allowed(key(), 's3:RestoreObject', 'b', 'denied/x')).toBe(true);
  });

  it('refuses a denied action under a denied prefix only', () => {
    const cred = key({ deny: [{ actions: ['s3:RestoreObject'], prefixes: ['denied/'] }] });
    expect(allowed(cred, 's3:RestoreObject', 'b', 'denied/x')).toBe(false);
    expect(allowed(cred, 's3:RestoreObject', 'b', 'ok/x')).toBe(true);
    expect(allowed(cred, 's3:GetObject', 'b', 'denied/x')).toBe(true);
  });

  it('matches deny actions with wildcards', () => {
    const cred = key({ deny: [{ actions: ['s3:Put*'] }] });
    expect(allowed(cred, 's3:PutObject', 'b', 'k')).toBe(false);
    expect(allowed(cred, 's3:GetObject', 'b', 'k')).toBe(true);
    expect(allowed(key({ deny: [{ actions: ['*'] }] }), 's3:ListAllMyBuckets')).toBe(false);
  });

  it('applies a scoped rule only to requests that carry that scope', () => {
    const cred = key({ deny: [{ actions: ['s3:ListBucket'], prefixes: ['denied/'], buckets: ['cold'] }] });
    // Listing the whole bucket (prefix '') or another bucket is not what the rule names.
    expect(allowed(cred, 's3:ListBucket', 'cold', '')).toBe(true);
    expect(allowed(cred, 's3:ListBucket', 'cold', 'denied/sub/')).toBe(false);
    expect(allowed(cred, 's3:ListBucket', 'warm', 'denied/sub/')).toBe(true);
    expect(allowed(cred, 's3:ListBucket', 'cold')).toBe(true);
  });

  it('checks the allow lists before the deny rules', () => {
    const cred = key({ actions: ['s3:GetObject', 's3:RestoreObject'], prefixes: ['team/'], deny: [{ actions: ['s3:RestoreObject'], prefixes: ['team/frozen/'] }] });
    expect(allowed(cred, 's3:RestoreObject', 'b', 'team/a')).toBe(true);
    expect(allowed(cred, 's3:RestoreObject', 'b', 'team/frozen/a')).toBe(false);
    expect(allowed(cred, 's3:RestoreObject', 'b', 'other/a')).toBe(false);
    expect(allowed(cred, 's3:PutObject', 'b', 'team/a')).toBe(false);
  });
});
