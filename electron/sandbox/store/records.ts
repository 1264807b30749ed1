/**
 * Building object records from what a write brings in.
 */
import type { ArchiveAccessTier, ObjectRecord, StorageClass, WriteInput } from '../store-types';

/** S3's content type for objects written without one. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

/** The headers-and-metadata part of a write (everything but the body). */
export type WriteHeaders = Omit<WriteInput, 'body'>;

/**
 * A new record for `key` from a write's headers.
 *
 * Objects are encrypted with SSE-S3 unless the write asks otherwise, as AWS
 * has done for every new object since January 2023.
 */
export function recordFromWrite(
  key: string,
  headers: WriteHeaders,
  fields: { size: number; etag: string; now: number; storageClass: StorageClass; accessTier?: ArchiveAccessTier },
): ObjectRecord {
  const record: ObjectRecord = {
    key,
    size: fields.size,
    etag: fields.etag,
    lastModified: fields.now,
    storageClass: fields.storageClass,
    contentType: headers.contentType || DEFAULT_CONTENT_TYPE,
    metadata: lowerCaseNames(headers.metadata ?? {}),
    tags: { ...(headers.tags ?? {}) },
    checksums: { ...(headers.checksums ?? {}) },
    serverSideEncryption: headers.serverSideEncryption ?? 'AES256',
  };
  if (fields.accessTier) record.accessTier = fields.accessTier;
  if (headers.contentEncoding !== undefined) record.contentEncoding = headers.contentEncoding;
  if (headers.contentDisposition !== undefined) record.contentDisposition = headers.contentDisposition;
  if (headers.contentLanguage !== undefined) record.contentLanguage = headers.contentLanguage;
  if (headers.cacheControl !== undefined) record.cacheControl = headers.cacheControl;
  if (headers.expires !== undefined) record.expires = headers.expires;
  if (headers.kmsKeyId !== undefined) record.kmsKeyId = headers.kmsKeyId;
  if (Object.keys(record.checksums).length > 0) record.checksumType = 'FULL_OBJECT';
  return record;
}

/** The write headers a record carries (for CopyObject with MetadataDirective COPY). */
export function headersOf(record: ObjectRecord): WriteHeaders {
  const h: WriteHeaders = { contentType: record.contentType, metadata: { ...record.metadata }, tags: { ...record.tags } };
  if (record.contentEncoding !== undefined) h.contentEncoding = record.contentEncoding;
  if (record.contentDisposition !== undefined) h.contentDisposition = record.contentDisposition;
  if (record.contentLanguage !== undefined) h.contentLanguage = record.contentLanguage;
  if (record.cacheControl !== undefined) h.cacheControl = record.cacheControl;
  if (record.expires !== undefined) h.expires = record.expires;
  if (record.serverSideEncryption !== undefined) h.serverSideEncryption = record.serverSideEncryption;
  if (record.kmsKeyId !== undefined) h.kmsKeyId = record.kmsKeyId;
  return h;
}

function lowerCaseNames(metadata: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata)) out[k.toLowerCase()] = v;
  return out;
}
