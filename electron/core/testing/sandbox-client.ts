/**
 * Test support shared by the browse integration tests (not used by the app).
 */
import { Agent } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Sandbox } from '../../sandbox/index';

/** A client for a sandbox like the app's: path-style, many keep-alive sockets. */
export function sandboxClient(s: Sandbox): S3Client {
  return new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    credentials: s.credentials,
    forcePathStyle: true,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 128 }) }),
  });
}
