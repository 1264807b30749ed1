import { paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { startSandboxProcess } from '../../../bench/list-1m/sandbox-process';
import { createS3Client } from '../s3/clients';
import { listAll } from './list-all';

const seed = process.argv[2] ?? 'synthetic-flat:1000000';
const bucket = seed.startsWith('synthetic-flat') ? 'thaw-synthetic-flat' : 'thaw-synthetic';
const prefix = seed.startsWith('synthetic-flat') ? 'flat/' : '';
const lats = (process.argv[3] ?? '0,20').split(',').map(Number);
for (const lat of lats) {
  const sb = await startSandboxProcess(seed, lat);
  const client = createS3Client({ connectionId: 'm', endpoint: sb.endpoint, region: sb.region, pathStyle: true, checksumMode: 'default', credentials: async () => sb.credentials });
  // warm up the connection
  await listAll(client, { bucket, prefix: prefix + 'zzz', recursive: true }, () => {});
  for (let run = 0; run < 2; run++) {
    let first: number | undefined; const t0 = performance.now(); const c0 = process.cpuUsage();
    const r = await listAll(client, { bucket, prefix, recursive: true }, () => { first ??= performance.now() - t0; });
    const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ seed, lat, what: 'thaw-parallel', keys: r.total, s: +r.seconds.toFixed(2), keysPerSec: Math.round(r.total / r.seconds), firstBatchMs: +first!.toFixed(1), cpuS: +((c.user + c.system) / 1e6).toFixed(2), pages: r.stats.pages, ranges: r.stats.ranges, overshoot: r.stats.overshoot }));
  }
  if (process.env.SEQ !== '0') {
    const t0 = performance.now(); let n = 0; let first: number | undefined; const c0 = process.cpuUsage();
    for await (const page of paginateListObjectsV2({ client, pageSize: 1000 }, { Bucket: bucket, Prefix: prefix })) { first ??= performance.now() - t0; n += page.Contents?.length ?? 0; }
    const s = (performance.now() - t0) / 1000; const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ seed, lat, what: 'sdk-sequential', keys: n, s: +s.toFixed(2), keysPerSec: Math.round(n / s), firstBatchMs: +first!.toFixed(1), cpuS: +((c.user + c.system) / 1e6).toFixed(2) }));
  }
  client.destroy();
  await sb.close();
}
