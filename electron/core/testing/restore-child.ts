/**
 * A core in a child process, for the kill test: plans and starts a restore
 * of one prefix against a sandbox the parent runs, prints the job id, and
 * keeps issuing until the parent SIGKILLs it.
 *
 * argv: endpoint accessKeyId secretAccessKey userDataDir bucket prefix ratePerSecond
 */
import type { RestorePlanEvent } from '../../../shared/ipc/restore';
import { createCore, dispatch } from '../index';
import { testAdapters } from './fixtures';

const [endpoint, accessKeyId, secretAccessKey, userDataDir, bucket, prefix, rate] = process.argv.slice(2) as string[];
const events: RestorePlanEvent[] = [];
const core = createCore(
  testAdapters({ userDataDir: userDataDir!, emit: (name, payload) => void (name === 'restore:plan-event' && events.push(payload as RestorePlanEvent)) }),
  { startSandbox: async () => ({ endpoint: endpoint!, region: 'us-east-1', credentials: { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! }, close: async () => undefined }) },
);
const call = async (channel: string, input: unknown) => {
  const r = await dispatch(core.handlers, channel, [input]);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as Record<string, unknown>;
};
await call('settings:set', { patch: { restore: { requestsPerSecond: Number(rate) } } });
const { planId } = await call('restore:plan', { requestId: 'child', connectionId: 'sandbox', bucket, prefixes: [prefix] });
while (!events.some((e) => e.kind === 'done')) await new Promise((r) => setTimeout(r, 10));
const { jobId } = await call('restore:start', { planId, tier: 'Bulk', days: 3 });
process.stdout.write(`job ${String(jobId)}\n`);
// Keep the process (and the job) alive until the parent kills it.
setInterval(() => undefined, 1_000);
