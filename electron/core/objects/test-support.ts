/**
 * Test support for the object-operation integration tests (not used by the app).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallInput } from '../../../shared/ipc/contract';
import type { OperationJobSummary } from '../../../shared/ipc/jobs';
import type { OperationPlan } from '../../../shared/ipc/objects';
import type { Sandbox } from '../../sandbox/index';
import type { StorageClass } from '../../sandbox/store-types';
import { coreAgainst, type TestCore } from '../testing/core-against';

/** Cores and temp dirs of one test file, torn down together. */
export function coreFactory(getSandbox: () => Sandbox) {
  const dirs: string[] = [];
  const cores: TestCore[] = [];
  return {
    /** A core over a fresh user-data dir (or `dir`, as a restart does). */
    newCore(options: Parameters<typeof coreAgainst>[3] = {}, over: Parameters<typeof coreAgainst>[2] = {}, dir?: string): TestCore & { dir: string } {
      const userData = dir ?? mkdtempSync(join(tmpdir(), 'thaw-objects-'));
      if (!dir) dirs.push(userData);
      const c = coreAgainst(getSandbox(), userData, over, options);
      cores.push(c);
      return Object.assign(c, { dir: userData });
    },
    async disposeAll(): Promise<void> {
      for (const c of cores.splice(0)) await c.dispose();
    },
    removeDirs(): void {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Puts `n` objects `<prefix><name>-<i>.bin` straight into the store. */
export async function seed(
  sb: Sandbox,
  bucket: string,
  prefix: string,
  n: number,
  opts: { name?: string; storageClass?: StorageClass; size?: number; metadata?: Record<string, string>; tags?: Record<string, string>; contentType?: string } = {},
): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = `${prefix}${opts.name ?? 'o'}-${String(i).padStart(5, '0')}.bin`;
    await sb.store.put(bucket, key, {
      body: Buffer.alloc(opts.size ?? 64 + (i % 5), i % 251),
      metadata: opts.metadata ?? {},
      ...(opts.tags ? { tags: opts.tags } : {}),
      ...(opts.storageClass ? { storageClass: opts.storageClass } : {}),
      ...(opts.contentType ? { contentType: opts.contentType } : {}),
    });
    keys.push(key);
  }
  return keys;
}

/** Plans an operation through the core. */
export function plan(c: TestCore, input: Omit<CallInput<'objects:plan-operation'>, 'connectionId'>): Promise<OperationPlan> {
  return c.call('objects:plan-operation', { connectionId: 'sandbox', ...input });
}

/** The operation job's summary from `jobs:list`. */
export async function opJob(c: TestCore, jobId: string): Promise<OperationJobSummary | undefined> {
  const found = (await c.call('jobs:list', {})).find((j) => j.jobId === jobId);
  return found?.kind === 'operation' ? found : undefined;
}

/** Waits until the job has ended (or paused) and returns its summary. */
export function settled(c: TestCore, jobId: string, ms = 60_000): Promise<OperationJobSummary> {
  return c.until(async () => {
    const j = await opJob(c, jobId);
    return j && j.state !== 'running' && j;
  }, ms);
}

/** Every key under a prefix in the sandbox store. */
export function keysUnder(sb: Sandbox, bucket: string, prefix: string): string[] {
  const out: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = sb.store.list(bucket, { prefix, maxKeys: 1000, ...(after !== undefined ? { after } : {}) });
    for (const e of page.entries) if (e.kind === 'object') out.push(e.object.key);
    if (!page.isTruncated || page.lastReturned === undefined) return out;
    after = page.lastReturned;
  }
}
