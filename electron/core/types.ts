/**
 * What the core needs from its host and what it gives back.
 *
 * `electron/main` supplies real adapters (safeStorage, dialogs, Notification,
 * app paths); tests and the E2E harness supply fakes. The core never imports
 * 'electron'.
 */
import type { CallName, CallOutput, EventName, EventPayload, ParsedInput } from '../../shared/ipc/contract';

/** One implementation per contract call; input is already validated. */
export type Handlers = { [C in CallName]: (input: ParsedInput<C>) => Promise<CallOutput<C>> };

/** Sends a main→renderer event to every app window. */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Encrypts secrets at rest (Electron safeStorage in the app).
 * `isSecure()` is false when the backend would store plain text; the core then refuses to store secrets.
 */
export interface SecretStore {
  isSecure(): boolean;
  /** Why `isSecure()` is false, in words for the user (e.g. "no keyring: basic_text backend"). */
  insecureReason(): string | undefined;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

/** Native dialogs; tests stub them. */
export interface Dialogs {
  chooseDirectory(title: string): Promise<string | undefined>;
  chooseFiles(title: string, opts: { directories?: boolean; multiple?: boolean }): Promise<string[]>;
  /** Where to save a file; undefined when cancelled. `extensions` without dots, e.g. `['csv']`. */
  chooseSaveFile(title: string, opts: { defaultName: string; extensions: string[] }): Promise<string | undefined>;
}

/** Desktop notifications. */
export interface Notifier {
  notify(title: string, body: string): void;
}

/** The system clipboard (write only: Thaw never reads it). */
export interface Clipboard {
  writeText(text: string): void | Promise<void>;
}

/** Everything the host supplies. */
export interface CoreAdapters {
  /** Directory for Thaw's own files (settings, connections, job journals). */
  userDataDir: string;
  appVersion: string;
  platform: string;
  arch: string;
  runtimeVersions: Record<string, string>;
  secrets: SecretStore;
  dialogs: Dialogs;
  notifier: Notifier;
  clipboard: Clipboard;
  emit: Emit;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** Environment used for AWS profile/credential discovery; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Options for the built-in sandbox (tests shorten restore delays). */
  sandbox?: { restoreDelaysMs?: Partial<Record<'Expedited' | 'Standard' | 'Bulk', number>> };
}

/** The composed core: handlers for every call, and shutdown. */
export interface Core {
  handlers: Handlers;
  dispose(): Promise<void>;
}
