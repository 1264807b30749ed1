/**
 * `npm run bench -- transfer`: downloads of 2,000 × 64 KiB objects and of one
 * 1 GiB object, uploads of one 1 GiB file and of 2,000 × 64 KiB files, each
 * through Thaw's core, `aws s3 cp` (`--recursive` for the small files) and
 * `rclone copy --transfers 32`, against the same sandbox at 0 ms and 20 ms.
 *
 * Targets: Thaw ≥ 1.5× the aws CLI and ≥ 1× rclone on the small files,
 * ≥ 1× both on the large one; Thaw's peak RSS reported for every run and
 * required flat in file size (the 1 GiB runs may not peak more than
 * RSS_FLAT_MARGIN_MB above the small-file runs at the same latency).
 *
 * The sandbox runs in a child process (in memory, data written to it through
 * S3, so ETags and checksums are those of the bytes it serves). Each Thaw run
 * is a fresh child process too (this file, forked with `--thaw-child`): the
 * real core (`createCore`, `dispatch`) with the dialogs stubbed to the bench's
 * folder and files, so its peak RSS (`resourceUsage().maxRSS`) is that one
 * transfer's and nobody else's. Thaw's time runs from `transfers:plan-*` to
 * the job leaving `running`; the peers' from spawn to exit.
 *
 * Knobs for trials (not for recorded results): TRANSFER_SMALL_COUNT,
 * TRANSFER_LARGE_MB, TRANSFER_LATENCIES=0,20, TRANSFER_TOOLS=thaw,aws,rclone,
 * TRANSFER_CASES=download-small,download-large,upload-large,upload-small,
 * TRANSFER_PROFILE_DIR=<folder> (a CPU profile of each Thaw run).
 */
import { CreateBucketCommand, DeleteObjectsCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { fork } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, openSync, readSync, closeSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobSummary } from '../shared/ipc/jobs';
import { startSandboxProcess, type SandboxProcess } from './list-1m/sandbox-process';
import { awsEnv, rcloneEnv, timeCommand, type Endpoint, type PeerRun } from './lib/peers';
import { benchCase, round, writeResult, type BenchCase } from './lib/result';

const SMALL_COUNT = Number(process.env.TRANSFER_SMALL_COUNT ?? 2_000);
const SMALL_BYTES = 64 * 1024;
const LARGE_BYTES = Number(process.env.TRANSFER_LARGE_MB ?? 1024) * 1024 * 1024;
const LATENCIES_MS = list(process.env.TRANSFER_LATENCIES ?? '0,20').map(Number);
const TOOLS = list(process.env.TRANSFER_TOOLS ?? 'thaw,aws,rclone');
const CASE_IDS = list(process.env.TRANSFER_CASES ?? 'download-small,download-large,upload-large,upload-small');
/** A folder for a CPU profile of each Thaw child (`.cpuprofile`, for Chrome's DevTools). */
const PROFILE_DIR = process.env.TRANSFER_PROFILE_DIR;
const BUCKET = 'transfer-bench';
const RSS_FLAT_MARGIN_MB = 100;
const RUN_LIMIT_MS = 5 * 60_000;
const MiB = 1024 * 1024;

type Direction = 'download' | 'upload';
type SizeClass = 'small' | 'large';
interface Spec {
  id: string;
  direction: Direction;
  size: SizeClass;
  files: number;
  bytes: number;
}

const SPECS: Spec[] = [
  { id: 'download-small', direction: 'download' as const, size: 'small' as const, files: SMALL_COUNT, bytes: SMALL_COUNT * SMALL_BYTES },
  { id: 'download-large', direction: 'download' as const, size: 'large' as const, files: 1, bytes: LARGE_BYTES },
  { id: 'upload-large', direction: 'upload' as const, size: 'large' as const, files: 1, bytes: LARGE_BYTES },
  { id: 'upload-small', direction: 'upload' as const, size: 'small' as const, files: SMALL_COUNT, bytes: SMALL_COUNT * SMALL_BYTES },
].filter((s) => CASE_IDS.includes(s.id));

/** Where the downloads read from, in the bucket. */
const REMOTE = { small: 'dl/small/', large: 'dl/large/' } as const;
const LARGE_NAME = 'big.bin';

/** What one tool's run of one case measured. */
interface Run {
  seconds: number | null;
  note?: string;
  /** Files and bytes found at the destination afterwards. */
  files: number;
  bytes: number;
  /** Large file: sampled ranges equal to the source. */
  contentOk?: boolean;
  /** Thaw only. */
  peakRssMB?: number;
  baselineRssMB?: number;
  cpuSeconds?: number;
  job?: Record<string, unknown>;
}

/** Local copies of the data: sources for uploads, and for checking downloads. */
interface LocalData {
  root: string;
  smallDir: string;
  largeFile: string;
}

/** Runs the benchmark and writes `bench/results/transfer.json`. */
export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'thaw-bench-transfer-'));
  const sb = await startSandboxProcess('none', 0);
  const client = sdkClient(sb);
  const cases: BenchCase[] = [];
  const runs: Record<string, Run> = {};
  let seededAs: Record<string, unknown> | undefined;
  try {
    const data = await makeLocalData(root);
    const seeded = performance.now();
    await seed(client, data);
    seededAs = await checksumsOf(client, [`${REMOTE.small}${readdirSync(data.smallDir)[0]}`, `${REMOTE.large}${LARGE_NAME}`]);
    console.log(`  sandbox ${sb.endpoint}; ${SMALL_COUNT} × 64 KiB and ${LARGE_BYTES / MiB} MiB seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    for (const latencyMs of LATENCIES_MS) {
      await sb.setLatency(latencyMs);
      for (const spec of SPECS) {
        const byTool: Record<string, Run> = {};
        for (const tool of TOOLS) {
          const r = await oneRun(sb, client, data, spec, tool, latencyMs);
          byTool[tool] = r;
          runs[`${spec.id}-${latencyMs}ms-${tool}`] = r;
          const rss = r.peakRssMB === undefined ? '' : `, peak RSS ${r.peakRssMB} MB (baseline ${r.baselineRssMB} MB), CPU ${r.cpuSeconds} s`;
          console.log(`  ${latencyMs} ms ${spec.id} ${tool}: ${r.seconds?.toFixed(2) ?? 'n/a'} s, ${r.files} files ${r.bytes} B${r.contentOk === false ? ' CONTENT DIFFERS' : ''}${rss}${r.note ? ` (${r.note})` : ''}`);
        }
        for (const tool of TOOLS.filter((t) => t !== 'thaw')) cases.push(toCase(spec, latencyMs, tool, byTool.thaw, byTool[tool]!));
      }
    }
  } finally {
    client.destroy();
    await sb.close();
    rmSync(root, { recursive: true, force: true });
  }
  const rssFlat = rssFlatness(runs);
  writeResult('transfer', cases, {
    smallFiles: SMALL_COUNT,
    smallBytes: SMALL_BYTES,
    largeBytes: LARGE_BYTES,
    rss: rssFlat,
    seededAs,
    runs,
    method: {
      thaw: 'the real core (createCore + dispatch, testAdapters with dialogs.chooseDirectory/chooseFiles stubbed to the bench folder/files) in a fresh child process per run; transfers:plan-download {prefixes:[prefix], base: prefix} → transfers:start-download {collision: overwrite, archived: skip}, or transfers:plan-upload {pick: folder|files, dropped} → transfers:start-upload {STANDARD, collision: overwrite}; jobs:list polled every 20 ms until the job is not running; thawSeconds = plan call to end; peak RSS = that child’s resourceUsage().maxRSS',
      aws: 'aws s3 cp --recursive (small) / aws s3 cp (large), --only-show-errors, default transfer settings, AWS_ENDPOINT_URL = the sandbox',
      rclone: 'Debian rclone copy --transfers 32, remote from RCLONE_CONFIG_SB_* env vars (provider Other, path-style), otherwise defaults',
      sandbox: 'startSandbox in a child process (in memory); seeded through S3 PutObject by the AWS SDK (CRC32 checksums, MD5 ETags of the real bytes); latency added to every request',
      checks: 'after each run: downloads counted and sized on disk (and 16 sampled 64 KiB ranges of the large file compared with the source); uploads listed and sized in the bucket, then deleted',
    },
    loadNote: 'a 2-core machine shared by the sandbox, the client under test and other work',
  });
}

/** One tool, one case, one latency: a fresh destination, the run, a check, and cleanup. */
async function oneRun(sb: SandboxProcess, client: S3Client, data: LocalData, spec: Spec, tool: string, latencyMs: number): Promise<Run> {
  const tag = `${tool}-${latencyMs}-${spec.size}`;
  if (spec.direction === 'download') {
    const dest = join(data.root, `out-${tag}`);
    mkdirSync(dest);
    try {
      const prefix = REMOTE[spec.size];
      const r =
        tool === 'thaw'
          ? await thawRun(sb, { direction: 'download', bucket: BUCKET, prefix, dest })
          : peerRun(await timeCommand(...peerDownload(tool, sb, spec.size, prefix, dest), RUN_LIMIT_MS));
      const found = walk(dest);
      const contentOk = spec.size === 'large' && found.files === 1 ? sameSamples(data.largeFile, join(dest, LARGE_NAME)) : undefined;
      return { ...r, ...found, ...(contentOk === undefined ? {} : { contentOk }) };
    } finally {
      rmSync(dest, { recursive: true, force: true });
    }
  }
  const prefix = `up/${tag}/`;
  try {
    const source = spec.size === 'small' ? data.smallDir : data.largeFile;
    const r =
      tool === 'thaw'
        ? await thawRun(sb, { direction: 'upload', bucket: BUCKET, prefix, pick: spec.size === 'small' ? 'folder' : 'files', paths: [source] })
        : peerRun(await timeCommand(...peerUpload(tool, sb, spec.size, source, prefix), RUN_LIMIT_MS));
    return { ...r, ...(await remoteTotals(client, prefix)) };
  } finally {
    await deletePrefix(client, prefix);
  }
}

type Command = [string, string[], NodeJS.ProcessEnv];

function peerDownload(tool: string, sb: Endpoint, size: SizeClass, prefix: string, dest: string): Command {
  if (tool === 'aws') {
    return size === 'small'
      ? ['aws', ['s3', 'cp', '--recursive', '--only-show-errors', `s3://${BUCKET}/${prefix}`, dest], awsEnv(sb)]
      : ['aws', ['s3', 'cp', '--only-show-errors', `s3://${BUCKET}/${prefix}${LARGE_NAME}`, join(dest, LARGE_NAME)], awsEnv(sb)];
  }
  return ['rclone', ['copy', '--transfers', '32', `sb:${BUCKET}/${prefix}`, dest], rcloneEnv(sb)];
}

function peerUpload(tool: string, sb: Endpoint, size: SizeClass, source: string, prefix: string): Command {
  if (tool === 'aws') {
    return size === 'small'
      ? ['aws', ['s3', 'cp', '--recursive', '--only-show-errors', source, `s3://${BUCKET}/${prefix}`], awsEnv(sb)]
      : ['aws', ['s3', 'cp', '--only-show-errors', source, `s3://${BUCKET}/${prefix}${LARGE_NAME}`], awsEnv(sb)];
  }
  // rclone copy takes a folder or a single file as its source, and a folder as its destination.
  return ['rclone', ['copy', '--transfers', '32', source, `sb:${BUCKET}/${prefix}`], rcloneEnv(sb)];
}

function peerRun(r: PeerRun): Pick<Run, 'seconds' | 'note'> {
  return { seconds: r.seconds, ...(r.note ? { note: r.note } : {}) };
}

const PEER_NAMES: Record<string, Record<SizeClass, string>> = {
  aws: { small: 'aws s3 cp --recursive', large: 'aws s3 cp' },
  rclone: { small: 'rclone copy --transfers 32', large: 'rclone copy --transfers 32' },
};

function toCase(spec: Spec, latencyMs: number, tool: string, thaw: Run | undefined, peer: Run): BenchCase {
  const minRatio = spec.size === 'small' && tool === 'aws' ? 1.5 : 1;
  const what = spec.size === 'small' ? `${SMALL_COUNT.toLocaleString('en-US')} × 64 KiB` : `1 × ${LARGE_BYTES >= 1024 * MiB ? `${LARGE_BYTES / (1024 * MiB)} GiB` : `${LARGE_BYTES / MiB} MiB`}`;
  const complete = (r: Run | undefined) => !!r && r.seconds !== null && r.files === spec.files && r.bytes === spec.bytes && r.contentOk !== false;
  const c = benchCase({
    name: `${spec.direction} ${spec.size}: ${what}`,
    latencyMs,
    thawSeconds: thaw?.seconds == null ? null : round(thaw.seconds, 3),
    peerName: PEER_NAMES[tool]![spec.size],
    peerSeconds: peer.seconds === null ? null : round(peer.seconds, 3),
    ...(peer.note ? { peerNote: peer.note } : complete(peer) ? {} : { peerNote: `incomplete: ${peer.files} files, ${peer.bytes} bytes` }),
    target: `>= ${minRatio}x`,
    minRatio,
    direction: spec.direction,
    sizeClass: spec.size,
    files: spec.files,
    bytes: spec.bytes,
    thawMBps: thaw?.seconds ? round(spec.bytes / MiB / thaw.seconds, 1) : null,
    peerMBps: peer.seconds ? round(spec.bytes / MiB / peer.seconds, 1) : null,
    thawPeakRssMB: thaw?.peakRssMB ?? null,
    thawBaselineRssMB: thaw?.baselineRssMB ?? null,
    thawCpuSeconds: thaw?.cpuSeconds ?? null,
    thawComplete: complete(thaw),
    peerComplete: complete(peer),
    ...(thaw?.note ? { thawNote: thaw.note } : {}),
    loadAverage1m: round(loadavg()[0]!, 2),
  });
  // A Thaw run that did not deliver every byte has met nothing.
  return { ...c, met: c.met === null ? (thaw && !complete(thaw) ? false : null) : c.met && complete(thaw) };
}

/** Peak RSS of the 1 GiB runs against the small-file runs, per latency and direction. */
function rssFlatness(runs: Record<string, Run>): Record<string, unknown> {
  const rows: Array<Record<string, unknown>> = [];
  let flat: boolean | null = null;
  for (const latencyMs of LATENCIES_MS) {
    for (const direction of ['download', 'upload'] as const) {
      const small = runs[`${direction}-small-${latencyMs}ms-thaw`]?.peakRssMB;
      const large = runs[`${direction}-large-${latencyMs}ms-thaw`]?.peakRssMB;
      if (small === undefined || large === undefined) continue;
      const ok = large <= small + RSS_FLAT_MARGIN_MB;
      flat = (flat ?? true) && ok;
      rows.push({ latencyMs, direction, smallPeakRssMB: small, largePeakRssMB: large, deltaMB: round(large - small, 1), flat: ok });
    }
  }
  return { target: `peak RSS of a ${LARGE_BYTES / MiB} MiB transfer <= that of ${SMALL_COUNT} × 64 KiB + ${RSS_FLAT_MARGIN_MB} MB`, flat, byRun: rows };
}

// ---- Thaw, in a child process ------------------------------------------------------------

type ThawParams =
  | { direction: 'download'; bucket: string; prefix: string; dest: string }
  | { direction: 'upload'; bucket: string; prefix: string; pick: 'files' | 'folder'; paths: string[] };

/** Forks this file as a Thaw child for one transfer and waits for its report. */
function thawRun(sb: Endpoint, params: ThawParams): Promise<Run> {
  const entry = fileURLToPath(import.meta.url);
  const endpoint: Endpoint = { endpoint: sb.endpoint, region: sb.region, credentials: sb.credentials };
  const child = fork(entry, ['--thaw-child', JSON.stringify({ endpoint, params })], { execArgv: ['--import', 'tsx', ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve) => {
    let report: Run | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('message', (m: Run) => (report = m));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(report ?? { seconds: null, files: 0, bytes: 0, note: `Thaw child exited ${code} without a report` });
    });
  });
}

/** The child side: a core, one plan, one job, polled to its end. */
async function thawChild(raw: string): Promise<void> {
  const { endpoint, params } = JSON.parse(raw) as { endpoint: Endpoint; params: ThawParams };
  let modules;
  try {
    modules = await Promise.all([import('../electron/core/index'), import('../electron/core/testing/fixtures')]);
  } catch (err) {
    // The core does not load (e.g. a transfer module missing): say so instead of dying silently.
    process.send?.({ seconds: null, files: 0, bytes: 0, note: `core did not load: ${err instanceof Error ? err.message : String(err)}` } satisfies Run);
    process.disconnect?.();
    return;
  }
  const [{ createCore, dispatch }, { testAdapters }] = modules;
  const userData = mkdtempSync(join(tmpdir(), 'thaw-bench-transfer-core-'));
  const chosenDir = params.direction === 'download' ? params.dest : undefined;
  const chosenFiles = params.direction === 'upload' ? params.paths : [];
  const core = createCore(
    testAdapters({
      userDataDir: userData,
      dialogs: { chooseDirectory: async () => chosenDir, chooseFiles: async () => chosenFiles, chooseSaveFile: async () => undefined },
    }),
    { startSandbox: async () => ({ ...endpoint, close: async () => undefined }) },
  );
  const call = async (channel: string, input: unknown): Promise<Record<string, unknown>> => {
    const r = await dispatch(core.handlers, channel, [input]);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.data as Record<string, unknown>;
  };
  const report: Run = { seconds: null, files: 0, bytes: 0 };
  try {
    await call('jobs:list', {});
    report.baselineRssMB = round(process.memoryUsage.rss() / MiB, 1);
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const plan =
      params.direction === 'download'
        ? await call('transfers:plan-download', { connectionId: 'sandbox', bucket: params.bucket, prefixes: [params.prefix], keys: [], base: params.prefix })
        : await call('transfers:plan-upload', { connectionId: 'sandbox', bucket: params.bucket, prefix: params.prefix, pick: params.pick, dropped: params.paths });
    if (!plan) throw new Error('the plan came back null (dialog stub not used?)');
    const { jobId } =
      params.direction === 'download'
        ? await call('transfers:start-download', { planId: plan.planId, collision: 'overwrite', archived: 'skip' })
        : await call('transfers:start-upload', { planId: plan.planId, storageClass: 'STANDARD', metadata: {}, collision: 'overwrite' });
    let job: JobSummary | undefined;
    for (;;) {
      const jobs = (await call('jobs:list', {})) as unknown as JobSummary[];
      job = jobs.find((j) => j.jobId === jobId);
      if (!job || job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    report.cpuSeconds = round((cpu.user + cpu.system) / 1e6, 2);
    report.job = job ? { state: job.state, items: job.items, bytes: job.bytes, ...(job.kind === 'transfer' ? { transfer: job.transfer } : {}), ...(job.error ? { error: job.error } : {}) } : { missing: true };
    if (job?.state === 'done' && job.items.failed === 0) report.seconds = seconds;
    else report.note = `job ${job?.state ?? 'missing'}${job?.error ? `: ${job.error.message}` : ''}${job?.pausedReason ? `: ${job.pausedReason.message}` : ''}`;
  } catch (err) {
    report.note = err instanceof Error ? err.message : String(err);
  } finally {
    report.peakRssMB = round(process.resourceUsage().maxRSS / 1024, 1);
    await core.dispose().catch(() => undefined);
    rmSync(userData, { recursive: true, force: true });
  }
  process.send?.(report);
  process.disconnect?.();
}

// ---- data, seeding and checks ------------------------------------------------------------

/** Random bytes on local disk: the small files' folder and the large file. */
async function makeLocalData(root: string): Promise<LocalData> {
  const smallDir = join(root, 'src', 'small');
  mkdirSync(smallDir, { recursive: true });
  for (let i = 0; i < SMALL_COUNT; i++) writeFileSync(join(smallDir, `file-${String(i).padStart(5, '0')}.bin`), randomFillSync(Buffer.alloc(SMALL_BYTES)));
  const largeFile = join(root, 'src', LARGE_NAME);
  await writeLarge(largeFile);
  return { root, smallDir, largeFile };
}

async function writeLarge(path: string): Promise<void> {
  const out = createWriteStream(path);
  const chunk = Buffer.alloc(8 * MiB);
  for (let done = 0; done < LARGE_BYTES; done += chunk.length) {
    randomFillSync(chunk);
    const piece = chunk.subarray(0, Math.min(chunk.length, LARGE_BYTES - done));
    if (!out.write(Buffer.from(piece))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

function sdkClient(sb: Endpoint): S3Client {
  return new S3Client({
    endpoint: sb.endpoint,
    region: sb.region,
    forcePathStyle: true,
    credentials: sb.credentials,
    requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: 32 } }),
  });
}

async function seed(client: S3Client, data: LocalData): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const names = readdirSync(data.smallDir);
  await pool(names, 32, async (name) => {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${REMOTE.small}${name}`, Body: createReadStream(join(data.smallDir, name)), ContentLength: SMALL_BYTES }));
  });
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${REMOTE.large}${LARGE_NAME}`, Body: createReadStream(data.largeFile), ContentLength: LARGE_BYTES }));
}

/** What S3 says about seeded objects: ETag and stored checksums, to show what the clients could verify. */
async function checksumsOf(client: S3Client, keys: string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const h = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
    out[key] = { size: h.ContentLength, etag: h.ETag, checksumCRC32: h.ChecksumCRC32 ?? null, checksumType: h.ChecksumType ?? null };
  }
  return out;
}

async function remoteTotals(client: S3Client, prefix: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      files++;
      bytes += o.Size ?? 0;
    }
    token = page.NextContinuationToken;
  } while (token);
  return { files, bytes };
}

async function deletePrefix(client: S3Client, prefix: string): Promise<void> {
  for (;;) {
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) return;
    await client.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys, Quiet: true } }));
  }
}

/** Files and bytes below a local folder. */
function walk(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

/** Compares 16 ranges of 64 KiB spread over the two files. */
function sameSamples(a: string, b: string): boolean {
  if (statSync(b).size !== LARGE_BYTES) return false;
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = Buffer.alloc(SMALL_BYTES);
    const bb = Buffer.alloc(SMALL_BYTES);
    for (let i = 0; i < 16; i++) {
      const at = Math.floor(((LARGE_BYTES - SMALL_BYTES) * i) / 15);
      readSync(fa, ba, 0, SMALL_BYTES, at);
      readSync(fb, bb, 0, SMALL_BYTES, at);
      if (!ba.equals(bb)) return false;
    }
    return true;
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

function list(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

if (process.argv[2] === '--thaw-child') await thawChild(process.argv[3] ?? '{}');
