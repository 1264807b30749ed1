/** Channels about buckets: which ones a connection can see, hand-added ones, and their regions. */
import { z } from 'zod';
import { connectionId } from './connections';
import { call } from './define';

/** One bucket in a connection's list. */
export interface BucketSummary {
  name: string;
  /** Known once discovered (GetBucketLocation or the `x-amz-bucket-region` header). */
  region?: string;
  /** Creation time, ms since the epoch, when ListBuckets reported it. */
  createdAt?: number;
  /** True when the user added it by name (kept with the connection). */
  addedByHand: boolean;
}

/** What `buckets:list` returns. */
export interface BucketList {
  buckets: BucketSummary[];
  /** True when ListBuckets was denied and only hand-added buckets are shown. */
  listDenied: boolean;
}

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * Why a name cannot be a new-style S3 bucket name, or undefined when it can.
 *
 * The rules for general purpose buckets: 3–63 characters of lower-case
 * letters, digits, dots and hyphens; a letter or digit at both ends; no two
 * adjacent dots; not shaped like an IP address; none of S3's reserved
 * prefixes and suffixes.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'Bucket names are 3 to 63 characters long.';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'Bucket names use only lower-case letters, digits, dots and hyphens.';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'Bucket names begin and end with a letter or digit.';
  if (name.includes('..')) return 'Bucket names cannot contain two dots in a row.';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'Bucket names cannot look like an IP address.';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `Bucket names cannot begin with "${prefix}".`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `Bucket names cannot end with "${suffix}".`;
  return undefined;
}

/** A bucket name a user types to add: the full S3 naming rules. */
export const newBucketName = z.string().superRefine((value, ctx) => {
  const problem = bucketNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * A bucket name as S3 reports it. Looser than `newBucketName` because buckets
 * created in us-east-1 before 2018 may hold upper-case letters and underscores.
 */
export const existingBucketName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._-]+$/, 'Bucket names use letters, digits, dots, hyphens and underscores.');

export const bucketCalls = {
  /**
   * Buckets of a connection: ListBuckets plus hand-added ones. When ListBuckets
   * is denied the hand-added ones come back with `listDenied: true` instead of an error.
   */
  'buckets:list': call<BucketList>()(z.strictObject({ connectionId })),
  /** Adds a bucket by name (for identities that may not list buckets); verified with HeadBucket first. */
  'buckets:add': call<BucketSummary>()(z.strictObject({ connectionId, bucket: newBucketName })),
  /** Forgets a hand-added bucket. */
  'buckets:remove': call<{ removed: boolean }>()(z.strictObject({ connectionId, bucket: existingBucketName })),
  /** The bucket's region, discovered once and cached. */
  'buckets:region': call<{ region: string }>()(z.strictObject({ connectionId, bucket: existingBucketName })),
};
