/**
 * `npm run sandbox`: the sandbox as a standalone S3 endpoint.
 *
 *   npm run sandbox -- --port 9000 --access-key AK --secret-key SK [--host 127.0.0.1]
 *     [--region us-east-1] [--data DIR] [--seed demo|synthetic:N|synthetic-flat:N|none]
 *     [--restore-delays expedited=1s,standard=5s,bulk=10s] [--faults SPEC] [--latency 20ms]
 *     [--restore-rate N] [--quiet]
 *
 * Prints the endpoint, region and credentials, then serves until SIGINT or
 * SIGTERM.
 */
import { parseArgs } from 'node:util';
import type { RestoreTier } from './store-types';
import { parseDurationMs, parseFaultSpec, SANDBOX_CREDENTIALS, startSandbox, type SandboxOptions } from './index';

const TIERS: Record<string, RestoreTier> = { expedited: 'Expedited', standard: 'Standard', bulk: 'Bulk' };

/**
 * Parses `expedited=1s,standard=5s,bulk=10s` into per-tier delays in ms.
 *
 * Throws on unknown tiers or bad durations.
 */
export function parseRestoreDelays(spec: string): Partial<Record<RestoreTier, number>> {
  const out: Partial<Record<RestoreTier, number>> = {};
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const [name, value] = part.split('=');
    const tier = TIERS[name?.trim().toLowerCase() ?? ''];
    if (!tier || value === undefined) throw new Error(`bad --restore-delays entry "${part}" (expected expedited|standard|bulk=DURATION)`);
    out[tier] = parseDurationMs(value);
  }
  return out;
}

/**
 * Turns command-line arguments into sandbox options.
 *
 * Defaults: port 9000, seed demo, the fixed sandbox key pair.
 */
export function parseCliArgs(argv: string[]): SandboxOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '9000' },
      host: { type: 'string', default: '127.0.0.1' },
      region: { type: 'string', default: 'us-east-1' },
      'access-key': { type: 'string' },
      'secret-key': { type: 'string' },
      data: { type: 'string' },
      seed: { type: 'string', default: 'demo' },
      'restore-delays': { type: 'string' },
      faults: { type: 'string' },
      latency: { type: 'string' },
      'restore-rate': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port "${values.port}"`);
  const accessKeyId = values['access-key'] ?? SANDBOX_CREDENTIALS.accessKeyId;
  const secretAccessKey = values['secret-key'] ?? SANDBOX_CREDENTIALS.secretAccessKey;
  const options: SandboxOptions = {
    port,
    host: values.host,
    region: values.region,
    credentials: { accessKeyId, secretAccessKey },
    seed: values.seed,
    quiet: values.quiet,
  };
  if (values.data) options.dataDir = values.data;
  if (values['restore-delays']) options.restoreDelaysMs = parseRestoreDelays(values['restore-delays']);
  if (values.faults) {
    parseFaultSpec(values.faults); // fail fast on a bad spec, before binding the port
    options.faults = values.faults;
  }
  if (values.latency) options.latencyMs = parseDurationMs(values.latency);
  if (values['restore-rate'] !== undefined) {
    const rate = Number(values['restore-rate']);
    if (!(rate > 0) || !Number.isFinite(rate)) throw new Error(`bad --restore-rate "${values['restore-rate']}" (expected RestoreObject requests per second, e.g. 1000)`);
    options.restoreRatePerSecond = rate;
  }
  return options;
}

async function main(): Promise<void> {
  let options: SandboxOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`sandbox: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  const sb = await startSandbox(options);
  console.log(`Thaw sandbox listening on ${sb.endpoint}`);
  console.log(`  region:            ${sb.region}`);
  console.log(`  access key id:     ${sb.credentials.accessKeyId}`);
  console.log(`  secret access key: ${sb.credentials.secretAccessKey}`);
  console.log(`  seed: ${options.seed ?? 'none'}${options.dataDir ? `, data: ${options.dataDir}` : ', in memory'}`);
  if (options.latencyMs) console.log(`  latency: ${options.latencyMs} ms per request`);
  if (typeof options.faults === 'string') console.log(`  faults: ${options.faults}`);
  if (options.restoreRatePerSecond) console.log(`  restore rate: ${options.restoreRatePerSecond} RestoreObject/s, then 503 SlowDown`);
  console.log(`Try: AWS_ACCESS_KEY_ID=${sb.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${sb.credentials.secretAccessKey} aws --endpoint-url ${sb.endpoint} s3 ls`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    sb.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

// Run only as the entry point, so tests can import the parsers.
if (process.argv[1] && /cli\.[cm]?[jt]s$/.test(process.argv[1])) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
