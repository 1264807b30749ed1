/**
 * `npm run bench -- restore-10k`: issuing restores for 10,000 archived
 * objects with Thaw's core, `s3cmd restore --recursive` and `rclone backend
 * restore`, against the same sandbox at 0 ms and 20 ms; Thaw limited to S3's
 * real 1,000 restores a second (the sandbox enforces the same limit on
 * everyone). Then Thaw tracks its restores to completion by listing, and the
 * bench counts what a HEAD per key would have cost on the same schedule.
 * Last, the planning pass over `synthetic:1000000` against a recursive
 * listing of the same bucket by the same engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RestorePlanEvent } from '../shared/ipc/restore';
import { S3_RESTORE_RATE_LIMIT } from '../shared/ipc/settings';
import { createCore, dispatch } from '../electron/core/index';
import { listAll } from '../electron/core/listing/list-all';
import { createS3Client } from '../electron/core/s3/clients';
import { testAdapters } from '../electron/core/testing/fixtures';
import { SYNTHETIC_BUCKET } from '../electron/sandbox/store/seeds/synthetic';
import { startSandboxProcess, type SandboxProcess } from './list-1m/sandbox-process';
import { s3cmdConfig, timeCommand, type Endpoint } from './lib/peers';
import { benchCase, round, writeResult, type BenchCase } from './lib/result';

const KEYS = Number(process.env.RESTORE_10K_KEYS ?? 10_000);
const LATENCIES = [0, 20];
const BUCKET = 'restore-bench';
/** A peer stopped after this long is reported as "at least" the ratio it reached. */
const PEER_LIMIT_MS = Number(process.env.RESTORE_10K_PEER_LIMIT_S ?? 600) * 1000;
/** The sandbox's Bulk restore time: long enough that tracking takes a few checks. */
const BULK_MS = 20_000;
const CHECK_EVERY_MS = 2_000;

interface Core {
  call(channel: string, input: unknown): Promise<Record<string, unknown>>;
  events: RestorePlanEvent[];
  dispose(): Promise<void>;
}

function thawCore(sb: Endpoint, dir: string): Core {
  const events: RestorePlanEvent[] = [];
  const core = createCore(testAdapters({ userDataDir: dir, emit: (name, p) => void (name === 'restore:plan-event' && events.push(p as RestorePlanEvent)) }), {
    startSandbox: async () => ({ ...sb, close: async () => undefined }),
    // Checks only when the bench asks, so it can count what each one costs.
    restoreMinCheckMs: 24 * 3_600_000,
  });
  return {
    events,
    async call(channel, input) {
      const r = await dispatch(core.handlers, channel, [input]);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.data as Record<string, unknown>;
    },
    dispose: () => core.dispose(),
  };
}

async function planOf(core: Core, bucket: string, prefix: string): Promise<{ planId: string; seconds: number; plan: Record<string, unknown> }> {
  const requestId = `bench-${Math.random()}`;
  const started = performance.now();
  const { planId } = await core.call('restore:plan', { requestId, connectionId: 'sandbox', bucket, prefixes: [prefix] });
  for (;;) {
    const end = core.events.find((e) => e.requestId === requestId && e.kind !== 'progress');
    if (end?.kind === 'done') return { planId: String(planId), seconds: (performance.now() - started) / 1000, plan: end.plan as unknown as Record<string, unknown> };
    if (end) throw new Error(`plan ${end.kind}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface JobView {
  state: string;
  restore: { states: Record<string, number>; requests: { restore: number; list: number; head: number }; lastCheckedAt?: number };
}

async function jobOf(core: Core, jobId: string): Promise<JobView> {
  const list = (await core.call('jobs:list', {})) as unknown as Array<JobView & { jobId: string }>;
  return list.find((j) => j.jobId === jobId)!;
}

/** Thaw: plan + issue (timed), then tracking to completion (requests counted). */
async function thawRun(sb: SandboxProcess, latencyMs: number) {
  const prefix = `thaw-${latencyMs}/`;
  await sb.putArchived(BUCKET, prefix, KEYS);
  const dir = mkdtempSync(join(tmpdir(), 'thaw-bench-restore-'));
  const core = thawCore(sb, dir);
  try {
    await core.call('settings:set', { patch: { restore: { requestsPerSecond: S3_RESTORE_RATE_LIMIT, concurrency: 128 } } });
    const started = performance.now();
    const { planId, seconds: planSeconds } = await planOf(core, BUCKET, prefix);
    const { jobId } = (await core.call('restore:start', { planId, tier: 'Bulk', days: 3 })) as { jobId: string };
    let job = await jobOf(core, jobId);
    while (job.restore.states.pending > 0) {
      await new Promise((r) => setTimeout(r, 10));
      job = await jobOf(core, jobId);
    }
    const seconds = (performance.now() - started) / 1000;
    const log = await sb.logSummary(prefix);
    const span = log.restoreSpan!;
    const issueRatePerSecond = round(((span.count - 1) / (span.last - span.first)) * 1000, 1);

    // Tracking: a check every few seconds until every key is restored.
    let headPerKey = 0;
    let checks = 0;
    while (job.state !== 'done') {
      await new Promise((r) => setTimeout(r, CHECK_EVERY_MS));
      const before = job.restore.lastCheckedAt;
      headPerKey += job.restore.states.requested + job.restore.states['in-progress'];
      await core.call('restore:check-now', { jobId });
      do {
        await new Promise((r) => setTimeout(r, 20));
        job = await jobOf(core, jobId);
      } while (job.restore.lastCheckedAt === before && job.state !== 'done');
      checks++;
    }
    return {
      seconds,
      planSeconds,
      issueRatePerSecond,
      accepted: log.accepted,
      acceptedTwice: log.acceptedTwice,
      restoreStatus: log.restoreStatus,
      tracking: { listing: job.restore.requests.list, headPerKey, checks },
    };
  } finally {
    await core.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A peer on its own fresh prefix; stopped at the limit and then bounded from below. */
async function peerRun(sb: SandboxProcess, latencyMs: number, tool: 's3cmd' | 'rclone') {
  const prefix = `${tool}-${latencyMs}/`;
  await sb.putArchived(BUCKET, prefix, KEYS);
  const run =
    tool === 's3cmd'
      ? await timeCommand('s3cmd', ['-c', s3cmdConfig(sb), 'restore', '--recursive', '--restore-days=3', '--restore-priority=bulk', `s3://${BUCKET}/${prefix}`], process.env, PEER_LIMIT_MS)
      : await timeCommand('rclone', ['backend', 'restore', `sb:${BUCKET}/${prefix}`, '-o', 'priority=Bulk', '-o', 'lifetime=3'], rcloneEnv(sb), PEER_LIMIT_MS);
  const log = await sb.logSummary(prefix);
  return { run, accepted: log.accepted, restoreStatus: log.restoreStatus };
}

/** rclone configured the way DESIGN.md says: env vars, provider Other, path-style; no AWS_CA_BUNDLE (1.60 cannot use it with http). */
function rcloneEnv(sb: Endpoint): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RCLONE_CONFIG_SB_TYPE: 's3',
    RCLONE_CONFIG_SB_PROVIDER: 'Other',
    RCLONE_CONFIG_SB_ENDPOINT: sb.endpoint,
    RCLONE_CONFIG_SB_REGION: sb.region,
    RCLONE_CONFIG_SB_ACCESS_KEY_ID: sb.credentials.accessKeyId,
    RCLONE_CONFIG_SB_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey,
    RCLONE_CONFIG_SB_FORCE_PATH_STYLE: 'true',
  };
  delete env.AWS_CA_BUNDLE;
  return env;
}

/** Planning a million keys against listing them with the same engine (best of two each). */
async function planCase(latencyMs: number, sb: SandboxProcess): Promise<BenchCase> {
  await sb.setLatency(latencyMs);
  const dir = mkdtempSync(join(tmpdir(), 'thaw-bench-plan-'));
  const core = thawCore(sb, dir);
  const client = createS3Client({ connectionId: 'bench', endpoint: sb.endpoint, region: sb.region, pathStyle: true, checksumMode: 'default', credentials: async () => sb.credentials });
  try {
    const plans: number[] = [];
    let plan: Record<string, unknown> = {};
    for (let i = 0; i < 2; i++) {
      const p = await planOf(core, SYNTHETIC_BUCKET, '');
      plans.push(p.seconds);
      plan = p.plan;
      await core.call('restore:cancel-plan', { planId: p.planId });
    }
    const lists: number[] = [];
    for (let i = 0; i < 2; i++) lists.push((await listAll(client, { bucket: SYNTHETIC_BUCKET, prefix: '', recursive: true }, () => undefined)).seconds);
    const thawSeconds = round(Math.min(...plans), 3);
    const peerSeconds = round(Math.min(...lists), 3);
    return benchCase({
      name: 'plan of synthetic:1000000 (restore:plan)',
      latencyMs,
      thawSeconds,
      peerName: 'recursive listing, same engine',
      peerSeconds,
      target: 'no slower than a listing (>= 0.9x)',
      minRatio: 0.9,
      scanned: plan.scanned,
      listRequests: plan.listRequests,
      headRequests: plan.headRequests,
    });
  } finally {
    client.destroy();
    await core.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the benchmark and writes `bench/results/restore-10k.json`. */
export async function run(): Promise<void> {
  const cases: BenchCase[] = [];
  const detail: Record<string, unknown> = {};
  let issueRate: number | undefined;
  let tracking: { listing: number; headPerKey: number; checks: number } | undefined;
  const sb = await startSandboxProcess('none', 0, { requestLog: true, restoreRatePerSecond: S3_RESTORE_RATE_LIMIT, restoreDelaysMs: { Bulk: BULK_MS } });
  try {
    for (const latencyMs of LATENCIES) {
      await sb.setLatency(latencyMs);
      const thaw = await thawRun(sb, latencyMs);
      console.log(`  ${latencyMs} ms: Thaw ${thaw.seconds.toFixed(2)} s (plan ${thaw.planSeconds.toFixed(2)} s), ${thaw.issueRatePerSecond}/s, tracking ${JSON.stringify(thaw.tracking)}`);
      detail[`thaw-${latencyMs}ms`] = thaw;
      if (latencyMs === 20) {
        issueRate = thaw.issueRatePerSecond;
        tracking = thaw.tracking;
      }
      for (const tool of ['s3cmd', 'rclone'] as const) {
        const peer = await peerRun(sb, latencyMs, tool);
        detail[`${tool}-${latencyMs}ms`] = { ...peer, run: { ...peer.run } };
        const limited = peer.run.seconds === null && peer.accepted > 0 && peer.accepted < KEYS;
        const peerName = tool === 's3cmd' ? 's3cmd restore --recursive' : 'rclone backend restore';
        console.log(`  ${latencyMs} ms: ${peerName} ${peer.run.seconds?.toFixed(1) ?? 'n/a'} s, ${peer.accepted} accepted ${peer.run.note ?? ''}`);
        const c = benchCase({
            name: `issue ${KEYS.toLocaleString('en-US')} restores (Thaw at ${S3_RESTORE_RATE_LIMIT}/s)`,
            latencyMs,
            thawSeconds: round(thaw.seconds, 3),
            peerName,
            peerSeconds: peer.run.seconds === null ? null : round(peer.run.seconds, 3),
            ...(peer.run.seconds === null
              ? { peerNote: limited ? `stopped after ${PEER_LIMIT_MS / 1000} s with ${peer.accepted} of ${KEYS} accepted` : (peer.run.note ?? 'did not finish') }
              : {}),
            ...(limited ? { ratioAtLeast: round(PEER_LIMIT_MS / 1000 / thaw.seconds, 2) } : {}),
            target: latencyMs === 20 ? (tool === 's3cmd' ? '>= 20x' : '>= 3x') : 'reported',
            ...(latencyMs === 20 ? { minRatio: tool === 's3cmd' ? 20 : 3 } : {}),
            thawAccepted: thaw.accepted,
            peerAccepted: peer.accepted,
          });
        // A peer stopped at the limit still bounds the ratio from below.
        if (c.ratio === null && typeof c.ratioAtLeast === 'number' && latencyMs === 20) c.met = c.ratioAtLeast >= (tool === 's3cmd' ? 20 : 3);
        cases.push(c);
      }
    }
  } finally {
    await sb.close();
  }
  const planSb = await startSandboxProcess(`synthetic:1000000`, 0);
  try {
    for (const latencyMs of LATENCIES) cases.push(await planCase(latencyMs, planSb));
  } finally {
    await planSb.close();
  }
  writeResult('restore-10k', cases, {
    keys: KEYS,
    issueRatePerSecond: issueRate,
    issueRateTarget: `>= ${0.9 * S3_RESTORE_RATE_LIMIT}/s (90% of the ${S3_RESTORE_RATE_LIMIT}/s limit)`,
    trackingRequests: tracking ? { listing: tracking.listing, headPerKey: tracking.headPerKey } : null,
    trackingTarget: 'listing <= headPerKey / 100',
    detail,
    method: {
      thaw: `the real core in the bench process (createCore, dispatch): restore:plan of the prefix then restore:start (Bulk, 3 days) with requestsPerSecond ${S3_RESTORE_RATE_LIMIT}; thawSeconds = plan + issuing until no key is pending`,
      peers: 's3cmd restore --recursive --restore-days=3 --restore-priority=bulk; rclone backend restore -o priority=Bulk -o lifetime=3 (Debian rclone 1.60, default --checkers), each on a fresh prefix of the same size',
      sandbox: `startSandbox in a child process with restoreRatePerSecond ${S3_RESTORE_RATE_LIMIT} (503 SlowDown beyond, like S3) and Bulk restores of ${BULK_MS / 1000} s`,
      tracking: `after issuing, restore:check-now every ${CHECK_EVERY_MS / 1000} s until done; listing = the job's ListObjectsV2 requests; headPerKey = the keys still being restored before each check, summed (what a HEAD per key on the same schedule would send)`,
      issueRate: 'RestoreObject answers in the sandbox log for the 20 ms run: (count - 1) / (last - first)',
    },
  });
}
