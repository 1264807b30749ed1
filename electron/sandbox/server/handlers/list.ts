/**
 * ListObjects (v1) and ListObjectsV2, following reference section 3: MaxKeys
 * capped at 1,000, an opaque continuation token that wins over StartAfter,
 * `encoding-type=url`, `fetch-owner`, and `RestoreStatus` on request.
 *
 * This is the hot path of every benchmark: one page is built as one string,
 * with escaping skipped for plain keys and ISO dates memoised.
 */
import { type ListResult, type ObjectRecord, type SandboxStore } from '../../store-types';
import { authorize } from '../auth';
import { bucketOf, invalidArgument, OWNER_XML, xmlResponse, type Handler, type S3Request, type ServerContext } from '../context';
import { el, escapeXml, etagXml, isoDate, s3UrlEncode, S3_XMLNS, XML_DECL } from '../xml';

/** S3 never returns more than this many entries per page. */
export const MAX_KEYS = 1000;

const TOKEN_PREFIX = 'thaw1:';

/** The opaque continuation token for "resume after this key". */
export function encodeContinuationToken(lastReturned: string): string {
  return Buffer.from(TOKEN_PREFIX + lastReturned, 'utf8').toString('base64');
}

/** Decodes a token from `encodeContinuationToken`; InvalidArgument when it is not one. */
export function decodeContinuationToken(token: string): string {
  const bad = () => invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  if (token === '' || !/^[A-Za-z0-9+/]+=*$/.test(token)) throw bad();
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX)) throw bad();
  return text.slice(TOKEN_PREFIX.length);
}

/** `max-keys`: an integer, capped at 1,000; anything else InvalidArgument. */
export function parseMaxKeys(value: string | undefined): number {
  if (value === undefined) return MAX_KEYS;
  if (!/^\d{1,10}$/.test(value) || Number(value) > 2_147_483_647) {
    throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', value);
  }
  return Math.min(Number(value), MAX_KEYS);
}

/** `encoding-type`: only `url`; anything else InvalidArgument. */
export function parseEncoding(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', value);
  return true;
}

/** True when `x-amz-optional-object-attributes: RestoreStatus` was sent; other names are InvalidArgument. */
export function wantsRestoreStatus(req: S3Request): boolean {
  const raw = req.headers['x-amz-optional-object-attributes'];
  if (!raw) return false;
  let wants = false;
  for (const value of raw) {
    for (const name of value.split(',')) {
      const n = name.trim();
      if (n === '') continue;
      if (n !== 'RestoreStatus') throw invalidArgument('Invalid attribute name specified.', 'x-amz-optional-object-attributes', n);
      wants = true;
    }
  }
  return wants;
}

interface PageOptions {
  encode: boolean;
  owner: boolean;
  restoreStatus: boolean;
}

/** `<Contents>…</Contents>` and `<CommonPrefixes>…</CommonPrefixes>` for one page. */
function entriesXml(store: SandboxStore, page: ListResult, opts: PageOptions): string {
  // s3UrlEncode's output needs no XML escaping: it is ASCII without & < > or quotes.
  const enc = opts.encode ? s3UrlEncode : escapeXml;
  let contents = '';
  let prefixes = '';
  for (const entry of page.entries) {
    if (entry.kind === 'prefix') {
      prefixes += `<CommonPrefixes><Prefix>${enc(entry.prefix)}</Prefix></CommonPrefixes>`;
      continue;
    }
    const o: ObjectRecord = entry.object;
    contents += `<Contents><Key>${enc(o.key)}</Key><LastModified>${isoDate(o.lastModified)}</LastModified><ETag>${etagXml(o.etag)}</ETag>`;
    for (const alg in o.checksums) contents += `<ChecksumAlgorithm>${alg}</ChecksumAlgorithm>`;
    if (o.checksumType !== undefined) contents += `<ChecksumType>${o.checksumType}</ChecksumType>`;
    contents += `<Size>${o.size}</Size>`;
    if (opts.owner) contents += OWNER_XML;
    contents += `<StorageClass>${o.storageClass}</StorageClass>`;
    if (opts.restoreStatus && o.restore !== undefined) contents += restoreStatusXml(store, o);
    contents += '</Contents>';
  }
  return contents + prefixes;
}

/** `<RestoreStatus>` of a listed object, or '' when S3 sends none for it. */
export function restoreStatusXml(store: SandboxStore, o: ObjectRecord): string {
  const status = store.archiveView(o).listRestoreStatus;
  if (!status) return '';
  let xml = `<RestoreStatus><IsRestoreInProgress>${status.isRestoreInProgress}</IsRestoreInProgress>`;
  if (status.restoreExpiryDate !== undefined) xml += `<RestoreExpiryDate>${isoDate(status.restoreExpiryDate)}</RestoreExpiryDate>`;
  return `${xml}</RestoreStatus>`;
}

/** Runs the store lookup and XML build, counting their CPU and wall time for the benchmarks. */
function measured(ctx: ServerContext, build: () => { xml: string; entries: number }): string {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const { xml, entries } = build();
  const used = process.cpuUsage(cpu);
  ctx.stats.listCpuMicros += used.user + used.system;
  ctx.stats.listWallMicros += Math.round((performance.now() - wall) * 1000);
  ctx.stats.listPages += 1;
  ctx.stats.listEntries += entries;
  return xml;
}

function common(req: S3Request) {
  const q = req.route.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') || undefined;
  authorize(req.credential, 's3:ListBucket', req.route.bucket, prefix);
  return { q, prefix, delimiter, encode: parseEncoding(q.get('encoding-type')), maxKeys: parseMaxKeys(q.get('max-keys')) };
}

/** GET /bucket?list-type=2 */
export const listObjectsV2: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const { q, prefix, delimiter, encode, maxKeys } = common(req);
  const restoreStatus = wantsRestoreStatus(req);
  const token = q.get('continuation-token');
  const startAfter = q.get('start-after');
  // The token wins over StartAfter (reference 3.1): the JS paginator re-sends both.
  const after = token !== undefined ? decodeContinuationToken(token) : startAfter || undefined;
  const owner = q.get('fetch-owner') === 'true';
  const xml = measured(ctx, () => {
    const page = ctx.store.list(bucket, { prefix: prefix || undefined, delimiter, after, maxKeys });
    const e = encode ? s3UrlEncode : (s: string) => s;
    let out = `${XML_DECL}<ListBucketResult xmlns="${S3_XMLNS}">${el('Name', bucket)}${el('Prefix', e(prefix))}`;
    if (token !== undefined) out += el('ContinuationToken', token);
    else if (startAfter) out += el('StartAfter', e(startAfter));
    if (page.isTruncated && page.lastReturned !== undefined) out += el('NextContinuationToken', encodeContinuationToken(page.lastReturned));
    out += `<KeyCount>${page.entries.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>`;
    if (delimiter !== undefined) out += el('Delimiter', e(delimiter));
    if (encode) out += '<EncodingType>url</EncodingType>';
    out += `<IsTruncated>${page.isTruncated}</IsTruncated>`;
    out += entriesXml(ctx.store, page, { encode, owner, restoreStatus });
    out += '</ListBucketResult>';
    return { xml: out, entries: page.entries.length };
  });
  return xmlResponse(xml);
};

/** GET /bucket (ListObjects v1, marker paging; NextMarker only with a delimiter, as S3). */
export const listObjectsV1: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const { q, prefix, delimiter, encode, maxKeys } = common(req);
  const restoreStatus = wantsRestoreStatus(req);
  const marker = q.get('marker') ?? '';
  const xml = measured(ctx, () => {
    const page = ctx.store.list(bucket, { prefix: prefix || undefined, delimiter, after: marker || undefined, maxKeys });
    const e = encode ? s3UrlEncode : (s: string) => s;
    let out = `${XML_DECL}<ListBucketResult xmlns="${S3_XMLNS}">${el('Name', bucket)}${el('Prefix', e(prefix))}${el('Marker', e(marker))}`;
    if (page.isTruncated && delimiter !== undefined && page.lastReturned !== undefined) out += el('NextMarker', e(page.lastReturned));
    out += `<MaxKeys>${maxKeys}</MaxKeys>`;
    if (delimiter !== undefined) out += el('Delimiter', e(delimiter));
    if (encode) out += '<EncodingType>url</EncodingType>';
    out += `<IsTruncated>${page.isTruncated}</IsTruncated>`;
    out += entriesXml(ctx.store, page, { encode, owner: true, restoreStatus });
    out += '</ListBucketResult>';
    return { xml: out, entries: page.entries.length };
  });
  return xmlResponse(xml);
};
