/**
 * Previews: a HEAD, then at most a 64 KB Range GET (or one whole small image).
 *
 * Archived objects are recognised from HEAD and never fetched; a GET that
 * still answers InvalidObjectState (the state changed in between) is
 * reported the same way.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Preview } from '../../../shared/ipc/browse';
import { ThawError } from '../errors';
import { describeS3Error } from '../s3/describe-error';
import { headWithRawHeaders } from './inspect';
import { classifyText, decodeText, isSvg, MAX_IMAGE_BYTES, PREVIEW_BYTES, sniffImage } from './preview-classify';
import { describeRestore } from './restore-header';

/** A safe preview of one object. */
export async function previewObject(client: S3Client, bucket: string, key: string): Promise<Preview> {
  const { output: head } = await headWithRawHeaders(client, bucket, key);
  const size = head.ContentLength ?? 0;
  const contentType = head.ContentType;
  const base = contentType ? { key, size, contentType } : { key, size };
  const storageClass = head.StorageClass ?? 'STANDARD';
  const restore = describeRestore(storageClass, head.ArchiveStatus, head.Restore);
  if (restore.state === 'archived' || restore.state === 'in-progress') {
    return { ...base, kind: 'archived', message: archivedMessage(storageClass, restore.state === 'in-progress') };
  }
  if (size === 0) return { ...base, kind: 'text', text: '', truncated: false };

  let first: Uint8Array;
  try {
    first = await getBytes(client, bucket, key, 0, Math.min(size, PREVIEW_BYTES) - 1);
  } catch (err) {
    const e = describeS3Error(err, { action: 's3:GetObject', bucket, key, storageClass });
    if (e.code === 'InvalidObjectState') return { ...base, kind: 'archived', message: archivedMessage(storageClass, false) };
    throw e;
  }
  const truncated = size > first.length;

  const mime = sniffImage(first);
  if (mime) {
    if (size > MAX_IMAGE_BYTES) return { ...base, kind: 'unsupported', reason: 'Images larger than 5 MB are not previewed.' };
    const whole = truncated ? await getBytes(client, bucket, key, 0, size - 1) : first;
    // Check again on the whole body: the object may have been replaced between the two reads.
    if (sniffImage(whole) !== mime) return { ...base, kind: 'unsupported', reason: 'The object changed while it was being read.' };
    return { ...base, kind: 'image', mime, base64: Buffer.from(whole).toString('base64') };
  }

  const text = decodeText(first, truncated);
  if (isSvg(key, contentType, text ?? '')) {
    return { ...base, kind: 'unsupported', reason: 'SVG images are not previewed: they can carry scripts.' };
  }
  if (text === undefined) return { ...base, kind: 'unsupported', reason: 'Binary content: no preview.' };
  return { ...base, ...classifyText(key, contentType, text, truncated) };
}

function archivedMessage(storageClass: string, inProgress: boolean): string {
  if (inProgress) return `This object is archived in ${storageClass} and its restore is still running; preview it once the restore completes.`;
  return `This object is archived in ${storageClass}; restore it before it can be previewed or downloaded.`;
}

/** Bytes [start, end] of an object (inclusive), in one Range GET. */
async function getBytes(client: S3Client, bucket: string, key: string, start: number, end: number): Promise<Uint8Array> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end}` }));
    if (!out.Body) throw new ThawError('Internal', 'The object came back without a body.');
    const bytes = await out.Body.transformToByteArray();
    // A server that ignores Range sends everything: keep only what was asked for.
    return bytes.length > end - start + 1 ? bytes.subarray(0, end - start + 1) : bytes;
  } catch (err) {
    throw describeS3Error(err, { action: 's3:GetObject', bucket, key });
  }
}
