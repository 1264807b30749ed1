/**
 * Every connection Thaw knows, as summaries for the renderer and as resolved
 * client targets for the core.
 *
 * Sources: the built-in sandbox, the environment's credentials, AWS profiles
 * from the shared files, and app-defined connections from connections.json.
 * Resolved targets (with their memoized credential provider) are cached per
 * connection so all of a connection's clients share one credential cache; a
 * change to a connection's description drops the cached target.
 */
import type { ConnectionSummary } from '../../../shared/ipc/connections';
import { ThawError } from '../errors';
import type { ClientTarget } from '../s3/clients';
import type { CoreAdapters } from '../types';
import { credentialProvider } from './credentials';
import { listProfiles, sharedFilePaths, type ProfileInfo } from './profiles';
import { LazySandbox, SANDBOX_CONNECTION } from './sandbox';
import type { ConnectionStore, StoredConnections, StoredCustomConnection } from './store';

/** Id of the environment-credentials connection. */
export const ENV_CONNECTION_ID = 'env';
/** Prefix of profile connection ids (`profile:<name>`). */
export const PROFILE_PREFIX = 'profile:';
/** Prefix of app-defined connection ids (`custom:<uuid>`). */
export const CUSTOM_PREFIX = 'custom:';

/** A connection ready for S3 calls. */
export interface ResolvedConnection {
  summary: ConnectionSummary;
  target: ClientTarget;
  /** The access key id when known without resolving credentials (sandbox, custom, environment, static profile). */
  accessKeyId?: string;
}

/** `…ABCD`: the last four characters of an access key id, the only part Thaw ever shows. */
export function accessKeyHint(accessKeyId: string): string {
  return `…${accessKeyId.slice(-4)}`;
}

/** Builds summaries and resolved targets; keeps the read-only snapshot `assertWritable` needs synchronously. */
export class ConnectionRegistry {
  private readonly resolved = new Map<string, { fingerprint: string; connection: ResolvedConnection }>();
  /** Read-only flag of every connection seen so far, for synchronous checks. */
  private readonly readOnly = new Map<string, boolean>();

  constructor(
    private readonly adapters: CoreAdapters,
    private readonly store: ConnectionStore,
    private readonly sandbox: LazySandbox,
    /** Called when a connection's cached clients must go (its settings changed). */
    private readonly onChanged: (connectionId: string) => void,
  ) {}

  private get env(): NodeJS.ProcessEnv {
    return this.adapters.env ?? process.env;
  }

  /** Every connection, in display order: sandbox, environment, profiles (default first), app-defined. */
  async list(): Promise<ConnectionSummary[]> {
    const data = await this.store.read();
    const profiles = await listProfiles(sharedFilePaths(this.env));
    const summaries = [this.sandboxSummary(data), ...this.envSummaries(data), ...profiles.map((p) => this.profileSummary(p, data)), ...data.custom.map((c) => customSummary(c))];
    const known = new Set(summaries.map((s) => s.id));
    for (const id of [...this.readOnly.keys()]) if (!known.has(id)) this.forget(id);
    for (const s of summaries) {
      this.readOnly.set(s.id, s.readOnly);
      const cached = this.resolved.get(s.id);
      if (cached && cached.fingerprint !== fingerprint(s)) this.forget(s.id);
    }
    return summaries;
  }

  /** One connection's summary; throws NoSuchConnection. */
  async summary(connectionId: string): Promise<ConnectionSummary> {
    const found = (await this.list()).find((s) => s.id === connectionId);
    if (!found) throw noSuchConnection(connectionId);
    return found;
  }

  /** Synchronous read-only check from the last listing or resolution. */
  isReadOnly(connectionId: string): boolean {
    const flag = this.readOnly.get(connectionId);
    if (flag === undefined) throw noSuchConnection(connectionId);
    return flag;
  }

  /** Drops a connection's cached target and tells the client cache. */
  forget(connectionId: string): void {
    this.resolved.delete(connectionId);
    this.readOnly.delete(connectionId);
    this.onChanged(connectionId);
  }

  /** Records a read-only flag change without a full listing. */
  noteReadOnly(connectionId: string, readOnly: boolean): void {
    this.readOnly.set(connectionId, readOnly);
    const cached = this.resolved.get(connectionId);
    if (cached) cached.connection.summary = { ...cached.connection.summary, readOnly };
  }

  /** The connection with its client target; starts the sandbox when it is the sandbox. */
  async resolve(connectionId: string): Promise<ResolvedConnection> {
    const cached = this.resolved.get(connectionId);
    if (cached) return cached.connection;
    const connection = await this.build(connectionId);
    // Another caller may have resolved meanwhile; keep the first so clients share one provider.
    const again = this.resolved.get(connectionId);
    if (again) return again.connection;
    this.resolved.set(connectionId, { fingerprint: fingerprint(connection.summary), connection });
    this.readOnly.set(connectionId, connection.summary.readOnly);
    return connection;
  }

  private async build(connectionId: string): Promise<ResolvedConnection> {
    const data = await this.store.read();
    if (connectionId === SANDBOX_CONNECTION.id) {
      const sb = await this.sandbox.get();
      const summary = this.sandboxSummary(data);
      return {
        summary,
        accessKeyId: sb.credentials.accessKeyId,
        target: {
          connectionId,
          endpoint: sb.endpoint,
          region: sb.region,
          pathStyle: true,
          checksumMode: 'default',
          credentials: credentialProvider({ kind: 'static', ...sb.credentials }),
        },
      };
    }
    if (connectionId === ENV_CONNECTION_ID) {
      const [summary] = this.envSummaries(data);
      if (!summary) throw noSuchConnection(connectionId);
      return { summary, accessKeyId: this.env.AWS_ACCESS_KEY_ID, target: this.targetFor(summary, credentialProvider({ kind: 'environment' })) };
    }
    if (connectionId.startsWith(PROFILE_PREFIX)) {
      const paths = sharedFilePaths(this.env);
      const name = connectionId.slice(PROFILE_PREFIX.length);
      const profile = (await listProfiles(paths)).find((p) => p.name === name);
      if (!profile) throw noSuchConnection(connectionId);
      const summary = this.profileSummary(profile, data);
      if (summary.problem) throw new ThawError('InvalidCredentials', `Profile "${name}" cannot be used: ${summary.problem}`, { profile: name });
      const provider = credentialProvider({ kind: 'profile', profile: name, credentialType: profile.credentialType, paths });
      return { summary, target: this.targetFor(summary, provider) };
    }
    const custom = data.custom.find((c) => c.id === connectionId);
    if (!custom) throw noSuchConnection(connectionId);
    const secretAccessKey = this.decryptSecret(custom);
    const summary = customSummary(custom);
    return {
      summary,
      accessKeyId: custom.accessKeyId,
      target: this.targetFor(summary, credentialProvider({ kind: 'static', accessKeyId: custom.accessKeyId, secretAccessKey })),
    };
  }

  private targetFor(summary: ConnectionSummary, credentials: ClientTarget['credentials']): ClientTarget {
    return {
      connectionId: summary.id,
      endpoint: summary.endpoint,
      region: summary.region ?? 'us-east-1',
      pathStyle: summary.pathStyle ?? false,
      checksumMode: summary.checksumMode ?? 'default',
      credentials,
    };
  }

  private decryptSecret(custom: StoredCustomConnection): string {
    try {
      return this.adapters.secrets.decrypt(Buffer.from(custom.secret, 'base64'));
    } catch {
      // The secret store's own error may describe the ciphertext; say only what to do.
      throw new ThawError('SecretStoreUnavailable', `The stored secret of "${custom.name}" cannot be decrypted on this system; enter it again.`, {
        connectionId: custom.id,
      });
    }
  }

  private sandboxSummary(data: StoredConnections): ConnectionSummary {
    const sb = this.sandbox.current();
    return {
      ...SANDBOX_CONNECTION,
      ...(sb ? { region: sb.region, endpoint: sb.endpoint } : {}),
      readOnly: data.extras[SANDBOX_CONNECTION.id]?.readOnly ?? false,
    };
  }

  private defaultRegion(): string {
    return this.env.AWS_REGION || this.env.AWS_DEFAULT_REGION || 'us-east-1';
  }

  private envSummaries(data: StoredConnections): ConnectionSummary[] {
    const env = this.env;
    if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return [];
    const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
    const temporary = env.AWS_SESSION_TOKEN ? ', temporary' : '';
    return [
      {
        id: ENV_CONNECTION_ID,
        name: 'Environment',
        kind: 'environment',
        region: this.defaultRegion(),
        ...(endpoint ? { endpoint } : {}),
        readOnly: data.extras[ENV_CONNECTION_ID]?.readOnly ?? false,
        detail: `AWS_ACCESS_KEY_ID ${accessKeyHint(env.AWS_ACCESS_KEY_ID)}${temporary}`,
        credentialType: 'environment',
        pathStyle: false,
        checksumMode: 'default',
        accessKeyHint: accessKeyHint(env.AWS_ACCESS_KEY_ID),
      },
    ];
  }

  private profileSummary(p: ProfileInfo, data: StoredConnections): ConnectionSummary {
    const id = `${PROFILE_PREFIX}${p.name}`;
    return {
      id,
      name: p.name,
      kind: 'profile',
      region: p.region ?? this.defaultRegion(),
      ...(p.endpoint ? { endpoint: p.endpoint } : {}),
      readOnly: data.extras[id]?.readOnly ?? false,
      detail: p.detail,
      credentialType: p.credentialType,
      ...(this.env.AWS_PROFILE === p.name ? { active: true } : {}),
      pathStyle: p.pathStyle,
      checksumMode: p.checksumMode,
      ...(p.problem ? { problem: p.problem } : {}),
    };
  }
}

/** The summary of an app-defined connection; the secret is not part of it. */
export function customSummary(c: StoredCustomConnection): ConnectionSummary {
  let where = 'AWS';
  if (c.endpoint) {
    try {
      where = new URL(c.endpoint).host;
    } catch {
      where = c.endpoint;
    }
  }
  return {
    id: c.id,
    name: c.name,
    kind: 'custom',
    region: c.region,
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    readOnly: c.readOnly,
    detail: `Access key ${accessKeyHint(c.accessKeyId)} at ${where}`,
    credentialType: 'custom',
    pathStyle: c.pathStyle,
    checksumMode: c.checksumMode,
    accessKeyHint: accessKeyHint(c.accessKeyId),
  };
}

/** What decides whether a cached target is still valid: everything but the read-only flag. */
function fingerprint(s: ConnectionSummary): string {
  return JSON.stringify({ ...s, readOnly: undefined, active: undefined });
}

/** The error for an id that names no connection. */
export function noSuchConnection(connectionId: string): ThawError {
  return new ThawError('NoSuchConnection', `There is no connection "${connectionId.slice(0, 200)}".`);
}
