/**
 * The real core (`createCore`) with test adapters, as the E2E pages' "main process".
 *
 * Adapters are fakes a spec can steer and inspect: an in-memory secret store
 * that reports secure, dialogs that answer with paths the spec sets, a
 * notifier that records, and an `emit` that forwards to every page bridged to
 * this host. The environment is hermetic by default (no real ~/.aws), so a
 * developer's own profiles never leak into a test.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCore, dispatch, type Core, type CoreAdapters, type CoreOptions } from '../../electron/core/index';
import type { Clipboard, Dialogs, Notifier, SecretStore } from '../../electron/core/types';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';

/** What a spec may override; `emit` always stays the harness's so events are recorded. */
export type CoreAdapterOverrides = Partial<Omit<CoreAdapters, 'emit'>>;

/** In-memory stand-in for safeStorage: ciphertexts are random tokens, so no secret is ever written to disk. */
export class FakeSecretStore implements SecretStore {
  /** Set false to test the fail-closed path (`SecretStoreUnavailable`). */
  secure = true;
  private readonly plain = new Map<string, string>();

  isSecure(): boolean {
    return this.secure;
  }

  insecureReason(): string | undefined {
    return this.secure ? undefined : 'test: secret store forced insecure';
  }

  encrypt(plain: string): Buffer {
    const token = `fake-cipher:${randomBytes(12).toString('hex')}`;
    this.plain.set(token, plain);
    return Buffer.from(token, 'utf8');
  }

  decrypt(cipher: Buffer): string {
    const value = this.plain.get(cipher.toString('utf8'));
    if (value === undefined) throw new Error('FakeSecretStore: unknown ciphertext');
    return value;
  }

  /** Every plaintext ever encrypted; specs search IPC logs and files for these. */
  secrets(): string[] {
    return [...this.plain.values()];
  }
}

/** Native dialogs answered by the spec: set `nextDirectory`/`nextFiles` before the UI asks. */
export class FakeDialogs implements Dialogs {
  nextDirectory: string | undefined;
  nextFiles: string[] = [];
  /** Where the next save dialog "saves"; undefined answers as if cancelled. */
  nextSavePath: string | undefined;
  readonly asked: Array<{ kind: 'directory' | 'files' | 'save'; title: string }> = [];

  async chooseDirectory(title: string): Promise<string | undefined> {
    this.asked.push({ kind: 'directory', title });
    return this.nextDirectory;
  }

  async chooseFiles(title: string): Promise<string[]> {
    this.asked.push({ kind: 'files', title });
    return [...this.nextFiles];
  }

  async chooseSaveFile(title: string): Promise<string | undefined> {
    this.asked.push({ kind: 'save', title });
    return this.nextSavePath;
  }
}

/** Records desktop notifications instead of showing them. */
export class RecordingNotifier implements Notifier {
  readonly sent: Array<{ title: string; body: string }> = [];

  notify(title: string, body: string): void {
    this.sent.push({ title, body });
  }
}

/**
 * Stands in for the system clipboard: records each text and hands it to the
 * bridged pages, which put it on the browser's clipboard so a spec can read
 * it back the way a user would paste it.
 */
export class RecordingClipboard implements Clipboard {
  readonly copied: string[] = [];
  readonly listeners = new Set<(text: string) => void>();

  writeText(text: string): void {
    this.copied.push(text);
    for (const l of this.listeners) l(text);
  }
}

type EmitListener = (event: string, payload: unknown) => void;

/** The core and its fakes, for one Playwright worker. */
export interface CoreHost {
  core: Core;
  userDataDir: string;
  secrets: FakeSecretStore;
  dialogs: FakeDialogs;
  notifier: RecordingNotifier;
  clipboard: RecordingClipboard;
  /** Runs one call exactly as main's IPC wrapper does after its sender check. */
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  /** Sends an event as the core would (through the `emit` adapter). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Adds a receiver for emitted events (one per bridged page); returns its remover. */
  onEmit(listener: EmitListener): () => void;
  dispose(): Promise<void>;
}

/** Builds the core in `userDataDir` with test adapters, then applies `overrides`; `options` tune the core (e.g. restore check intervals). */
export async function createCoreHost(userDataDir: string, overrides: CoreAdapterOverrides = {}, options: CoreOptions = {}): Promise<CoreHost> {
  const secrets = new FakeSecretStore();
  const dialogs = new FakeDialogs();
  const notifier = new RecordingNotifier();
  const clipboard = new RecordingClipboard();
  const listeners = new Set<EmitListener>();
  const home = join(userDataDir, 'home');
  await mkdir(home, { recursive: true });

  const emit = ((event: string, payload: unknown) => {
    for (const l of listeners) l(event, payload);
  }) as CoreAdapters['emit'];

  const adapters: CoreAdapters = {
    userDataDir,
    appVersion: await packageVersion(),
    platform: process.platform,
    arch: process.arch,
    runtimeVersions: { node: process.versions.node, v8: process.versions.v8 },
    secrets,
    dialogs,
    notifier,
    clipboard,
    // Hermetic: point the AWS SDK's shared files into the temp dir so real profiles stay out.
    env: {
      HOME: home,
      USERPROFILE: home,
      AWS_CONFIG_FILE: join(home, '.aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
      PATH: process.env.PATH ?? '',
    },
    ...overrides,
    emit,
  };
  const core = createCore(adapters, options);

  return {
    core,
    userDataDir,
    secrets,
    dialogs,
    notifier,
    clipboard,
    invoke: (channel, input) => dispatch(core.handlers, channel, [input]),
    emit: (event, payload) => emit(event, payload),
    onEmit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => core.dispose(),
  };
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
