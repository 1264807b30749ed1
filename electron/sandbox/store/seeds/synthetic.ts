/**
 * `synthetic:N` and `synthetic-flat:N`: million-key buckets that cost one
 * string per key.
 *
 * Keys are generated already in S3 order; records are derived from a hash of
 * the key when listed or read (size, class, date, ETag), and bodies are
 * derived bytes (synthetic-body.ts), so nothing per object is stored.
 */
import type { ArchiveAccessTier, ObjectRecord, StorageClass } from '../../store-types';
import { hash32, mix32 } from '../prng';
import type { SyntheticSource } from '../state';
import { SEED_BASE_DATE } from './base-date';

const DAY_MS = 86_400_000;
const MiB = 1024 * 1024;
const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Bucket that `synthetic:N` fills. */
export const SYNTHETIC_BUCKET = 'thaw-synthetic';
/** Bucket that `synthetic-flat:N` fills. */
export const SYNTHETIC_FLAT_BUCKET = 'thaw-synthetic-flat';

/** Datasets under `data/`, in S3 order. */
const SHARDS = ['clicks', 'embeddings', 'events', 'features', 'images', 'logs', 'sessions', 'transactions'];
/** One year of daily partitions ending the day before the base date. */
const DAYS = 365;

/** Parses `synthetic:N` / `synthetic-flat:N`; undefined for other specs. */
export function parseSyntheticSpec(spec: string): { flat: boolean; count: number } | undefined {
  const m = /^synthetic(-flat)?:(\d+)$/.exec(spec);
  if (!m) return undefined;
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 0 || count > 50_000_000) throw new RangeError(`Seed ${spec}: N must be 0..50,000,000`);
  return { flat: m[1] !== undefined, count };
}

/** The synthetic source for a spec (`synthetic:N` or `synthetic-flat:N`). */
export function syntheticSource(spec: string): SyntheticSource {
  const parsed = parseSyntheticSpec(spec);
  if (!parsed) throw new Error(`Not a synthetic seed: ${spec}`);
  return parsed.flat ? flatSource(spec, parsed.count) : partitionedSource(spec, parsed.count);
}

/** `data/<shard>/YYYY/MM/DD/part-NNNNN.parquet`, N keys spread evenly over shards × days. */
function partitionedSource(spec: string, count: number): SyntheticSource {
  const groups = SHARDS.length * DAYS;
  const per = Math.floor(count / groups);
  const extra = count % groups;
  const partsIn = (g: number) => per + (g < extra ? 1 : 0);
  const dayStart = (d: number) => SEED_BASE_DATE - (DAYS - d) * DAY_MS;
  const datePath = (d: number) => new Date(dayStart(d)).toISOString().slice(0, 10).replace(/-/g, '/');
  const re = /^data\/([a-z]+)\/(\d{4}\/\d{2}\/\d{2})\/part-(\d{5})\.parquet$/;
  const dayOf = new Map<string, number>();
  for (let d = 0; d < DAYS; d++) dayOf.set(datePath(d), d);

  return {
    spec,
    keys() {
      const out: string[] = new Array(count);
      let n = 0;
      for (let s = 0; s < SHARDS.length; s++) {
        for (let d = 0; d < DAYS; d++) {
          const parts = partsIn(s * DAYS + d);
          if (parts === 0) continue;
          const base = `data/${SHARDS[s]}/${datePath(d)}/part-`;
          for (let p = 0; p < parts; p++) out[n++] = `${base}${String(p).padStart(5, '0')}.parquet`;
        }
      }
      return out;
    },
    has(key) {
      const m = re.exec(key);
      if (!m) return false;
      const s = SHARDS.indexOf(m[1]);
      const d = dayOf.get(m[2]);
      return s >= 0 && d !== undefined && Number(m[3]) < partsIn(s * DAYS + d);
    },
    record(key) {
      // `data/<shard>/` then the 10-character date path.
      const at = key.indexOf('/', 5) + 1;
      const d = dayOf.get(key.slice(at, at + 10)) ?? 0;
      return derive(key, dayStart(d), 'application/vnd.apache.parquet');
    },
  };
}

/** `flat/obj-0000000.bin`: every key directly under one prefix, the hardest case for a lister. */
function flatSource(spec: string, count: number): SyntheticSource {
  const width = Math.max(7, String(Math.max(0, count - 1)).length);
  const re = new RegExp(`^flat/obj-(\\d{${width}})\\.bin$`);
  return {
    spec,
    keys() {
      const out: string[] = new Array(count);
      for (let i = 0; i < count; i++) out[i] = `flat/obj-${String(i).padStart(width, '0')}.bin`;
      return out;
    },
    has(key) {
      const m = re.exec(key);
      return m !== null && Number(m[1]) < count;
    },
    record(key) {
      return derive(key, SEED_BASE_DATE - 400 * DAY_MS, 'application/octet-stream');
    },
  };
}

/**
 * Object sizes by quantile: log-normal around 2 MiB (sigma 2.6), a few bytes
 * to tens of GiB, looked up instead of computed per key.
 */
const SIZE_QUANTILES: number[] = Array.from({ length: 4096 }, (_, i) => {
  const z = normalQuantile((i + 0.5) / 4096);
  return Math.max(1, Math.min(Math.round(Math.exp(Math.log(2 * MiB) + 2.6 * z)), 50 * 1024 * MiB));
});

/** Storage class by a 0..999 draw, as shared frozen values. */
const CLASS_TABLE: ReadonlyArray<{ storageClass: StorageClass; accessTier?: ArchiveAccessTier }> = Array.from({ length: 1000 }, (_, r) => Object.freeze(classFor(r)));

const HEX_DIGITS = Buffer.from('0123456789abcdef');
const etagBuf = Buffer.alloc(64);

/**
 * A record derived from the key alone.
 *
 * Sizes are log-normal, classes a realistic mix. The ETag has the multipart
 * form (`…-N`, 8 MiB parts, as the aws CLI uploads): derived bytes have no
 * stored MD5, and clients do not verify multipart ETags against content.
 * Kept lean (table lookups, one flat ETag string) because a listing page
 * derives a thousand of these.
 */
function derive(key: string, dayStart: number, contentType: string): ObjectRecord {
  const h = hash32(key);
  const size = SIZE_QUANTILES[mix32(h ^ 0x68e31da4) & 4095];
  const cls = CLASS_TABLE[mix32(h ^ 0x1b56c4e9) % 1000];
  const record: ObjectRecord = {
    key,
    size,
    etag: etagFor(h, Math.max(1, Math.ceil(size / (8 * MiB)))),
    lastModified: dayStart + (mix32(h ^ 0x7f4a7c15) % DAY_MS),
    storageClass: cls.storageClass,
    contentType,
    metadata: EMPTY,
    tags: EMPTY,
    checksums: EMPTY,
    serverSideEncryption: 'AES256',
  };
  if (cls.accessTier) record.accessTier = cls.accessTier;
  return record;
}

/** `"<32 hex>-<parts>"` written into one buffer and read back as one flat string. */
function etagFor(h: number, parts: number): string {
  etagBuf[0] = 0x22;
  let o = 1;
  for (let w = 0; w < 4; w++) {
    const x = mix32(h ^ Math.imul(w + 1, 0x9e3779b9));
    for (let shift = 28; shift >= 0; shift -= 4) etagBuf[o++] = HEX_DIGITS[(x >>> shift) & 15];
  }
  etagBuf[o++] = 0x2d;
  o += etagBuf.write(String(parts), o, 'latin1');
  etagBuf[o++] = 0x22;
  return etagBuf.toString('latin1', 0, o);
}

/** Inverse of the standard normal CDF (Acklam's rational approximation; plenty for a size mix). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

function classFor(r: number): { storageClass: StorageClass; accessTier?: ArchiveAccessTier } {
  if (r < 450) return { storageClass: 'STANDARD' };
  if (r < 580) return { storageClass: 'STANDARD_IA' };
  if (r < 620) return { storageClass: 'ONEZONE_IA' };
  if (r < 690) return { storageClass: 'INTELLIGENT_TIERING' };
  if (r < 710) return { storageClass: 'INTELLIGENT_TIERING', accessTier: 'ARCHIVE_ACCESS' };
  if (r < 720) return { storageClass: 'INTELLIGENT_TIERING', accessTier: 'DEEP_ARCHIVE_ACCESS' };
  if (r < 800) return { storageClass: 'GLACIER_IR' };
  if (r < 900) return { storageClass: 'GLACIER' };
  return { storageClass: 'DEEP_ARCHIVE' };
}
