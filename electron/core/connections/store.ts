/**
 * `connections.json`: app-defined connections and what is kept per connection.
 *
 * App-defined connections carry an access key id and a secret encrypted by the
 * host's secret store (Electron safeStorage); the plain secret is never
 * written. Every connection (sandbox, profile, environment, custom) may also
 * have a read-only flag and hand-added bucket names. Writes are atomic (temp
 * file, fsync, rename) with mode 0600, and serialised so concurrent saves
 * cannot interleave.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChecksumMode } from '../../../shared/ipc/connections';

/** An app-defined connection as stored. `secret` is the secret store's ciphertext, base64. */
export interface StoredCustomConnection {
  id: string;
  name: string;
  endpoint?: string;
  region: string;
  pathStyle: boolean;
  accessKeyId: string;
  secret: string;
  readOnly: boolean;
  checksumMode: ChecksumMode;
}

/** What is kept for any connection, keyed by connection id. */
export interface ConnectionExtras {
  readOnly?: boolean;
  /** Bucket names the user added by hand. */
  buckets?: string[];
}

/** The whole file. */
export interface StoredConnections {
  version: 1;
  custom: StoredCustomConnection[];
  extras: Record<string, ConnectionExtras>;
}

const FILE_NAME = 'connections.json';

function empty(): StoredConnections {
  return { version: 1, custom: [], extras: {} };
}

/** Reads and writes `userDataDir/connections.json`. */
export class ConnectionStore {
  private cached?: Promise<StoredConnections>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  /** Path of the file (for tests and diagnostics). */
  get path(): string {
    return join(this.dir, FILE_NAME);
  }

  /** The current contents; read from disk once, then kept in memory. */
  read(): Promise<StoredConnections> {
    this.cached ??= this.load();
    return this.cached;
  }

  /**
   * Applies `change` to a copy of the contents and writes the result atomically.
   *
   * When `change` throws, nothing is written and the error propagates.
   */
  update<T>(change: (data: StoredConnections) => T): Promise<T> {
    const run = this.queue.then(async () => {
      const current = await this.read();
      const next = structuredClone(current);
      const result = change(next);
      await this.write(next);
      this.cached = Promise.resolve(next);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<StoredConnections> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as Partial<StoredConnections>;
      if (parsed.version !== 1 || !Array.isArray(parsed.custom) || typeof parsed.extras !== 'object' || parsed.extras === null) {
        throw new Error('unexpected shape');
      }
      return { version: 1, custom: parsed.custom, extras: parsed.extras };
    } catch {
      // A damaged file is kept aside for the user rather than silently overwritten by the next save.
      await rename(this.path, `${this.path}.damaged-${Date.now()}`).catch(() => undefined);
      return empty();
    }
  }

  private async write(data: StoredConnections): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.path}.${randomUUID()}.tmp`;
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(data, null, 2)}\n`, 'utf8');
      await handle.sync();
    } catch (err) {
      await handle.close();
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    try {
      await rename(tmp, this.path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
}
