/**
 * ListObjectsV2 pages through the SDK, parsed by Thaw's lean parser.
 *
 * The request still goes through the SDK's whole middleware stack (endpoint
 * resolution, signing, retries with backoff, the 200-with-error check, abort
 * signals). Only the last step differs: a middleware just inside the SDK's
 * 200-with-error check takes the raw body of a successful response, parses
 * it with `parseListPage`, and hands the deserializer an empty document, so
 * the SDK's per-key object tree is never built.
 *
 * `OptionalObjectAttributes: ['RestoreStatus']` is sent until the endpoint
 * shows it does not accept it; the page is then re-read without it and the
 * source reports `restoreStatusSupported: false` from then on.
 */
import { ListObjectsV2Command, type ListObjectsV2CommandInput, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { DeserializeMiddleware } from '@smithy/types';
import { parseListPage, type ListPage } from './list-xml';

/** One ListObjectsV2 request as the listers see it. */
export interface PageRequest {
  prefix: string;
  /** '/' for one level (folders and files); undefined for every key below the prefix. */
  delimiter?: string;
  /** Exclusive lower bound; ignored by S3 when `token` is set. */
  startAfter?: string;
  token?: string;
  /** 1–1,000. */
  maxKeys: number;
  /** Inclusive upper bound: entries after it are dropped while parsing. */
  stopAfter?: string;
}

/** Where listers get pages from: S3 in the app, an in-memory fake in unit tests. */
export interface PageSource {
  fetch(req: PageRequest, signal?: AbortSignal): Promise<ListPage>;
  /** False once the endpoint rejected `RestoreStatus`. */
  readonly restoreStatusSupported: boolean;
  /** Requests sent so far (including retries without RestoreStatus). */
  readonly requests: number;
}

// The deserializer only needs a well-formed document; everything was read already.
const EMPTY_RESULT = new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult></ListBucketResult>');

/** Statuses with which endpoints refuse an unknown header or attribute. */
const REJECT_STATUSES = new Set([400, 403, 501]);

interface HttpLikeResponse {
  statusCode: number;
  body: unknown;
}

interface CollectingConfig {
  streamCollector: (stream: unknown) => Promise<Uint8Array>;
}

/**
 * A `PageSource` over one bucket of an S3 client. `restoreStatus: false`
 * never asks for RestoreStatus (the prefix tree has no use for it).
 */
export function createS3PageSource(client: S3Client, bucket: string, options: { restoreStatus?: boolean } = {}): PageSource {
  let restoreState: 'unknown' | 'yes' | 'no' = options.restoreStatus === false ? 'no' : 'unknown';
  let requests = 0;
  const collector = (client.config as unknown as CollectingConfig).streamCollector;

  const once = async (req: PageRequest, withRestore: boolean, signal?: AbortSignal): Promise<ListPage> => {
    const cmd = new ListObjectsV2Command({
      Bucket: bucket,
      Prefix: req.prefix || undefined,
      Delimiter: req.delimiter,
      StartAfter: req.token ? undefined : req.startAfter,
      ContinuationToken: req.token,
      MaxKeys: req.maxKeys,
      EncodingType: 'url',
      ...(withRestore ? { OptionalObjectAttributes: ['RestoreStatus'] } : {}),
    });
    let raw: Uint8Array | undefined;
    const capture: DeserializeMiddleware<ListObjectsV2CommandInput, ListObjectsV2CommandOutput> = (next) => async (args) => {
      const result = await next(args);
      const res = result.response as HttpLikeResponse;
      if (res.statusCode >= 200 && res.statusCode < 300) {
        const bytes = res.body instanceof Uint8Array ? res.body : await collector(res.body);
        // A 200 whose body is an error document: hand it on untouched so the SDK's check turns it into an error.
        if (endsWithErrorTag(bytes)) res.body = bytes;
        else {
          raw = bytes;
          res.body = EMPTY_RESULT;
        }
      }
      return result;
    };
    // Inside the SDK's 200-with-error check, so the body is read once, straight off the socket.
    cmd.middlewareStack.addRelativeTo(capture, {
      relation: 'after',
      toMiddleware: 'throw200ExceptionsMiddleware',
      name: 'thawLeanListBody',
      override: true,
    });
    requests++;
    await client.send(cmd, { abortSignal: signal });
    if (!raw) throw new Error('ListObjectsV2 returned no body.');
    return parseListPage(raw, req.stopAfter);
  };

  return {
    get restoreStatusSupported() {
      return restoreState !== 'no';
    },
    get requests() {
      return requests;
    },
    async fetch(req, signal) {
      if (restoreState === 'no') return once(req, false, signal);
      try {
        const page = await once(req, true, signal);
        restoreState = 'yes';
        return page;
      } catch (err) {
        if (restoreState !== 'unknown' || !isRejection(err) || signal?.aborted) throw err;
        const page = await once(req, false, signal);
        restoreState = 'no';
        return page;
      }
    },
  };
}

const ERROR_TAIL = Buffer.from('</Error>');

function endsWithErrorTag(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset + Math.max(0, bytes.byteLength - 16), Math.min(16, bytes.byteLength));
  return tail.toString('latin1').trimEnd().endsWith(ERROR_TAIL.toString('latin1'));
}

function isRejection(err: unknown): boolean {
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return status !== undefined && REJECT_STATUSES.has(status);
}
