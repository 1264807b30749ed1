/**
 * Name rules S3 enforces before touching state.
 */
import { S3Error, STORAGE_CLASSES, type ArchiveAccessTier, type StorageClass } from '../store-types';
import { utf8Length } from './key-order';

/**
 * Throws InvalidBucketName unless `name` follows the general-purpose bucket rules.
 *
 * 3-63 characters of lower-case letters, digits, dots and hyphens, starting and
 * ending with a letter or digit, no "..", not shaped like an IP address.
 */
export function assertBucketName(name: string): void {
  const ok =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !name.includes('.-') &&
    !name.includes('-.') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.endsWith('-s3alias');
  if (!ok) throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
}

/** Throws KeyTooLongError for keys over 1,024 UTF-8 bytes, InvalidArgument for empty ones. */
export function assertKey(key: string): void {
  if (key.length === 0) throw new S3Error(400, 'InvalidArgument', 'Object key must not be empty', { ArgumentName: 'key' });
  if (utf8Length(key) > 1024) throw new S3Error(400, 'KeyTooLongError', 'Your key is too long', { Size: String(utf8Length(key)), MaxSizeAllowed: '1024' });
}

/**
 * Resolves the storage class and Intelligent-Tiering tier of a write.
 *
 * Throws InvalidStorageClass for unknown classes and InvalidArgument when the
 * sandbox-only access tier is given for a class other than INTELLIGENT_TIERING.
 */
export function resolveClass(storageClass: StorageClass | undefined, accessTier: ArchiveAccessTier | undefined): { storageClass: StorageClass; accessTier?: ArchiveAccessTier } {
  const cls = storageClass ?? 'STANDARD';
  if (!STORAGE_CLASSES.has(cls)) throw new S3Error(400, 'InvalidStorageClass', 'The storage class you specified is not valid', { StorageClassRequested: String(cls) });
  if (accessTier === undefined) return { storageClass: cls };
  if (cls !== 'INTELLIGENT_TIERING') {
    throw new S3Error(400, 'InvalidArgument', 'x-sandbox-access-tier applies only to INTELLIGENT_TIERING objects', { ArgumentName: 'x-sandbox-access-tier', ArgumentValue: accessTier });
  }
  if (accessTier !== 'ARCHIVE_ACCESS' && accessTier !== 'DEEP_ARCHIVE_ACCESS') {
    throw new S3Error(400, 'InvalidArgument', 'x-sandbox-access-tier must be ARCHIVE_ACCESS or DEEP_ARCHIVE_ACCESS', { ArgumentName: 'x-sandbox-access-tier', ArgumentValue: String(accessTier) });
  }
  return { storageClass: cls, accessTier };
}

/** The 404 for a missing bucket. */
export function noSuchBucket(name: string): S3Error {
  return new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: name });
}

/** The 404 for a missing key. */
export function noSuchKey(key: string): S3Error {
  return new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
}

/** The 404 for an unknown (or finished) multipart upload. */
export function noSuchUpload(uploadId: string): S3Error {
  return new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', { UploadId: uploadId });
}
