/**
 * Operations on one object: rename, new folder, edit metadata and tags.
 *
 * Rename is a copy (metadata, tags and storage class kept) followed by a
 * delete of the old key, and it refuses when the new key exists, so it
 * never overwrites anything. A metadata edit copies the object onto itself
 * with `REPLACE`, keeping what the edit does not name (content type,
 * encoding, disposition, cache control, storage class); tags given with it
 * are written by the same request (`x-amz-tagging-directive: REPLACE`), so
 * metadata and tags change together or not at all.
 */
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { ThawError } from '../errors';
import { describeAction } from './answers';
import { copyOne, headersFromHead } from './copier';
import { assertReadable } from './versions';

function where(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** HEAD of `key`, or undefined when it does not exist. */
export async function headOrNothing(client: S3Client, bucket: string, key: string): Promise<HeadObjectCommandOutput | undefined> {
  try {
    return await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) return undefined;
    throw describeAction(err, 's3:GetObject', bucket, key);
  }
}

async function headOf(client: S3Client, bucket: string, key: string): Promise<HeadObjectCommandOutput> {
  const head = await headOrNothing(client, bucket, key);
  if (!head) throw new ThawError('NoSuchKey', `${where(bucket, key)} does not exist (it may have been deleted or renamed).`, { bucket, key });
  return head;
}

/** What a rename did: `partial` when the copy exists but the old key could not be deleted. */
export type RenameOutcome = { size: number } & ({ ok: true } | { ok: false; error: ThawError });

/** Renames `key` to `newKey` in one bucket. */
export async function renameObject(client: S3Client, bucket: string, key: string, newKey: string): Promise<RenameOutcome> {
  if (newKey === key) throw new ThawError('InvalidInput', 'The new name is the same as the old one.');
  const head = await headOf(client, bucket, key);
  assertReadable(head, bucket, key);
  if (await headOrNothing(client, bucket, newKey)) {
    throw new ThawError('InvalidInput', `${where(bucket, newKey)} already exists; choose another name (a rename never overwrites an object).`, { bucket, key: newKey });
  }
  const size = head.ContentLength ?? 0;
  try {
    await copyOne({ client, source: { bucket, key, size }, target: { bucket, key: newKey }, storageClass: head.StorageClass ?? 'STANDARD', signal: new AbortController().signal });
  } catch (err) {
    throw describeAction(err, 's3:PutObject', bucket, newKey);
  }
  try {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    return { ok: true, size };
  } catch (err) {
    const why = describeAction(err, 's3:DeleteObject', bucket, key);
    return {
      ok: false,
      size,
      error: new ThawError(why.code, `Copied to ${where(bucket, newKey)}, but the old key could not be deleted (${why.message}) Both copies exist now; nothing was lost.`, why.details),
    };
  }
}

/** The folder marker key for a folder path typed by the user; refuses paths that are not a folder name. */
export function folderKey(prefix: string): string {
  const key = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const segments = key.slice(0, -1).split('/');
  if (key.startsWith('/') || segments.some((s) => s === '')) throw new ThawError('InvalidInput', 'A folder name cannot start with "/" or contain "//".');
  if (segments.some((s) => s === '.' || s === '..')) throw new ThawError('InvalidInput', 'A folder cannot be named "." or "..".');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) throw new ThawError('InvalidInput', 'A folder name cannot contain control characters.');
  if (Buffer.byteLength(key) > 1024) throw new ThawError('InvalidInput', 'That folder name is longer than S3 allows (1,024 bytes).');
  return key;
}

/** Creates the zero-byte marker `prefix/`. */
export async function createFolder(client: S3Client, bucket: string, key: string): Promise<void> {
  try {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: new Uint8Array(0), ContentLength: 0 }));
  } catch (err) {
    throw describeAction(err, 's3:PutObject', bucket, key);
  }
}

/** What a metadata edit writes. */
export interface MetadataEdit {
  metadata: Record<string, string>;
  contentType?: string;
  tags?: Record<string, string>;
}

/** Replaces an object's user metadata (and content type, and tags when given); resolves to the new version id. */
export async function updateMetadata(client: S3Client, bucket: string, key: string, edit: MetadataEdit): Promise<{ versionId?: string; size: number }> {
  const head = await headOf(client, bucket, key);
  assertReadable(head, bucket, key);
  const kept = headersFromHead(head);
  const size = head.ContentLength ?? 0;
  try {
    const out = await copyOne({
      client,
      source: { bucket, key, size },
      target: { bucket, key },
      storageClass: head.StorageClass ?? 'STANDARD',
      replace: { ...kept, metadata: edit.metadata, ...(edit.contentType ? { contentType: edit.contentType } : {}) },
      ...(edit.tags ? { tags: edit.tags } : {}),
      signal: new AbortController().signal,
    });
    return { ...out, size };
  } catch (err) {
    throw describeAction(err, 's3:PutObject', bucket, key);
  }
}
