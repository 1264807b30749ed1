/**
 * Runs aws CLI commands for the conformance suite, cheaply.
 *
 * The aws CLI v1 costs about a second of CPU per start, and the suite runs
 * dozens of commands on a 2-core machine shared with other tests. When the
 * `python3` on PATH imports the same awscli release the `aws` command reports,
 * commands go through aws-cli-session.py: a few long-lived Python processes
 * each running the CLI's own driver once per command. Otherwise every command
 * spawns `aws` itself. Both paths give the same ClientRun.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { runClient, type ClientAvailability, type ClientRun } from './harness';

/** Runs one aws CLI command line (without the leading `aws`). */
export type AwsCli = ((args: string[], timeoutMs?: number) => Promise<ClientRun>) & {
  /** How commands are run: `session` (shared driver processes) or `spawn` (one `aws` per command). */
  mode: 'session' | 'spawn';
  /** Ends the session processes. */
  close(): void;
};

/** Whether the session runner can stand in for `aws`: same awscli release importable from python3. */
export async function sessionUsable(aws: ClientAvailability): Promise<boolean> {
  if (!aws.available) return false;
  const probe = await runClient('python3', ['-c', 'import awscli; print(awscli.__version__)'], { env: process.env, timeoutMs: 20_000 });
  const version = probe.stdout.trim();
  return probe.code === 0 && version !== '' && aws.detail.startsWith(`aws-cli/${version} `);
}

/**
 * Creates a runner bound to one environment (from `awsEnv`).
 *
 * `workers` session processes take commands as they come, so concurrent
 * tests still overlap.
 */
export function createAwsCli(env: NodeJS.ProcessEnv, useSession: boolean, workers = 2): AwsCli {
  if (!useSession) {
    const spawnOne = ((args: string[], timeoutMs = 60_000) => runClient('aws', args, { env, timeoutMs })) as AwsCli;
    spawnOne.mode = 'spawn';
    spawnOne.close = () => {};
    return spawnOne;
  }
  const pool: Worker[] = [];
  const queue: Array<(w: Worker) => void> = [];
  const release = (w: Worker) => {
    const next = queue.shift();
    if (next) next(w);
    else w.idle = true;
  };
  const acquire = (): Promise<Worker> => {
    const idle = pool.find((w) => w.idle && !w.dead);
    if (idle) {
      idle.idle = false;
      return Promise.resolve(idle);
    }
    if (pool.filter((w) => !w.dead).length < workers) {
      const w = startWorker(env);
      pool.push(w);
      return Promise.resolve(w);
    }
    return new Promise((resolve) => queue.push(resolve));
  };
  const run = (async (args: string[], timeoutMs = 60_000) => {
    const w = await acquire();
    try {
      return await w.run(args, timeoutMs);
    } finally {
      if (w.dead) {
        // Replace a killed worker so queued commands still run.
        const fresh = startWorker(env);
        pool.push(fresh);
        release(fresh);
      } else release(w);
    }
  }) as AwsCli;
  run.mode = 'session';
  run.close = () => {
    for (const w of pool) w.kill();
  };
  return run;
}

interface Worker {
  idle: boolean;
  dead: boolean;
  run(args: string[], timeoutMs: number): Promise<ClientRun>;
  kill(): void;
}

let nextId = 1;

/** One aws-cli-session.py process answering one command at a time. */
function startWorker(env: NodeJS.ProcessEnv): Worker {
  const child: ChildProcessWithoutNullStreams = spawn('python3', [join(import.meta.dirname, 'aws-cli-session.py')], { env, stdio: 'pipe' });
  let buffered = '';
  let stderr = '';
  let pending: { id: number; resolve: (r: ClientRun) => void; timer: NodeJS.Timeout } | undefined;
  const w: Worker = {
    idle: false,
    dead: false,
    run(args, timeoutMs) {
      if (w.dead) return Promise.resolve({ code: null, stdout: '', stderr: `aws CLI session ended: ${stderr.slice(-2000)}`, timedOut: false });
      return new Promise((resolve) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending = undefined;
          w.kill();
          resolve({ code: null, stdout: '', stderr: `aws ${args.join(' ')} timed out after ${timeoutMs} ms`, timedOut: true });
        }, timeoutMs);
        pending = { id, resolve, timer };
        child.stdin.write(JSON.stringify({ id, args }) + '\n');
      });
    },
    kill() {
      w.dead = true;
      child.kill('SIGKILL');
    },
  };
  child.stdout.on('data', (b: Buffer) => {
    buffered += b.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const msg = JSON.parse(line) as { id: number; code: number; stdout: string; stderr: string };
      if (pending && pending.id === msg.id) {
        clearTimeout(pending.timer);
        const { resolve } = pending;
        pending = undefined;
        resolve({ code: msg.code, stdout: msg.stdout, stderr: msg.stderr, timedOut: false });
      }
    }
  });
  child.stderr.on('data', (b: Buffer) => {
    if (stderr.length < 8000) stderr += b.toString('utf8');
  });
  child.on('close', () => {
    w.dead = true;
    if (pending) {
      clearTimeout(pending.timer);
      pending.resolve({ code: null, stdout: '', stderr: `aws CLI session exited: ${stderr.slice(-2000)}`, timedOut: false });
      pending = undefined;
    }
  });
  child.stdin.on('error', () => {});
  return w;
}
