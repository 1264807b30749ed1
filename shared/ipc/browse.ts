/**
 * Channels for browsing a bucket: the prefix tree, listing jobs, the
 * inspector, previews and share links.
 */
import { z } from 'zod';
import { connectionId } from './connections';
import { call, event } from './define';
import type { ListingEvent } from './listing';

/** A bucket name as S3 accepts it (legacy names can be longer than 63). */
export const bucketName = z.string().min(1).max(255);
/** An object key: 1 to 1,024 UTF-8 bytes (checked loosely here, by S3 exactly). */
export const objectKey = z.string().min(1).max(1024);
/** A key prefix; '' is the bucket root. */
export const keyPrefix = z.string().max(1024);

/** One page of a prefix's child folders. */
export interface ChildrenPage {
  /** Full prefixes of the child folders, each ending in '/', in key order. */
  folders: string[];
  /** Objects directly under the prefix seen while reading this page. */
  objectCount: number;
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** Restore state of one object, in data and in words. */
export interface RestoreInfo {
  state: 'none' | 'archived' | 'in-progress' | 'restored';
  /** When the restored copy expires, ms since the epoch. */
  expiry?: number;
  /** E.g. "Restored until 21 Dec 2026 00:00 UTC". */
  sentence: string;
}

/** Everything HeadObject (plus GetObjectTagging) says about one object. */
export interface ObjectDetails {
  bucket: string;
  key: string;
  size: number;
  etag?: string;
  /** ms since the epoch. */
  lastModified?: number;
  contentType?: string;
  contentEncoding?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  /** STANDARD when S3 omits the header. */
  storageClass: string;
  /** Intelligent-Tiering archive tier (`ARCHIVE_ACCESS` / `DEEP_ARCHIVE_ACCESS`). */
  archiveStatus?: string;
  restore: RestoreInfo;
  serverSideEncryption?: string;
  kmsKeyId?: string;
  /** Algorithm → value, e.g. `{ CRC32: 'AAAAAA==' }`. */
  checksums: Record<string, string>;
  checksumType?: string;
  versionId?: string;
  partsCount?: number;
  /** User metadata (`x-amz-meta-*`, names without the prefix). */
  metadata: Record<string, string>;
  /** Null when tags could not be read; `tagsReason` says why. */
  tags: Record<string, string> | null;
  tagsReason?: string;
  /** Every response header, lower-cased names, for "show raw". */
  rawHeaders: Record<string, string>;
}

/** Fields every preview carries. */
interface PreviewBase {
  key: string;
  size: number;
  contentType?: string;
}

/** A preview, by kind; text is always inert text and never HTML to render. */
export type Preview =
  | (PreviewBase & { kind: 'text'; text: string; truncated: boolean })
  | (PreviewBase & { kind: 'json'; text: string; pretty: boolean; truncated: boolean })
  | (PreviewBase & { kind: 'jsonl'; lines: Array<{ text: string; valid: boolean }>; truncated: boolean })
  | (PreviewBase & { kind: 'image'; mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'; base64: string })
  | (PreviewBase & { kind: 'unsupported'; reason: string })
  | (PreviewBase & { kind: 'archived'; message: string });

/** A presigned GET URL. */
export interface ShareLink {
  /** Contains a signature: for the clipboard only, never to be logged. */
  url: string;
  /** ms since the epoch. */
  expiresAt: number;
  /** The TTL actually used after clamping. */
  expiresInSeconds: number;
  /** Why the TTL is shorter than asked, when it is. */
  clampedReason?: string;
}

const objectRef = z.strictObject({ connectionId, bucket: bucketName, key: objectKey });

export const browseCalls = {
  /** One page of child folders of a prefix (Delimiter '/'); lazy, never recursive. */
  'browse:children': call<ChildrenPage>()(
    z.strictObject({ connectionId, bucket: bucketName, prefix: keyPrefix, cursor: z.string().min(1).max(4096).optional() }),
  ),
  /**
   * Starts listing a prefix as a job; rows stream as `listing:event`.
   * Non-recursive lists one level (folders then files); recursive lists every key below the prefix,
   * optionally keeping only names containing `filter` (case-insensitive).
   */
  'listing:start': call<{ jobId: string }>()(
    z.strictObject({
      connectionId,
      bucket: bucketName,
      prefix: keyPrefix,
      recursive: z.boolean(),
      filter: z.string().max(1024).optional(),
    }),
  ),
  /** Stops a listing job; `cancelled` is false when it had already ended. */
  'listing:cancel': call<{ cancelled: boolean }>()(z.strictObject({ jobId: z.string().min(1).max(100) })),
  /** HeadObject of one key for the inspector, with tags and raw headers. */
  'objects:head': call<ObjectDetails>()(objectRef),
  /** A safe preview: the first 64 KB of text/JSON/JSONL, or a small image checked by its magic bytes. */
  'objects:preview': call<Preview>()(objectRef),
  /** A presigned GET URL; TTL defaults to 600 s, clamped to [60 s, min(7 days, the settings cap)]. */
  'objects:share-link': call<ShareLink>()(
    z.strictObject({
      connectionId,
      bucket: bucketName,
      key: objectKey,
      expiresInSeconds: z.number().int().positive().max(10 * 365 * 86_400).optional(),
    }),
  ),
};

export const browseEvents = {
  /** Rows, progress and the end of a listing job, discriminated by `kind`. */
  'listing:event': event<ListingEvent>(),
};
