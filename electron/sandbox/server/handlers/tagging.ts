/**
 * GetObjectTagging, PutObjectTagging and DeleteObjectTagging, of the current
 * object or one version (`versionId`): tags change in place, never making a
 * new version, and the answer names the version it touched.
 */
import { bucketOf, keyOf, versionIdParam, xmlResponse, type Handler } from '../context';
import { requireIntegrityHeader, verifyIntegrity } from '../payload';
import { childNodes, childText, el, malformedXml, parseRequestXml, S3_XMLNS, XML_DECL } from '../xml';
import { assertTagSet, versionHeaders } from './object-headers';

/** Parses a `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>` body. */
export function parseTaggingBody(body: Buffer): Record<string, string> {
  const doc = parseRequestXml(body, 'Tagging');
  const sets = childNodes(doc, 'TagSet');
  if (sets.length !== 1) throw malformedXml();
  const pairs = childNodes(sets[0], 'Tag').map((t): [string, string] => {
    const k = childText(t, 'Key');
    if (k === undefined) throw malformedXml();
    return [k, childText(t, 'Value') ?? ''];
  });
  return assertTagSet(pairs);
}

/** GET /bucket/key?tagging */
export const getObjectTagging: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const versionId = versionIdParam(req);
  const o = ctx.store.head(bucket, key, versionId);
  const tags = ctx.store.getTags(bucket, key, versionId);
  let xml = `${XML_DECL}<Tagging xmlns="${S3_XMLNS}"><TagSet>`;
  for (const [k, v] of Object.entries(tags)) xml += `<Tag>${el('Key', k)}${el('Value', v)}</Tag>`;
  xml += '</TagSet></Tagging>';
  const resp = xmlResponse(xml);
  return { ...resp, headers: { ...resp.headers, ...versionHeaders(ctx.store, bucket, o.versionId) } };
};

/** PUT /bucket/key?tagging: replaces the whole tag set. */
export const putObjectTagging: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  requireIntegrityHeader(req.headers, req.trailers);
  verifyIntegrity(req.body, req.headers, req.trailers);
  const tags = parseTaggingBody(req.body);
  const o = ctx.store.putTags(bucket, keyOf(req), tags, versionIdParam(req));
  return { status: 200, headers: versionHeaders(ctx.store, bucket, o.versionId) };
};

/** DELETE /bucket/key?tagging: 204, the tag set emptied. */
export const deleteObjectTagging: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const o = ctx.store.putTags(bucket, keyOf(req), {}, versionIdParam(req));
  return { status: 204, headers: versionHeaders(ctx.store, bucket, o.versionId) };
};
