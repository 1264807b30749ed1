/**
 * Copying one object server-side: CopyObject up to 5 GB, UploadPartCopy above.
 *
 * CopyObject keeps metadata and tags by itself (`COPY` directives) or
 * replaces them (`REPLACE`, for metadata edits). A multipart copy does not
 * carry either over, so the source's headers and tags are read first and
 * given to CreateMultipartUpload; every part names the source's ETag
 * (`x-amz-copy-source-if-match`), so an object replaced mid-copy fails the
 * copy instead of producing a mix. A failed multipart copy is aborted;
 * `onUpload` lets a job journal the upload id while it is open, so a crash
 * does not leave parts behind for ever (the job aborts it on restart).
 *
 * The storage class is always sent: S3 writes STANDARD when a copy names
 * none, which would silently change an IA or Glacier IR dataset's cost.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
  type HeadObjectCommandOutput,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';

/** The largest object CopyObject copies in one request (5 GiB). */
export const MAX_SINGLE_COPY = 5 * 1024 ** 3;
/** S3's part-count limit. */
export const MAX_PARTS = 10_000;
/** Parts of a multipart copy are at least this large: fewer requests, each still quick. */
export const MIN_COPY_PART = 64 * 1024 ** 2;
/** S3's largest part. */
export const MAX_PART = 5 * 1024 ** 3;
const MIB = 1024 ** 2;

/** The part size for a multipart copy of `size` bytes: at least 64 MiB, whole MiB, within 10,000 parts. */
export function copyPartSize(size: number): number {
  const needed = Math.ceil(size / MAX_PARTS / MIB) * MIB;
  const part = Math.max(MIN_COPY_PART, needed);
  if (part > MAX_PART) throw new Error(`An object of ${size} bytes is larger than S3 allows (5 TiB).`);
  return part;
}

/** `x-amz-copy-source`: the bucket and the URL-encoded key (slashes kept), with a version id when given. */
export function copySource(bucket: string, key: string, versionId?: string): string {
  const path = `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return versionId ? `${path}?versionId=${encodeURIComponent(versionId)}` : path;
}

/** Tags as `x-amz-tagging` wants them (`k1=v1&k2=v2`, URL-encoded). */
export function taggingHeader(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/** Metadata and content type to write instead of the source's (a metadata edit). */
export interface ReplaceHeaders {
  metadata: Record<string, string>;
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: Date;
}

/** One server-side copy. */
export interface CopySpec {
  /** A client for the target bucket's region. */
  client: S3Client;
  /** A client for the source bucket's region, when it differs (HEAD and tags of a multipart copy). */
  sourceClient?: S3Client;
  source: { bucket: string; key: string; versionId?: string; size: number };
  target: { bucket: string; key: string };
  /** The class to write; S3 defaults to STANDARD, so callers pass the source's class to keep it. */
  storageClass: string;
  /** Replace metadata (REPLACE directive) instead of copying it. */
  replace?: ReplaceHeaders;
  /** Replace tags instead of copying them. */
  tags?: Record<string, string>;
  signal: AbortSignal;
  /** Parts in flight at once for a multipart copy. */
  partConcurrency?: number;
  /** A multipart upload was opened (`open`) or finished/aborted; resolves once journaled. */
  onUpload?: (uploadId: string, open: boolean) => Promise<void>;
  /** Counts requests (`copy` for CopyObject and UploadPartCopy). */
  onRequest?: (kind: 'copy' | 'part') => void;
}

/** Copies one object; resolves to the new version id when the bucket is versioned. */
export async function copyOne(spec: CopySpec): Promise<{ versionId?: string }> {
  if (spec.source.size > MAX_SINGLE_COPY) return copyMultipart(spec);
  const { client, source, target, replace, tags } = spec;
  spec.onRequest?.('copy');
  const out = await client.send(
    new CopyObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      CopySource: copySource(source.bucket, source.key, source.versionId),
      StorageClass: spec.storageClass as StorageClass,
      MetadataDirective: replace ? 'REPLACE' : 'COPY',
      ...(replace ? replaceFields(replace) : {}),
      TaggingDirective: tags ? 'REPLACE' : 'COPY',
      ...(tags ? { Tagging: taggingHeader(tags) } : {}),
    }),
    { abortSignal: spec.signal },
  );
  return out.VersionId ? { versionId: out.VersionId } : {};
}

function replaceFields(r: ReplaceHeaders) {
  return {
    Metadata: r.metadata,
    ...(r.contentType ? { ContentType: r.contentType } : {}),
    ...(r.contentEncoding ? { ContentEncoding: r.contentEncoding } : {}),
    ...(r.contentDisposition ? { ContentDisposition: r.contentDisposition } : {}),
    ...(r.contentLanguage ? { ContentLanguage: r.contentLanguage } : {}),
    ...(r.cacheControl ? { CacheControl: r.cacheControl } : {}),
    ...(r.expires ? { Expires: r.expires } : {}),
  };
}

/** The headers a copy keeps from a HEAD of the source. */
export function headersFromHead(head: HeadObjectCommandOutput): ReplaceHeaders {
  return {
    metadata: head.Metadata ?? {},
    ...(head.ContentType ? { contentType: head.ContentType } : {}),
    ...(head.ContentEncoding ? { contentEncoding: head.ContentEncoding } : {}),
    ...(head.ContentDisposition ? { contentDisposition: head.ContentDisposition } : {}),
    ...(head.ContentLanguage ? { contentLanguage: head.ContentLanguage } : {}),
    ...(head.CacheControl ? { cacheControl: head.CacheControl } : {}),
    ...(head.Expires ? { expires: head.Expires } : {}),
  };
}

async function copyMultipart(spec: CopySpec): Promise<{ versionId?: string }> {
  const { client, source, target, signal } = spec;
  const versioned = source.versionId ? { VersionId: source.versionId } : {};
  const reader = spec.sourceClient ?? client;
  const head = await reader.send(new HeadObjectCommand({ Bucket: source.bucket, Key: source.key, ...versioned }), { abortSignal: signal });
  const size = head.ContentLength ?? source.size;
  const headers = spec.replace ?? headersFromHead(head);
  const tags = spec.tags ?? (await readTags(reader, source.bucket, source.key, source.versionId, signal));
  const created = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: target.bucket,
      Key: target.key,
      StorageClass: spec.storageClass as StorageClass,
      ...replaceFields(headers),
      ...(Object.keys(tags).length > 0 ? { Tagging: taggingHeader(tags) } : {}),
    }),
    { abortSignal: signal },
  );
  const uploadId = created.UploadId!;
  await spec.onUpload?.(uploadId, true);
  try {
    const partSize = copyPartSize(size);
    const count = Math.max(1, Math.ceil(size / partSize));
    const etags: string[] = new Array<string>(count);
    let next = 0;
    const worker = async () => {
      while (next < count && !signal.aborted) {
        const n = next++;
        const first = n * partSize;
        const last = Math.min(size, first + partSize) - 1;
        spec.onRequest?.('part');
        const out = await client.send(
          new UploadPartCopyCommand({
            Bucket: target.bucket,
            Key: target.key,
            UploadId: uploadId,
            PartNumber: n + 1,
            CopySource: copySource(source.bucket, source.key, source.versionId),
            CopySourceRange: `bytes=${first}-${last}`,
            ...(head.ETag ? { CopySourceIfMatch: head.ETag } : {}),
          }),
          { abortSignal: signal },
        );
        etags[n] = out.CopyPartResult!.ETag!;
      }
    };
    await Promise.all(Array.from({ length: Math.min(count, spec.partConcurrency ?? 8) }, worker));
    if (signal.aborted) throw abortError();
    const done = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: target.bucket,
        Key: target.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
      { abortSignal: signal },
    );
    await spec.onUpload?.(uploadId, false).catch(() => undefined);
    return done.VersionId ? { versionId: done.VersionId } : {};
  } catch (err) {
    if (await abortUpload(client, target.bucket, target.key, uploadId)) await spec.onUpload?.(uploadId, false).catch(() => undefined);
    throw err;
  }
}

/** Aborts a multipart upload; true when S3 no longer has it. */
export async function abortUpload(client: S3Client, bucket: string, key: string, uploadId: string): Promise<boolean> {
  try {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    return true;
  } catch (err) {
    return (err as { name?: string }).name === 'NoSuchUpload';
  }
}

async function readTags(client: S3Client, bucket: string, key: string, versionId: string | undefined, signal: AbortSignal): Promise<Record<string, string>> {
  const out = await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }), { abortSignal: signal });
  const tags: Record<string, string> = {};
  for (const t of out.TagSet ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  return tags;
}

function abortError(): Error {
  const err = new Error('The copy was cancelled.');
  err.name = 'AbortError';
  return err;
}
