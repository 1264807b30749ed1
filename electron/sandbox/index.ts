/**
 * `startSandbox`: Thaw's local S3-compatible server, in-process.
 *
 * Used by every integration test and benchmark (port 0), by the CLI
 * (`npm run sandbox`) and later by `npm start` for the "Local sandbox"
 * connection. See DESIGN.md "The sandbox" and issue #4.
 */
import type { RestoreTier, SandboxStore } from './store-types';
import { createStore, createSystemClock, type SandboxClock } from './store/index';
import type { SandboxCredential, SandboxPolicy } from './server/auth';
import type { SandboxStats, ServerContext } from './server/context';
import { createFaultController, parseFaultSpec, type FaultController, type FaultRule } from './server/faults';
import { createS3Server } from './server/http-server';
import { createTokenBucket } from './server/rate-limit';
import { createRequestLog, disabledRequestLog, type RequestLog, type RequestLogRecorder } from './server/request-log';

export type {
  DeleteOutcome,
  ObjectRecord,
  PartCopySource,
  SandboxStore,
  StorageClass,
  SyntheticObjectOptions,
  VersioningStatus,
  VersionListEntry,
  VersionListResult,
} from './store-types';
export type { SandboxCredential, SandboxDenyRule, SandboxPolicy } from './server/auth';
export type { SandboxStats } from './server/context';
export type { FaultController, FaultKind, FaultRule, FaultTarget } from './server/faults';
export { parseFaultSpec, parseDurationMs } from './server/faults';
export { countBy, DEFAULT_REQUEST_LOG_MAX_ENTRIES, type LoggedFault, type RequestLog, type RequestLogEntry } from './server/request-log';
export { createManualClock, createSystemClock, type ManualClock, type SandboxClock } from './store/index';

/** The sandbox's fixed default key pair (documented, never a real AWS key). */
export const SANDBOX_CREDENTIALS = Object.freeze({
  accessKeyId: 'THAWSANDBOXACCESSKEY',
  secretAccessKey: 'thaw-sandbox-secret-access-key-0000000000',
});

/** Options of `startSandbox`; every field is optional. */
export interface SandboxOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** The main key pair (default `SANDBOX_CREDENTIALS`). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Policy of the main key (default: everything allowed). */
  policy?: SandboxPolicy;
  /** More keys, each with an optional policy, e.g. one that may not `s3:RestoreObject`. */
  extraCredentials?: SandboxCredential[];
  /** Region the server answers for (default us-east-1). */
  region?: string;
  /** Persist state in this directory; in memory when absent. */
  dataDir?: string;
  /** 'none' | 'demo' | 'synthetic:N' | 'synthetic-flat:N' (default 'none'). */
  seed?: string;
  /** The store's clock (default wall clock); tests pass `createManualClock()`. */
  clock?: SandboxClock;
  /** Restore delay per tier in ms (demo defaults otherwise). */
  restoreDelaysMs?: Partial<Record<RestoreTier, number>>;
  /** Fixed latency added to every request, in ms. */
  latencyMs?: number;
  /** Fault rules, as objects or as the CLI's text spec. */
  faults?: FaultRule[] | string;
  /** No logging of internal errors. */
  quiet?: boolean;
  /**
   * Keep a log of every answered request (default off: it costs memory per request).
   *
   * `true` keeps up to `DEFAULT_REQUEST_LOG_MAX_ENTRIES`; the oldest are
   * dropped past `maxEntries`. Read it through `Sandbox.requestLog`.
   */
  requestLog?: boolean | { maxEntries?: number };
  /**
   * Account-wide RestoreObject limit per second, as S3 has (about 1,000).
   *
   * A token bucket on real time with a burst of the same size; requests over
   * it get 503 SlowDown and change nothing. Default: unlimited.
   */
  restoreRatePerSecond?: number;
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:PORT`. */
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /**
   * The state behind the server: `store.setVersioning(bucket, 'Enabled')`,
   * `store.putSynthetic(bucket, key, 6 * 1024 ** 3)` (a 6 GiB object that
   * stores no bytes), `store.listVersions(...)` and the rest of SandboxStore.
   */
  store: SandboxStore;
  clock: SandboxClock;
  /** Fault rules, e.g. `faults.add({ kind: 'truncate', op: 'GetObject', key: 'big.bin', count: 1 })`. */
  faults: FaultController;
  /**
   * Every answered request, when started with `requestLog`; reading it otherwise throws.
   * Entries carry `range`, `ifMatch`, `partNumber` and `versionId` of reads.
   */
  requestLog: RequestLog;
  /** Counters for benchmarks: requests, list pages and their CPU time. */
  stats(): SandboxStats;
  /** Makes a key answer 400 ExpiredToken from now on (or work again with `false`), like an STS session running out mid-job. */
  setCredentialExpired(accessKeyId: string, expired: boolean): void;
  /** Stops listening, ends every connection (keep-alive included) and closes the store. */
  close(): Promise<void>;
}

/**
 * Starts the sandbox server.
 *
 * Resolves once it is listening; `endpoint` carries the real port.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const region = options.region ?? 'us-east-1';
  const clock = options.clock ?? createSystemClock();
  const credentials = { ...(options.credentials ?? SANDBOX_CREDENTIALS) };
  const keys = new Map<string, SandboxCredential>();
  keys.set(credentials.accessKeyId, { ...credentials, policy: options.policy });
  for (const extra of options.extraCredentials ?? []) keys.set(extra.accessKeyId, extra);

  const rules = typeof options.faults === 'string' ? parseFaultSpec(options.faults) : (options.faults ?? []);
  const faults = createFaultController({ latencyMs: options.latencyMs ?? 0, rules });
  // Bad options throw here, before there is a store to close.
  let requestLog: RequestLogRecorder | undefined;
  if (options.requestLog) requestLog = createRequestLog(typeof options.requestLog === 'object' ? options.requestLog : {});
  const restoreRate = options.restoreRatePerSecond === undefined ? undefined : createTokenBucket(options.restoreRatePerSecond);
  const store = await createStore({
    dataDir: options.dataDir,
    clock,
    restoreDelaysMs: options.restoreDelaysMs,
    defaultRegion: region,
    seed: options.seed ?? 'none',
  });

  const stats: SandboxStats = { requests: 0, listPages: 0, listEntries: 0, listCpuMicros: 0, listWallMicros: 0 };
  let endpoint = '';
  const ctx: ServerContext = { store, region, endpoint: () => endpoint, faults, stats };
  const server = createS3Server({ ctx, keys, quiet: options.quiet, requestLog, restoreRate });
  const host = options.host ?? '127.0.0.1';
  try {
    const address = await server.listen(options.port ?? 0, host);
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    endpoint = `http://${shownHost}:${address.port}`;
  } catch (err) {
    await store.close();
    throw err;
  }

  let closed: Promise<void> | undefined;
  return {
    endpoint,
    region,
    credentials,
    store,
    clock,
    faults,
    requestLog: requestLog ?? disabledRequestLog(),
    stats: () => ({ ...stats }),
    setCredentialExpired(accessKeyId, expired) {
      const key = keys.get(accessKeyId);
      if (!key) throw new Error(`No such sandbox key: ${accessKeyId}`);
      key.expired = expired;
    },
    close() {
      closed ??= (async () => {
        await server.close();
        await store.close();
      })();
      return closed;
    },
  };
}
