/**
 * Shared plumbing for the conformance suite: run a real client as a child
 * process, decide whether it is installed, and build test data.
 *
 * The sandbox runs in the test's own process, so clients are always spawned
 * asynchronously: a blocking spawnSync would stop the server from answering
 * the very requests the client is making.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'vitest';
import type { SandboxStore } from '../store-types';

/** What a client run produced. */
export interface ClientRun {
  /** Exit code, or null when killed (timeout or signal). */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Options for one client run. */
export interface RunOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kills the client after this long (default 30 s). */
  timeoutMs?: number;
}

/**
 * Runs a command to completion without blocking the event loop.
 *
 * Output is kept whole (these are small checks, not benchmarks) so a failing
 * assertion can show what the client said.
 */
export function runClient(cmd: string, args: string[], opts: RunOptions): Promise<ClientRun> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 30_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, stdout: '', stderr: `${cmd} could not start: ${e.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}

/** Throws with the client's own words when it did not exit 0. */
export function expectOk(run: ClientRun, what: string): ClientRun {
  if (run.code !== 0) {
    throw new Error(`${what} failed (exit ${run.code}${run.timedOut ? ', timed out' : ''}):\n${run.stderr.slice(-3000)}\n${run.stdout.slice(-1000)}`);
  }
  return run;
}

/** Whether a conformance client is usable here, and why not. */
export interface ClientAvailability {
  name: string;
  available: boolean;
  /** Version string when available, reason when not. */
  detail: string;
}

const PROBES: Record<'aws' | 's3cmd' | 'boto3', [string, string[]]> = {
  aws: ['aws', ['--version']],
  s3cmd: ['s3cmd', ['--version']],
  boto3: ['python3', ['-c', 'import boto3, botocore; print("boto3", boto3.__version__, "botocore", botocore.__version__)']],
};

/** Probes a client by running its version command. */
export async function detectClient(name: keyof typeof PROBES): Promise<ClientAvailability> {
  const [cmd, args] = PROBES[name];
  const run = await runClient(cmd, args, { env: process.env, timeoutMs: 20_000 });
  const text = (run.stdout + run.stderr).trim().split('\n')[0] ?? '';
  if (run.code === 0) return { name, available: true, detail: text };
  return { name, available: false, detail: text || `${cmd} exited ${run.code}` };
}

/**
 * The first test of every client's suite.
 *
 * A missing client skips its suite locally, with the reason printed, but is a
 * failure under CI=true: CI installs every client, so a missing one there
 * means the suite proved nothing.
 */
export function requireClient(client: ClientAvailability, ctx: TestContext): void {
  if (client.available) return;
  const reason = `${client.name} is not usable here (${client.detail})`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${reason}; CI must provide it`);
  console.warn(`[conformance] skipping ${client.name} suite: ${reason}`);
  ctx.skip(reason);
}

/** A fresh temp directory and its remover. */
export function tempDir(tag: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `thaw-conf-${tag}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
export function pseudoRandomBytes(size: number, seed: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf.writeUInt32LE(x >>> 0, i);
  }
  for (; i < size; i++) buf[i] = i & 0xff;
  return buf;
}

/** Hex MD5 of a buffer. */
export function md5Hex(b: Buffer): string {
  return createHash('md5').update(b).digest('hex');
}

/** The ETag S3 gives a multipart object: md5 of the parts' binary md5s, then `-N`. */
export function multipartEtag(body: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let off = 0; off < body.length; off += partSize) {
    digests.push(createHash('md5').update(body.subarray(off, off + partSize)).digest());
  }
  return `"${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}"`;
}

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** Every object key under a prefix, straight from the store: the truth a client's listing is checked against. */
export function storeKeys(store: Pick<SandboxStore, 'list'>, bucket: string, prefix = ''): Map<string, number> {
  const keys = new Map<string, number>();
  let after: string | undefined;
  for (;;) {
    const page = store.list(bucket, { prefix, after, maxKeys: 1000 });
    for (const e of page.entries) if (e.kind === 'object') keys.set(e.object.key, e.object.size);
    if (!page.isTruncated || page.lastReturned === undefined) return keys;
    after = page.lastReturned;
  }
}
