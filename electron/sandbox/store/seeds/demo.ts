/**
 * The `demo` seed: an ML-ops training bucket and a small archive bucket.
 *
 * `thaw-demo-training` holds JSONL training shards by task and date (older
 * ones archived), pickle caches, PNG segmentation masks (one group of ~2,500
 * so paging shows), uploaded PDFs and awkward keys (spaces, unicode, `+`,
 * `%`). Every class appears, some Intelligent-Tiering objects sit in archive
 * tiers, and a few restores are finished or under way relative to `now`.
 * Content is deterministic: the same bytes on every run.
 */
import type { ObjectRecord, RestoreRecord } from '../../store-types';
import { restoreExpiry } from '../archive';
import { createRandom } from '../prng';
import type { Store } from '../store';
import { SEED_BASE_DATE } from './base-date';
import { cachePickle, maskMetadata, TASKS, trainingJsonl } from './demo-content';
import { maskPng } from './png';
import { simplePdf } from './pdf';
import { seedBucket, seedObject, type SeedObject } from './writer';

/** The demo's main bucket. */
export const DEMO_TRAINING_BUCKET = 'thaw-demo-training';
/** The demo's second, archive-heavy bucket. */
export const DEMO_ARCHIVE_BUCKET = 'thaw-demo-archive';

const DAY = 86_400_000;
const MIN = 60_000;
const ORGANS = ['heart', 'kidney_left', 'kidney_right', 'liver', 'lung_left', 'lung_right', 'pancreas', 'spleen'] as const;
const BRAIN = ['grey_matter', 'tumor', 'ventricles', 'white_matter'] as const;
const PALETTE: Array<[number, number, number]> = [
  [230, 57, 70], [69, 123, 157], [29, 53, 87], [244, 162, 97], [42, 157, 143], [233, 196, 106], [131, 56, 236], [255, 0, 110],
];

/** Fills the demo buckets. `now` places the finished and running restores. */
export async function seedDemo(store: Store, region: string): Promise<void> {
  const now = store.now();
  seedBucket(store, DEMO_TRAINING_BUCKET, region, SEED_BASE_DATE - 420 * DAY);
  seedBucket(store, DEMO_ARCHIVE_BUCKET, region, SEED_BASE_DATE - 800 * DAY);
  const training = [...trainingShards(now), ...caches(), ...masks(), ...documents()];
  for (const o of training) await seedObject(store, DEMO_TRAINING_BUCKET, o);
  for (const o of archiveBucket(now)) await seedObject(store, DEMO_ARCHIVE_BUCKET, o);
}

/** Restore records for seeded objects: finished (copy live for `days`) or running. */
const restored = (now: number, days: number): RestoreRecord => ({ tier: 'Standard', days, requestedAt: now - 3 * 60 * MIN, completesAt: now - 60 * MIN, expiresAt: restoreExpiry(now - 60 * MIN, days) });
const restoring = (now: number, tier: RestoreRecord['tier'], inMs: number, days?: number): RestoreRecord => ({ tier, days, requestedAt: now - MIN, completesAt: now + inMs });

function trainingShards(now: number): SeedObject[] {
  const r = createRandom(20261101);
  const out: SeedObject[] = [];
  const states = new Set<string>();
  for (const task of TASKS) {
    for (let d = 0; d < 14; d++) {
      const age = 3 + d * 9;
      const day = SEED_BASE_DATE - age * DAY;
      const files = 2 + Math.floor(r() * 3);
      for (let f = 0; f < files; f++) {
        const seed = Math.floor(r() * 0xffffffff);
        const lines = 5 + Math.floor(r() * 60);
        const id = seed.toString(16).padStart(8, '0');
        const date = new Date(day).toISOString().slice(0, 10).replace(/-/g, '/');
        const o: SeedObject = {
          key: `training/${task}/${date}/${id}.jsonl`,
          body: trainingJsonl(task, seed, lines),
          lastModified: day + Math.floor(r() * DAY),
          contentType: 'application/jsonl',
          metadata: { 'sample-count': String(lines), task },
          tags: { project: 'thaw-demo', task },
        };
        Object.assign(o, classForAge(task, age, r));
        o.restore = demoRestore(o, now, states);
        out.push(o);
      }
    }
  }
  return out;
}

/** Gives the first objects of each archive kind a finished or running restore (each state once). */
function demoRestore(o: SeedObject, now: number, done: Set<string>): RestoreRecord | undefined {
  const plans: Array<[string, boolean, () => RestoreRecord]> = [
    ['glacier-restored', o.storageClass === 'GLACIER', () => restored(now, 7)],
    ['glacier-restoring', o.storageClass === 'GLACIER', () => restoring(now, 'Standard', 90_000, 3)],
    ['deep-restoring', o.storageClass === 'DEEP_ARCHIVE', () => restoring(now, 'Bulk', 10 * MIN, 5)],
    ['deep-restored', o.storageClass === 'DEEP_ARCHIVE', () => restored(now, 2)],
    ['it-restoring', o.accessTier === 'ARCHIVE_ACCESS', () => restoring(now, 'Standard', 2 * MIN)],
  ];
  for (const [name, applies, make] of plans) {
    if (applies && !done.has(name)) {
      done.add(name);
      return make();
    }
  }
  return undefined;
}

function classForAge(task: string, age: number, r: () => number): Pick<ObjectRecord, 'storageClass' | 'accessTier'> {
  if (task === 'segmentation' && age > 60) return { storageClass: 'INTELLIGENT_TIERING', accessTier: age > 90 ? 'DEEP_ARCHIVE_ACCESS' : 'ARCHIVE_ACCESS' };
  if (age < 30) return { storageClass: r() < 0.7 ? 'STANDARD' : 'INTELLIGENT_TIERING' };
  if (age < 60) return { storageClass: r() < 0.4 ? 'STANDARD_IA' : r() < 0.5 ? 'ONEZONE_IA' : 'GLACIER_IR' };
  return { storageClass: age < 90 ? 'GLACIER' : 'DEEP_ARCHIVE' };
}

function caches(): SeedObject[] {
  const files: Array<[string, number, ObjectRecord['storageClass']]> = [
    ['embeddings-v3.pkl', 61_440, 'STANDARD'],
    ['tokenizer-vocab.pkl', 18_250, 'STANDARD'],
    ['features-2026-10.pkl', 40_960, 'ONEZONE_IA'],
    ['label-encoder.pkl', 2_048, 'INTELLIGENT_TIERING'],
    ['dataset-index.pkl', 9_300, 'STANDARD_IA'],
  ];
  return files.map(([name, size, storageClass], i) => ({
    key: `cache/${name}`,
    body: cachePickle(1000 + i, size),
    lastModified: SEED_BASE_DATE - (2 + i * 5) * DAY,
    contentType: 'application/octet-stream',
    storageClass,
  }));
}

function masks(): SeedObject[] {
  const out: SeedObject[] = [];
  const colors = Object.fromEntries([...ORGANS, ...BRAIN].map((o, i) => [o, PALETTE[i % PALETTE.length]])) as Record<string, [number, number, number]>;
  const sets: Array<{ annotation: string; organs: readonly string[]; groups: Record<string, number>; age: number }> = [
    // scan-0001 alone holds 313 × 8 = 2,504 masks: a prefix that takes three pages.
    { annotation: 'ct-organs-v2', organs: ORGANS, groups: { 'scan-0001': 313, 'scan-0002': 12, 'scan-0003': 12 }, age: 40 },
    { annotation: 'mri-brain-v1', organs: BRAIN, groups: { 'subject-01': 6, 'subject-02': 6, 'subject-03': 6 }, age: 150 },
  ];
  for (const set of sets) {
    const at = SEED_BASE_DATE - set.age * DAY;
    out.push({ key: `mask/${set.annotation}/metadata.json`, body: maskMetadata(set.annotation, set.organs, colors, set.groups), lastModified: at, contentType: 'application/json' });
    for (const [group, slices] of Object.entries(set.groups)) {
      const archived = group === 'subject-03';
      for (let s = 0; s < slices; s++) {
        set.organs.forEach((organ, k) => {
          const phase = (Math.PI * (s + 0.5)) / slices;
          const ellipse = { cx: 0.3 + 0.4 * ((k + 1) / (set.organs.length + 1)), cy: 0.5 + 0.15 * Math.sin(s / 9 + k), rx: 0.05 + 0.1 * Math.sin(phase), ry: 0.06 + 0.12 * Math.sin(phase) };
          out.push({
            key: `mask/${set.annotation}/${group}/${String(s).padStart(4, '0')}_${organ}.png`,
            body: maskPng(64, colors[organ], ellipse),
            lastModified: at + s * 1000,
            contentType: 'image/png',
            metadata: { organ, slice: String(s) },
            storageClass: group === 'scan-0001' ? 'INTELLIGENT_TIERING' : archived ? 'INTELLIGENT_TIERING' : 'STANDARD_IA',
            accessTier: archived ? 'ARCHIVE_ACCESS' : undefined,
          });
        });
      }
    }
  }
  return out;
}

function documents(): SeedObject[] {
  const uploads: Array<[string, string, ObjectRecord['storageClass']]> = [
    ['d-4f1a', 'Q3 results+notes', 'STANDARD'],
    ['d-77b2', '100% annotated', 'STANDARD_IA'],
    ['d-90c3', 'consent form', 'ONEZONE_IA'],
    ['d-a1e4', 'protocol v2 (final)', 'GLACIER'],
    ['d-b5d5', 'ünïcode résumé', 'STANDARD'],
    ['d-c6f6', 'invoice 2026-10', 'GLACIER_IR'],
  ];
  const out: SeedObject[] = uploads.map(([id, name, storageClass], i) => ({
    key: `uploads/${id}_${name}.pdf`,
    body: simplePdf(name, [`Document ${id}`, 'Uploaded to the Thaw demo bucket.', `Revision ${i + 1}`]),
    lastModified: SEED_BASE_DATE - (5 + i * 11) * DAY,
    contentType: 'application/pdf',
    storageClass,
  }));
  out.push(
    { key: 'documents/report.pdf', body: simplePdf('Training report', ['Datasets: classification, detection, segmentation, summarization.', 'Older shards are archived to Glacier and Deep Archive.']), lastModified: SEED_BASE_DATE - DAY, contentType: 'application/pdf' },
    { key: 'documents/archive/2025 annual report.pdf', body: simplePdf('2025 annual report', ['Archived.']), lastModified: SEED_BASE_DATE - 300 * DAY, contentType: 'application/pdf', storageClass: 'DEEP_ARCHIVE' },
    { key: 'ünïcode/日本語 file.json', body: Buffer.from('{"language":"日本語","note":"ünïcode key"}\n'), lastModified: SEED_BASE_DATE - 7 * DAY, contentType: 'application/json' },
    { key: 'notes/read me.txt', body: Buffer.from('Keys may contain spaces.\n'), lastModified: SEED_BASE_DATE - 8 * DAY, contentType: 'text/plain' },
    { key: 'notes/a+b=c.txt', body: Buffer.from('Plus signs are not spaces in keys.\n'), lastModified: SEED_BASE_DATE - 8 * DAY, contentType: 'text/plain' },
    { key: 'notes/100% done %2F not a slash.txt', body: Buffer.from('Percent signs are literal.\n'), lastModified: SEED_BASE_DATE - 8 * DAY, contentType: 'text/plain' },
  );
  return out;
}

function archiveBucket(now: number): SeedObject[] {
  const out: SeedObject[] = [];
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0');
    const body = cachePickle(2000 + m, 20_000 + m * 1_700);
    body[0] = 0x1f; // gzip magic, so it looks like the .tar.gz it claims to be
    body[1] = 0x8b;
    out.push({
      key: `backups/2025/${mm}/db-2025-${mm}-01.tar.gz`,
      body,
      lastModified: Date.UTC(2025, m - 1, 1, 3),
      contentType: 'application/gzip',
      storageClass: 'DEEP_ARCHIVE',
      restore: m === 6 ? restored(now, 10) : undefined,
    });
  }
  const csv = (q: string) => Buffer.from(`quarter,samples,annotated\n${q},${q.length * 1000},${q.length * 800}\n`);
  out.push(
    { key: 'exports/2026/Q1 summary.csv', body: csv('Q1'), lastModified: Date.UTC(2026, 3, 2), contentType: 'text/csv', storageClass: 'GLACIER' },
    { key: 'exports/2026/Q2 summary.csv', body: csv('Q2'), lastModified: Date.UTC(2026, 6, 2), contentType: 'text/csv', storageClass: 'GLACIER', restore: restoring(now, 'Expedited', 30_000, 1) },
    { key: 'raw/sensor+log%2026.bin', body: cachePickle(3000, 4096), lastModified: Date.UTC(2026, 1, 10), contentType: 'application/octet-stream', storageClass: 'GLACIER_IR' },
    { key: 'README.txt', body: Buffer.from('Long-term archive of the Thaw demo. Restore before downloading.\n'), lastModified: SEED_BASE_DATE - 700 * DAY, contentType: 'text/plain' },
  );
  return out;
}
