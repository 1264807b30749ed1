/**
 * Presigned GET URLs for sharing one object.
 *
 * The URL carries a signature, so it goes to the renderer only to be copied
 * to the clipboard and is never logged (nothing here logs at all). Its TTL
 * is clamped to [60 s, min(7 days, the settings cap)]; SigV4 presigning
 * cannot outlive the credentials that signed it, so temporary credentials
 * shorten it further.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ShareLink } from '../../../shared/ipc/browse';
import { describeS3Error } from '../s3/describe-error';

/** Default TTL: 10 minutes. */
export const DEFAULT_SHARE_SECONDS = 600;
/** Shortest TTL offered. */
export const MIN_SHARE_SECONDS = 60;
/** SigV4's limit for presigned URLs: 7 days. */
export const MAX_SHARE_SECONDS = 604_800;

/** The TTL to use and why it differs from the request, if it does. */
export function clampTtl(requested: number | undefined, settingsCap?: number): { seconds: number; reason?: string } {
  const cap = Math.max(MIN_SHARE_SECONDS, Math.min(MAX_SHARE_SECONDS, Math.floor(settingsCap ?? MAX_SHARE_SECONDS)));
  const want = Math.floor(requested ?? DEFAULT_SHARE_SECONDS);
  if (want < MIN_SHARE_SECONDS) return { seconds: MIN_SHARE_SECONDS, reason: 'Links last at least 1 minute.' };
  if (want > cap) {
    const why = cap < MAX_SHARE_SECONDS ? 'the limit set in Settings' : 'the 7-day limit of S3 presigned URLs';
    return { seconds: cap, reason: `Shortened to ${describeSeconds(cap)}: ${why}.` };
  }
  return { seconds: want };
}

/** `10 minutes`, `7 days`, `1 hour 30 minutes`. */
export function describeSeconds(s: number): string {
  const parts: string[] = [];
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  let rest = s;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ') || '0 seconds';
}

/** Presigns a GET of `key`; `now` is the signing time (injectable for tests). */
export async function createShareLink(
  client: S3Client,
  bucket: string,
  key: string,
  opts: { expiresInSeconds?: number; maxShareSeconds?: number; now?: () => number; /** Presign a PUT (an upload link) instead of a GET. */ put?: { contentType?: string } },
): Promise<ShareLink> {
  const now = opts.now ?? Date.now;
  let { seconds, reason } = clampTtl(opts.expiresInSeconds, opts.maxShareSeconds);
  const signedAt = now();
  // Temporary credentials end the URL's life when they expire, whatever X-Amz-Expires says.
  const expiration = await credentialExpiry(client);
  if (expiration !== undefined) {
    const left = Math.floor((expiration - signedAt) / 1000);
    if (left < seconds) {
      seconds = Math.max(1, left);
      reason = `Shortened to ${describeSeconds(seconds)}: the current credentials expire then.`;
    }
  }
  try {
    const command = opts.put
      ? new PutObjectCommand({ Bucket: bucket, Key: key, ...(opts.put.contentType ? { ContentType: opts.put.contentType } : {}) })
      : new GetObjectCommand({ Bucket: bucket, Key: key });
    const url = await getSignedUrl(client, command, {
      expiresIn: seconds,
      signingDate: new Date(signedAt),
    });
    const link: ShareLink = { url, expiresAt: signedAt + seconds * 1000, expiresInSeconds: seconds };
    if (reason) link.clampedReason = reason;
    return link;
  } catch (err) {
    throw describeS3Error(err, { action: opts.put ? 's3:PutObject' : 's3:GetObject', bucket, key });
  }
}

/** When the client's credentials expire (ms), if they are temporary. Reads only the expiry. */
async function credentialExpiry(client: S3Client): Promise<number | undefined> {
  try {
    const provider = client.config.credentials as unknown as () => Promise<{ expiration?: Date }>;
    const creds = await provider();
    return creds.expiration instanceof Date ? creds.expiration.getTime() : undefined;
  } catch {
    // Resolution problems surface from getSignedUrl with a proper message.
    return undefined;
  }
}
