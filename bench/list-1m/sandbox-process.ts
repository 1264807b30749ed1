/**
 * A sandbox in a child process, for benchmarks that must not share a CPU
 * core's event loop with the server they measure against.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxStats } from '../../electron/sandbox/index';
import type { Endpoint } from '../lib/peers';

/** Commands the parent sends. */
export type ParentMessage =
  | { cmd: 'latency'; ms: number }
  | { cmd: 'stats' }
  | { cmd: 'close' }
  /** Puts `count` GLACIER objects of 1 KiB under `prefix` (creating the bucket if needed). */
  | { cmd: 'put-archived'; bucket: string; prefix: string; count: number }
  /** What the request log holds for keys under `prefix` (needs `requestLog`). */
  | { cmd: 'log-summary'; prefix: string };

/** Options of the sandbox child beyond its seed and latency. */
export interface SandboxChildOptions {
  requestLog?: boolean;
  restoreRatePerSecond?: number;
  restoreDelaysMs?: Partial<Record<'Expedited' | 'Standard' | 'Bulk', number>>;
}

/** The request log's view of one prefix. */
export interface LogSummary {
  /** Requests by operation. */
  ops: Record<string, number>;
  /** RestoreObject answers by status. */
  restoreStatus: Record<string, number>;
  /** Distinct keys that got a 202. */
  accepted: number;
  /** Keys that got more than one 202 (should be none). */
  acceptedTwice: number;
  /** First and last RestoreObject answer, wall-clock ms, and how many there were. */
  restoreSpan?: { first: number; last: number; count: number };
}

/** What the child answers. */
export type ChildMessage =
  | ({ kind: 'ready'; seedSeconds: number } & Endpoint)
  | { kind: 'stats'; stats: SandboxStats; cpuMicros: number }
  | { kind: 'ok' }
  | { kind: 'log'; summary: LogSummary }
  | { kind: 'error'; message: string };

/** Server-side counters at one moment: the sandbox's own stats and its process's CPU time. */
export interface ServerSnapshot {
  stats: SandboxStats;
  cpuMicros: number;
}

/** A running sandbox child. */
export interface SandboxProcess extends Endpoint {
  /** Seconds the child took to seed and start listening. */
  seedSeconds: number;
  /** Changes the latency added to every request from now on. */
  setLatency(ms: number): Promise<void>;
  snapshot(): Promise<ServerSnapshot>;
  putArchived(bucket: string, prefix: string, count: number): Promise<void>;
  logSummary(prefix: string): Promise<LogSummary>;
  close(): Promise<void>;
}

/**
 * Forks `sandbox-child.ts` with `startSandbox({ port: 0, seed, latencyMs })`.
 *
 * Resolves once the child listens. Requests are answered one at a time, in order.
 */
export function startSandboxProcess(seed: string, latencyMs: number, options: SandboxChildOptions = {}): Promise<SandboxProcess> {
  const entry = fileURLToPath(new URL('./sandbox-child.ts', import.meta.url));
  // The child is TypeScript: load it through tsx whether the parent runs under tsx (npm run bench) or vitest.
  const child = fork(entry, [JSON.stringify({ seed, latencyMs, ...options })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const onFirst = (m: ChildMessage) => {
      if (m.kind === 'ready') resolve(wrap(child, m));
      else if (m.kind === 'error') reject(new Error(`sandbox child: ${m.message}`));
    };
    child.once('message', onFirst);
    child.once('exit', (code) => reject(new Error(`sandbox child exited ${code} before it was ready`)));
  });
}

function wrap(child: ChildProcess, ready: Extract<ChildMessage, { kind: 'ready' }>): SandboxProcess {
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T extends ChildMessage>(msg: ParentMessage): Promise<T> => {
    const next = queue.then(
      () =>
        new Promise<T>((resolve, reject) => {
          const onExit = () => reject(new Error('sandbox child exited'));
          child.once('exit', onExit);
          child.once('message', (m: ChildMessage) => {
            child.off('exit', onExit);
            if (m.kind === 'error') reject(new Error(m.message));
            else resolve(m as T);
          });
          child.send(msg);
        }),
    );
    queue = next.catch(() => undefined);
    return next;
  };
  let closed: Promise<void> | undefined;
  return {
    endpoint: ready.endpoint,
    region: ready.region,
    credentials: ready.credentials,
    seedSeconds: ready.seedSeconds,
    async setLatency(ms) {
      await ask({ cmd: 'latency', ms });
    },
    async putArchived(bucket, prefix, count) {
      await ask({ cmd: 'put-archived', bucket, prefix, count });
    },
    async logSummary(prefix) {
      return (await ask<Extract<ChildMessage, { kind: 'log' }>>({ cmd: 'log-summary', prefix })).summary;
    },
    async snapshot() {
      const m = await ask<Extract<ChildMessage, { kind: 'stats' }>>({ cmd: 'stats' });
      return { stats: m.stats, cpuMicros: m.cpuMicros };
    },
    close() {
      closed ??= (async () => {
        if (child.exitCode !== null) return;
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        await ask({ cmd: 'close' }).catch(() => undefined);
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return closed;
    },
  };
}
