/**
 * Child-process side of `sandbox-process.ts`: one sandbox, steered over the fork IPC channel.
 *
 * The server lives in its own process so that Thaw's lister (in the bench
 * process) and the peer CLI (another child) each compete with it for a core
 * the same way, and so the server's CPU can be measured on its own.
 *
 * Messages in: `{ cmd: 'latency', ms }`, `{ cmd: 'stats' }`, `{ cmd: 'close' }`.
 * Messages out: `{ kind: 'ready', ... }`, `{ kind: 'stats', ... }`, `{ kind: 'ok' }`, `{ kind: 'error', message }`.
 */
import { startSandbox, type Sandbox } from '../../electron/sandbox/index';
import { summarizeLog } from './log-summary';
import type { ChildMessage, ParentMessage, SandboxChildOptions } from './sandbox-process';

/** Starts the sandbox named by argv and serves commands until told to close. */
async function main(): Promise<void> {
  const { seed, latencyMs, ...options } = JSON.parse(process.argv[2] ?? '{}') as { seed: string; latencyMs: number } & SandboxChildOptions;
  const send = (m: ChildMessage) => process.send?.(m);
  let sb: Sandbox;
  const started = process.hrtime.bigint();
  try {
    sb = await startSandbox({ port: 0, seed, latencyMs, quiet: true, ...options });
  } catch (err) {
    send({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  }
  const seedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  send({ kind: 'ready', endpoint: sb.endpoint, region: sb.region, credentials: sb.credentials, seedSeconds });

  process.on('message', (raw: ParentMessage) => {
    switch (raw.cmd) {
      case 'latency':
        sb.faults.latencyMs = raw.ms;
        send({ kind: 'ok' });
        return;
      case 'stats': {
        const cpu = process.cpuUsage();
        send({ kind: 'stats', stats: sb.stats(), cpuMicros: cpu.user + cpu.system });
        return;
      }
      case 'put-archived':
        void (async () => {
          if (!sb.store.listBuckets().some((b) => b.name === raw.bucket)) sb.store.createBucket(raw.bucket, sb.region);
          const body = Buffer.alloc(1024, 7);
          for (let i = 0; i < raw.count; i++) {
            await sb.store.put(raw.bucket, `${raw.prefix}shard-${String(i).padStart(6, '0')}.tar`, { body, metadata: {}, storageClass: 'GLACIER' });
          }
          send({ kind: 'ok' });
        })().catch((err: unknown) => send({ kind: 'error', message: String(err) }));
        return;
      case 'log-summary':
        send({ kind: 'log', summary: summarizeLog(sb.requestLog.entries(), raw.prefix) });
        return;
      case 'close':
        void sb.close().then(() => {
          send({ kind: 'ok' });
          process.disconnect();
          process.exit(0);
        });
        return;
    }
  });
  // The parent died: do not linger as an orphan holding a port and a million keys.
  process.on('disconnect', () => process.exit(0));
}

await main();
