/**
 * The listing engine without jobs or IPC, for benchmarks and scripts.
 *
 * Same path as a listing job (lean page parser, parallel key ranges, rows in
 * key order, folders first per batch) but batches go straight to a callback,
 * one per ordered chunk, with no time-based coalescing.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { listRanges, type RangeListResult } from './parallel-list';
import { RowBatcher, type RowBatch } from './rows';
import { createS3PageSource } from './s3-pages';

/** What to list. */
export interface ListAllSpec {
  bucket: string;
  prefix: string;
  recursive: boolean;
  filter?: string;
}

/** Tuning and cancellation. */
export interface ListAllOptions {
  concurrency?: number;
  signal?: AbortSignal;
}

/** The outcome: rows delivered and wall time, plus the engine's counters. */
export interface ListAllResult {
  total: number;
  seconds: number;
  stats: RangeListResult;
}

/**
 * Lists a prefix with Thaw's parallel lister and calls `onBatch` with rows in
 * key order. The client should allow many sockets (see s3/clients.ts).
 */
export async function listAll(
  client: S3Client,
  spec: ListAllSpec,
  onBatch: (batch: RowBatch) => void,
  options: ListAllOptions = {},
): Promise<ListAllResult> {
  const started = performance.now();
  const batcher = new RowBatcher(spec.prefix, spec.filter);
  const stats = await listRanges(
    createS3PageSource(client, spec.bucket),
    { prefix: spec.prefix, delimiter: spec.recursive ? undefined : '/' },
    (page) => {
      if (batcher.add(page) > 0) onBatch(batcher.take()!);
    },
    options,
  );
  return { total: batcher.total, seconds: (performance.now() - started) / 1000, stats };
}
