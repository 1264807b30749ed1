/**
 * The prefix tree's children: folders one level below a prefix, a page at a time.
 *
 * A delimiter listing mixes folders and files, so a prefix with many files
 * may hold its folders pages away. One call reads up to a few pages (or
 * about a second) to collect folders, then hands back a cursor; the tree
 * shows "more…" and never lists anything recursively.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ChildrenPage } from '../../../shared/ipc/browse';
import { describeS3Error } from '../s3/describe-error';
import { createS3PageSource } from '../listing/s3-pages';

/** Stop collecting once a call has this many folders. */
const FOLDERS_PER_CALL = 1000;
/** Pages read at most per call. */
const PAGES_PER_CALL = 5;
/** Time budget per call. */
const BUDGET_MS = 1500;

/** One page of child folders of `prefix`, continuing from `cursor`. */
export async function listChildren(client: S3Client, bucket: string, prefix: string, cursor?: string): Promise<ChildrenPage> {
  const source = createS3PageSource(client, bucket, { restoreStatus: false });
  const started = performance.now();
  const folders: string[] = [];
  let objectCount = 0;
  let token = cursor;
  try {
    for (let pages = 0; pages < PAGES_PER_CALL; pages++) {
      const page = await source.fetch({ prefix, delimiter: '/', token, maxKeys: 1000 });
      folders.push(...page.prefixes);
      for (const k of page.keys) if (k !== prefix) objectCount++;
      token = page.isTruncated ? page.nextToken : undefined;
      if (!token || folders.length >= FOLDERS_PER_CALL || performance.now() - started > BUDGET_MS) break;
    }
  } catch (err) {
    throw describeS3Error(err, { action: 's3:ListBucket', bucket });
  }
  return token ? { folders, objectCount, nextCursor: token } : { folders, objectCount };
}
