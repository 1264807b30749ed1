/**
 * Service and bucket operations: ListBuckets, CreateBucket, HeadBucket,
 * DeleteBucket, GetBucketLocation.
 */
import { S3Error } from '../../store-types';
import { bucketOf, OWNER_XML, xmlResponse, type Handler } from '../context';
import { childText, el, escapeXml, isoDate, parseRequestXml, S3_XMLNS, XML_DECL } from '../xml';

/** GET / */
export const listBuckets: Handler = (_req, ctx) => {
  let xml = `${XML_DECL}<ListAllMyBucketsResult xmlns="${S3_XMLNS}">${OWNER_XML}<Buckets>`;
  for (const b of ctx.store.listBuckets()) {
    xml += `<Bucket>${el('Name', b.name)}${el('CreationDate', isoDate(b.createdAt))}${el('BucketRegion', b.region)}</Bucket>`;
  }
  xml += '</Buckets></ListAllMyBucketsResult>';
  return xmlResponse(xml);
};

/** PUT /bucket, with an optional CreateBucketConfiguration body. */
export const createBucket: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  let constraint = '';
  if (req.body.length > 0) {
    const conf = parseRequestXml(req.body, 'CreateBucketConfiguration');
    constraint = childText(conf, 'LocationConstraint') ?? '';
  }
  // us-east-1 takes no constraint; every other region must be named and match.
  const expected = ctx.region === 'us-east-1' ? '' : ctx.region;
  if (constraint !== expected) {
    if (constraint === 'us-east-1') {
      throw new S3Error(400, 'InvalidLocationConstraint', 'The specified location-constraint is not valid', { LocationConstraint: constraint });
    }
    const named = constraint === '' ? 'unspecified' : constraint;
    throw new S3Error(400, 'IllegalLocationConstraintException', `The ${named} location constraint is incompatible for the region specific endpoint this request was sent to.`);
  }
  ctx.store.createBucket(bucket, ctx.region);
  return { status: 200, headers: { Location: `/${bucket}` } };
};

/** HEAD /bucket */
export const headBucket: Handler = (req, ctx) => {
  const b = ctx.store.getBucket(bucketOf(req));
  return { status: 200, headers: { 'x-amz-bucket-region': b.region, 'x-amz-access-point-alias': 'false' } };
};

/** DELETE /bucket */
export const deleteBucket: Handler = (req, ctx) => {
  ctx.store.deleteBucket(bucketOf(req));
  return { status: 204 };
};

/** GET /bucket?location: empty for us-east-1, as S3 answers. */
export const getBucketLocation: Handler = (req, ctx) => {
  const b = ctx.store.getBucket(bucketOf(req));
  const body =
    b.region === 'us-east-1'
      ? `${XML_DECL}<LocationConstraint xmlns="${S3_XMLNS}"/>`
      : `${XML_DECL}<LocationConstraint xmlns="${S3_XMLNS}">${escapeXml(b.region)}</LocationConstraint>`;
  return xmlResponse(body);
};
