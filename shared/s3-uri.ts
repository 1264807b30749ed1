/**
 * `s3://` URIs for "Copy URI".
 *
 * The aws CLI and the S3 console write the key as-is after the bucket
 * (`s3://bucket/a b/c.txt`), not percent-encoded; Thaw does the same so a
 * copied URI pastes straight into `aws s3 cp`.
 */

/** `s3://bucket/key`; `s3://bucket/` for the bucket itself (empty key). */
export function s3Uri(bucket: string, key = ''): string {
  return `s3://${bucket}/${key}`;
}
