/**
 * `browse:*`, `listing:*` and `objects:*` calls: the prefix tree, listing
 * jobs, the inspector, previews and share links.
 *
 * Every call asks `S3Access` for the client of its connection and bucket,
 * so credentials never pass through here.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { ThawError } from '../errors';
import type { Emit, Handlers } from '../types';
import { listChildren } from './children';
import { inspectObject } from './inspect';
import { createListingJobs, type ListingJobs } from './listing-jobs';
import { previewObject } from './preview';
import { createS3PageSource } from '../listing/s3-pages';
import { createShareLink } from './share-link';

/** The part of the connections' `S3Access` browsing needs. */
export interface BrowseS3Access {
  clientFor(connectionId: string, bucket?: string): Promise<S3Client>;
}

/** What the browse handlers need. */
export interface BrowseDeps {
  s3: BrowseS3Access;
  emit: Emit;
  /** Milliseconds since the epoch (signing time of share links, job clocks). */
  now?: () => number;
  /** Settings cap on share-link TTLs, in seconds (read on every call, so a settings change applies at once). */
  maxShareSeconds?: number | (() => number | undefined);
  /** Parallel listers per listing job. */
  listers?: number;
  /** Registers shutdown work (cancels running listings). */
  onDispose?: (fn: () => Promise<void> | void) => void;
  /** A job manager to use instead of a new one (tests inspect it). */
  jobs?: ListingJobs;
}

/** The channels implemented here. */
export type BrowseChannels = 'browse:children' | 'listing:start' | 'listing:cancel' | 'objects:head' | 'objects:preview' | 'objects:share-link';

/** Builds the browse handlers. */
export function createBrowseHandlers(deps: BrowseDeps): Pick<Handlers, BrowseChannels> {
  const jobs = deps.jobs ?? createListingJobs({ emit: deps.emit, now: deps.now, concurrency: deps.listers });
  deps.onDispose?.(() => jobs.cancelAll());
  const cap = () => (typeof deps.maxShareSeconds === 'function' ? deps.maxShareSeconds() : deps.maxShareSeconds);

  return {
    'browse:children': async ({ connectionId, bucket, prefix, cursor }) =>
      listChildren(await deps.s3.clientFor(connectionId, bucket), bucket, prefix, cursor),

    'listing:start': async ({ connectionId, bucket, prefix, recursive, filter }) => {
      const client = await deps.s3.clientFor(connectionId, bucket);
      const jobId = jobs.start(createS3PageSource(client, bucket), { bucket, prefix, recursive, filter: filter || undefined });
      return { jobId };
    },

    'listing:cancel': async ({ jobId }) => ({ cancelled: await jobs.cancel(jobId) }),

    'objects:head': async ({ connectionId, bucket, key }) => inspectObject(await deps.s3.clientFor(connectionId, bucket), bucket, key),

    'objects:preview': async ({ connectionId, bucket, key }) => previewObject(await deps.s3.clientFor(connectionId, bucket), bucket, key),

    'objects:share-link': async ({ connectionId, bucket, key, expiresInSeconds }) => {
      if (key.endsWith('/')) throw new ThawError('InvalidInput', 'Share links are for objects, not folders.');
      return createShareLink(await deps.s3.clientFor(connectionId, bucket), bucket, key, {
        expiresInSeconds,
        maxShareSeconds: cap(),
        now: deps.now,
      });
    },
  };
}
