/**
 * The inspector's data: HeadObject (with checksums) plus the object's tags.
 *
 * HEAD works on archived objects too (metadata only), so this never needs a
 * restore. Tags come from a second call that may be denied on its own
 * (s3:GetObjectTagging); the inspector then shows why instead of failing.
 */
import { GetObjectTaggingCommand, HeadObjectCommand, type HeadObjectCommandInput, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { DeserializeMiddleware } from '@smithy/types';
import type { ObjectDetails } from '../../../shared/ipc/browse';
import { describeS3Error } from '../s3/describe-error';
import { describeRestore } from './restore-header';

const CHECKSUMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;

/** HeadObject + GetObjectTagging of one key, as the inspector shows it. */
export async function inspectObject(client: S3Client, bucket: string, key: string): Promise<ObjectDetails> {
  const head = headWithRawHeaders(client, bucket, key);
  const tags = readTags(client, bucket, key);
  const [{ output: h, headers }, tagResult] = await Promise.all([head, tags]);
  const checksums: Record<string, string> = {};
  for (const alg of CHECKSUMS) {
    const v = h[`Checksum${alg}`];
    if (v) checksums[alg] = v;
  }
  const storageClass = h.StorageClass ?? 'STANDARD';
  const details: ObjectDetails = {
    bucket,
    key,
    size: h.ContentLength ?? 0,
    storageClass,
    restore: describeRestore(storageClass, h.ArchiveStatus, h.Restore),
    checksums,
    metadata: { ...(h.Metadata ?? {}) },
    tags: tagResult.tags,
    rawHeaders: headers,
  };
  if (tagResult.reason) details.tagsReason = tagResult.reason;
  assign(details, 'etag', h.ETag);
  if (h.LastModified) details.lastModified = h.LastModified.getTime();
  assign(details, 'contentType', h.ContentType);
  assign(details, 'contentEncoding', h.ContentEncoding);
  assign(details, 'cacheControl', h.CacheControl);
  assign(details, 'contentDisposition', h.ContentDisposition);
  assign(details, 'contentLanguage', h.ContentLanguage);
  assign(details, 'archiveStatus', h.ArchiveStatus);
  assign(details, 'serverSideEncryption', h.ServerSideEncryption);
  assign(details, 'kmsKeyId', h.SSEKMSKeyId);
  assign(details, 'checksumType', h.ChecksumType);
  assign(details, 'versionId', h.VersionId);
  if (h.PartsCount !== undefined) details.partsCount = h.PartsCount;
  return details;
}

/** Sets an optional field only when there is a value (keeps payloads free of undefined). */
function assign<K extends keyof ObjectDetails>(target: ObjectDetails, field: K, value: ObjectDetails[K] | undefined): void {
  if (value !== undefined && value !== null && value !== '') target[field] = value;
}

/** HeadObject, keeping every response header for "show raw". */
export async function headWithRawHeaders(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<{ output: HeadObjectCommandOutput; headers: Record<string, string> }> {
  const cmd = new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' });
  let headers: Record<string, string> = {};
  const capture: DeserializeMiddleware<HeadObjectCommandInput, HeadObjectCommandOutput> = (next) => async (args) => {
    const result = await next(args);
    const raw = (result.response as { headers?: Record<string, string> }).headers ?? {};
    headers = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return result;
  };
  cmd.middlewareStack.add(capture, { step: 'deserialize', priority: 'high', name: 'thawRawHeaders', override: true });
  try {
    const output = await client.send(cmd, { abortSignal: signal });
    return { output, headers };
  } catch (err) {
    throw describeS3Error(err, { action: 's3:GetObject', bucket, key });
  }
}

async function readTags(client: S3Client, bucket: string, key: string): Promise<{ tags: Record<string, string> | null; reason?: string }> {
  try {
    const out = await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
    const tags: Record<string, string> = {};
    for (const t of out.TagSet ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
    return { tags };
  } catch (err) {
    return { tags: null, reason: describeS3Error(err, { action: 's3:GetObjectTagging', bucket, key }).message };
  }
}
