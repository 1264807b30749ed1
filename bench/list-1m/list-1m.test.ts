/**
 * The list-1m benchmark's own plumbing, at a small scale: the sandbox child
 * process and the core enumeration must agree with the store on every key,
 * or the recorded figures would compare different amounts of work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_BUCKET, SYNTHETIC_FLAT_BUCKET } from '../../electron/sandbox/store/index';
import { enumerateWithCore } from './core-enumeration';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process';

describe('list-1m plumbing', () => {
  let flat: SandboxProcess;
  let partitioned: SandboxProcess;

  beforeAll(async () => {
    [flat, partitioned] = await Promise.all([startSandboxProcess('synthetic-flat:5003', 0), startSandboxProcess('synthetic:4321', 0)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([flat?.close(), partitioned?.close()]);
  });

  it('enumerates every key of a flat prefix through the core, and the child counts the pages it served', async () => {
    const before = await flat.snapshot();
    const r = await enumerateWithCore(flat, SYNTHETIC_FLAT_BUCKET, 'flat/');
    const after = await flat.snapshot();
    expect(r.keys).toBe(5003);
    expect(r.batches).toBeGreaterThan(0);
    expect(r.firstBatchMs).not.toBeNull();
    // At least one ListObjectsV2 page per 1,000 keys was served by the child, and its CPU clock moved.
    expect(after.stats.listPages - before.stats.listPages).toBeGreaterThanOrEqual(6);
    expect(after.cpuMicros).toBeGreaterThan(before.cpuMicros);
  }, 60_000);

  it('enumerates a partitioned bucket from its root', async () => {
    const r = await enumerateWithCore(partitioned, SYNTHETIC_BUCKET, '');
    expect(r.keys).toBe(4321);
  }, 60_000);

  it('applies a latency change to later requests', async () => {
    await flat.setLatency(150);
    const slow = await enumerateWithCore(flat, SYNTHETIC_FLAT_BUCKET, 'flat/obj-00000');
    await flat.setLatency(0);
    // flat/obj-00000NN: 100 keys, one page at least, each request delayed 150 ms.
    expect(slow.keys).toBe(100);
    expect(slow.seconds).toBeGreaterThanOrEqual(0.15);
  }, 60_000);
});
