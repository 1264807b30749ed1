/**
 * Runs peer tools (aws CLI, s3cmd) against a sandbox endpoint and times them.
 *
 * Peers get the sandbox's endpoint and credentials through their own config
 * mechanisms (env and a temp config file), nothing else.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Endpoint {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface PeerRun {
  seconds: number | null;
  stdoutBytes: number;
  lines: number;
  /** Set when the tool could not run or failed. */
  note?: string;
}

/** Environment for the aws CLI and boto3 pointed at the endpoint, isolated from the user's own config. */
export function awsEnv(e: Endpoint): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'thaw-peer-'));
  const config = join(dir, 'config');
  writeFileSync(config, `[default]\nregion = ${e.region}\ns3 =\n  addressing_style = path\n`);
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: e.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: e.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: e.region,
    AWS_REGION: e.region,
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_ENDPOINT_URL: e.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
}

/** Writes an s3cmd config for the endpoint and returns its path. */
export function s3cmdConfig(e: Endpoint): string {
  const dir = mkdtempSync(join(tmpdir(), 'thaw-s3cmd-'));
  const file = join(dir, 's3cfg');
  const hostPort = new URL(e.endpoint).host;
  writeFileSync(
    file,
    [
      '[default]',
      `access_key = ${e.credentials.accessKeyId}`,
      `secret_key = ${e.credentials.secretAccessKey}`,
      `host_base = ${hostPort}`,
      `host_bucket = ${hostPort}`,
      `bucket_location = ${e.region}`,
      'use_https = False',
      'signature_v2 = False',
      '',
    ].join('\n'),
  );
  return file;
}

/** Runs a command to completion, counting output without keeping it; times wall-clock seconds. */
export function timeCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30 * 60_000): Promise<PeerRun> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    let stdoutBytes = 0;
    let lines = 0;
    let stderr = '';
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      stdoutBytes += b.length;
      for (let i = 0; i < b.length; i++) if (b[i] === 10) lines++;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 4000) stderr += b.toString();
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ seconds: null, stdoutBytes, lines, note: `${cmd} could not run: ${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve({ seconds, stdoutBytes, lines });
      else resolve({ seconds: null, stdoutBytes, lines, note: `${cmd} exited ${code}: ${stderr.trim().split('\n').pop() ?? ''}` });
    });
  });
}

/**
 * rclone remote `sb:` pointed at the endpoint through `RCLONE_CONFIG_SB_*` env vars
 * (provider Other, path-style); no AWS_CA_BUNDLE (1.60 cannot use it with http).
 */
export function rcloneEnv(e: Endpoint): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RCLONE_CONFIG_SB_TYPE: 's3',
    RCLONE_CONFIG_SB_PROVIDER: 'Other',
    RCLONE_CONFIG_SB_ENDPOINT: e.endpoint,
    RCLONE_CONFIG_SB_REGION: e.region,
    RCLONE_CONFIG_SB_ACCESS_KEY_ID: e.credentials.accessKeyId,
    RCLONE_CONFIG_SB_SECRET_ACCESS_KEY: e.credentials.secretAccessKey,
    RCLONE_CONFIG_SB_FORCE_PATH_STYLE: 'true',
  };
  delete env.AWS_CA_BUNDLE;
  return env;
}
