/**
 * The built-in "Local sandbox" connection, started on first use.
 *
 * Nothing about the sandbox runs at app start (start-up must stay fast): the
 * sandbox module is imported and the server started when a caller first needs
 * the connection. Concurrent callers share the one start; a failed start is
 * retried by the next caller; `close` stops it on core dispose.
 */
import type { ConnectionSummary } from '../../../shared/ipc/connections';

/** The part of a running sandbox the core needs. */
export interface SandboxHandle {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

/** Starts a sandbox; the default imports `electron/sandbox` lazily. */
export type SandboxStarter = () => Promise<SandboxHandle>;

/** The built-in connection to the local sandbox; always present. */
export const SANDBOX_CONNECTION: ConnectionSummary = {
  id: 'sandbox',
  name: 'Local sandbox',
  kind: 'sandbox',
  region: 'us-east-1',
  readOnly: false,
  detail: 'Built-in S3 sandbox with demo training data; no AWS account needed',
  credentialType: 'sandbox',
  pathStyle: true,
  checksumMode: 'default',
};

/** One lazily started sandbox shared by every caller. */
export class LazySandbox {
  private pending?: Promise<SandboxHandle>;
  private running?: SandboxHandle;
  private closed = false;

  constructor(private readonly start: SandboxStarter) {}

  /** The running sandbox, starting it on the first call. */
  get(): Promise<SandboxHandle> {
    if (this.closed) return Promise.reject(new Error('The sandbox was shut down with the core.'));
    if (!this.pending) {
      const starting = this.start().then((handle) => {
        if (this.closed) {
          // Dispose raced with the start: stop what just came up instead of leaking it.
          return handle.close().then(() => Promise.reject(new Error('The sandbox was shut down with the core.')));
        }
        this.running = handle;
        return handle;
      });
      this.pending = starting;
      starting.catch(() => {
        if (this.pending === starting) this.pending = undefined;
      });
    }
    return this.pending;
  }

  /** The sandbox if it is already running (never starts it). */
  current(): SandboxHandle | undefined {
    return this.running;
  }

  /** Stops the sandbox if it was started; later `get` calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.pending;
    this.pending = undefined;
    if (this.running) {
      const running = this.running;
      this.running = undefined;
      await running.close();
    } else if (pending) {
      await pending.catch(() => undefined);
    }
  }
}
