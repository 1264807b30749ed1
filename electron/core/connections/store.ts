/**
 * `connections.json`: app-defined connections and what is kept per connection.
 *
 * App-defined connections carry an access key id and a secret encrypted by the
 * host's secret store (Electron safeStorage); the plain secret is never
 * written. Every connection (sandbox, profile, environment, custom) may also
 * have a read-only flag and hand-added bucket names. The file is a `JsonFile`:
 * validated on load, written atomically with mode 0600, one change at a time,
 * and set aside (never overwritten) when damaged.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { ChecksumMode } from '../../../shared/ipc/connections';
import { JsonFile } from '../persist/json-file';

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

const storedSchema: z.ZodType<StoredConnections> = z.object({
  version: z.literal(1),
  custom: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      endpoint: z.string().optional(),
      region: z.string(),
      pathStyle: z.boolean(),
      accessKeyId: z.string(),
      secret: z.string(),
      readOnly: z.boolean(),
      checksumMode: z.enum(['default', 'when-required']),
    }),
  ),
  extras: z.record(z.string(), z.object({ readOnly: z.boolean().optional(), buckets: z.array(z.string()).optional() })),
});

/** Reads and writes `userDataDir/connections.json`. */
export class ConnectionStore {
  private readonly file: JsonFile<StoredConnections>;

  constructor(dir: string) {
    this.file = new JsonFile(join(dir, FILE_NAME), {
      schema: storedSchema,
      version: 1,
      defaults: () => ({ version: 1, custom: [], extras: {} }),
    });
  }

  /** Path of the file (for tests and diagnostics). */
  get path(): string {
    return this.file.path;
  }

  /** The current contents; read from disk once, then kept in memory. */
  read(): Promise<StoredConnections> {
    return this.file.read();
  }

  /**
   * Applies `change` to a copy of the contents and writes the result atomically.
   *
   * When `change` throws, nothing is written and the error propagates.
   */
  update<T>(change: (data: StoredConnections) => T): Promise<T> {
    return this.file.update(change);
  }
}
