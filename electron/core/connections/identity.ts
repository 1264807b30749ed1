/**
 * "Test connection": resolve the credentials, name the identity, count the buckets.
 *
 * The identity is the ARN from STS GetCallerIdentity. AWS always has STS; an
 * S3-compatible endpoint may not, so there a failed STS call (one attempt,
 * short timeouts) falls back to naming the access key by its last four
 * characters, and ListBuckets decides whether the keys work.
 */
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ConnectionTestResult } from '../../../shared/ipc/connections';
import type { S3Clients } from '../s3/clients';
import { describeS3Error } from '../s3/describe-error';
import { accessKeyHint, type ResolvedConnection } from './registry';

/** How long a custom endpoint gets to show it speaks STS. */
const CUSTOM_STS_TIMEOUT_MS = 5_000;

/** Tests a connection end to end; throws a described ThawError when the credentials do not work. */
export async function testConnection(conn: ResolvedConnection, clients: S3Clients): Promise<ConnectionTestResult> {
  const { target } = conn;
  // Resolving first surfaces SSO, role and credential_process failures with their own sentences.
  const creds = await target.credentials();
  const sts = await callerIdentity(conn);
  let bucketsVisible: number | undefined;
  try {
    const out = await clients.client(target).send(new ListBucketsCommand({}));
    bucketsVisible = out.Buckets?.length ?? 0;
  } catch (err) {
    const described = describeS3Error(err, { action: 's3:ListAllMyBuckets', endpoint: target.endpoint });
    // Bucket-scoped credentials may not list buckets and still be fine.
    if (described.code !== 'AccessDenied') throw described;
  }
  const account = sts?.account ?? creds.accountId;
  return {
    identity: sts?.arn ?? `Access key ${accessKeyHint(creds.accessKeyId)}`,
    ...(account ? { account } : {}),
    region: target.region,
    ...(bucketsVisible !== undefined ? { bucketsVisible } : {}),
  };
}

/** The caller's ARN and account, or undefined when a custom endpoint has no STS. */
export async function callerIdentity(conn: ResolvedConnection): Promise<{ arn: string; account?: string } | undefined> {
  const { target } = conn;
  const custom = target.endpoint !== undefined;
  const sts = new STSClient({
    region: target.region,
    credentials: target.credentials,
    ...(custom ? { endpoint: target.endpoint } : {}),
    ignoreConfiguredEndpointUrls: true,
    maxAttempts: custom ? 1 : 3,
    requestHandler: new NodeHttpHandler(
      custom ? { connectionTimeout: CUSTOM_STS_TIMEOUT_MS, requestTimeout: CUSTOM_STS_TIMEOUT_MS } : { connectionTimeout: 10_000 },
    ),
  });
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    return out.Arn ? { arn: out.Arn, ...(out.Account ? { account: out.Account } : {}) } : undefined;
  } catch (err) {
    if (custom) return undefined;
    throw describeS3Error(err, { action: 'sts:GetCallerIdentity' });
  } finally {
    sts.destroy();
  }
}

/**
 * Who a connection acts as, in one line for the activity log: the STS ARN,
 * else the access key by its last four characters; undefined when neither
 * can be found out (the log must never wait on, or fail for, this).
 */
export async function identityLine(conn: ResolvedConnection): Promise<string | undefined> {
  try {
    const sts = await callerIdentity(conn);
    if (sts) return sts.arn;
    const creds = await conn.target.credentials();
    return `Access key ${accessKeyHint(creds.accessKeyId)}`;
  } catch {
    return undefined;
  }
}
