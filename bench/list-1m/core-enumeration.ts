/**
 * Full enumeration through Thaw's core: `listAll` (the listing job's engine —
 * lean page parser, parallel key-range listers, rows in key order — without
 * IPC) over a client built by `createS3Client` (the app's tuned client:
 * keep-alive, 256 sockets, adaptive retries), pointed at the bench's sandbox.
 *
 * Runs in the bench process, as it runs in Electron main; the sandbox is in
 * another process, so this process's CPU time is Thaw's own.
 */
import { performance } from 'node:perf_hooks';
import { listAll } from '../../electron/core/listing/list-all';
import { createS3Client } from '../../electron/core/s3/clients';
import type { Endpoint } from '../lib/peers';

/** What one enumeration measured. */
export interface CoreEnumeration {
  seconds: number;
  keys: number;
  /** Batches `onBatch` received. */
  batches: number;
  /** From the call to the first batch. */
  firstBatchMs: number | null;
  /** CPU this process spent (user + system), seconds. */
  cpuSeconds: number;
  /** Share of wall time the event loop was busy (1 = CPU-bound on one core). */
  eventLoopUtilization: number;
  /** Whatever the listing reported besides the total (pages, ranges, requests…). */
  detail: Record<string, unknown>;
}

/** Lists every key below `prefix` of `bucket` through the core's `listAll` and counts the rows it delivers. */
export async function enumerateWithCore(sb: Endpoint, bucket: string, prefix: string): Promise<CoreEnumeration> {
  const client = createS3Client({
    connectionId: 'bench',
    endpoint: sb.endpoint,
    region: sb.region,
    pathStyle: true,
    checksumMode: 'default',
    credentials: async () => sb.credentials,
  });
  let keys = 0;
  let batches = 0;
  let firstBatchAt: number | null = null;
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const started = performance.now();
  try {
    const result = await listAll(client, { bucket, prefix, recursive: true }, (batch) => {
      firstBatchAt ??= performance.now();
      batches++;
      keys += batch.rows.names.length;
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const elu = performance.eventLoopUtilization(eluBefore);
    return {
      seconds,
      keys,
      batches,
      firstBatchMs: firstBatchAt === null ? null : Math.round((firstBatchAt - started) * 10) / 10,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      eventLoopUtilization: Math.round(elu.utilization * 1000) / 1000,
      detail: { total: result.total, coreSeconds: Math.round(result.seconds * 1000) / 1000, ...result.stats },
    };
  } finally {
    client.destroy();
  }
}
