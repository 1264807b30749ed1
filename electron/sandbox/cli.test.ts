/**
 * `npm run sandbox`: argument parsing, and the real script started as a
 * child process, answering the AWS SDK with the keys it printed, then
 * stopping cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, parseRestoreDelays } from './cli';
import { SANDBOX_CREDENTIALS } from './index';
import { clientFor } from './server/test-helpers';

describe('parseCliArgs', () => {
  it('applies the defaults: port 9000, seed demo, the sandbox key pair', () => {
    expect(parseCliArgs([])).toEqual({
      port: 9000,
      host: '127.0.0.1',
      region: 'us-east-1',
      credentials: { ...SANDBOX_CREDENTIALS },
      seed: 'demo',
      quiet: false,
    });
  });

  it('reads every option', () => {
    const o = parseCliArgs([
      '--port', '9123', '--host', '0.0.0.0', '--access-key', 'AK', '--secret-key', 'SK', '--data', '/tmp/d', '--seed', 'synthetic:1000',
      '--restore-delays', 'expedited=1s,standard=5s,bulk=10s', '--faults', 'GetObject:reset-mid-body:count=2', '--latency', '20ms', '--region', 'eu-west-1',
      '--restore-rate', '1000',
    ]);
    expect(o).toMatchObject({
      port: 9123,
      host: '0.0.0.0',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
      dataDir: '/tmp/d',
      seed: 'synthetic:1000',
      restoreDelaysMs: { Expedited: 1000, Standard: 5000, Bulk: 10000 },
      faults: 'GetObject:reset-mid-body:count=2',
      latencyMs: 20,
      restoreRatePerSecond: 1000,
    });
  });

  it.each([
    [['--port', 'x']],
    [['--restore-delays', 'glacial=1s']],
    [['--faults', 'GetObject:explode']],
    [['--latency', 'soon']],
    [['--restore-rate', '0']],
    [['--restore-rate', 'fast']],
    [['--unknown']],
  ])('rejects %j', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow();
  });

  it('parses restore delays case-insensitively', () => {
    expect(parseRestoreDelays('Bulk=2m, expedited=500ms')).toEqual({ Bulk: 120_000, Expedited: 500 });
  });
});

describe('the sandbox script', () => {
  it('prints its endpoint and keys, serves S3, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/sandbox/cli.ts', '--port', '0', '--seed', 'none', '--access-key', 'CLIKEY', '--secret-key', 'cli-secret'], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no endpoint printed:\n${out}`)), 20_000);
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        // The banner ends with a ready-to-paste aws command; wait for it so every line has arrived.
        const m = /--endpoint-url (http:\/\/\S+) s3 ls/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}:\n${out}`)));
    });
    expect(out).toContain('CLIKEY');
    expect(out).toContain('cli-secret');
    const s3 = clientFor({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'CLIKEY', secretAccessKey: 'cli-secret' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'from-the-cli' }));
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['from-the-cli']);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
