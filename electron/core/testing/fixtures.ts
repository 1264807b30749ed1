/**
 * Fixtures for the connection tests: temp dirs, AWS config files, a fake
 * secret store and core adapters. Test-only; nothing in the app imports it.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreAdapters, SecretStore } from '../types';

/** A temp dir removed by the returned cleanup. */
export function tempDir(prefix = 'thaw-conn-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a file, creating its directory. */
export function writeFixture(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/**
 * A secret store that "encrypts" by XOR and a prefix, so tests can check the
 * plain secret never reaches disk; `secure: false` mimics Electron's basic_text backend.
 */
export function fakeSecretStore(opts: { secure?: boolean; reason?: string } = {}): SecretStore & { encrypted: number } {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  const store = {
    encrypted: 0,
    isSecure: () => opts.secure ?? true,
    insecureReason: () => ((opts.secure ?? true) ? undefined : (opts.reason ?? 'no keyring is available (basic_text backend)')),
    encrypt(plain: string): Buffer {
      store.encrypted++;
      return Buffer.concat([Buffer.from('FAKE1:'), xor(Buffer.from(plain, 'utf8'))]);
    },
    decrypt(cipher: Buffer): string {
      if (!cipher.subarray(0, 6).equals(Buffer.from('FAKE1:'))) throw new Error('not our ciphertext');
      return xor(cipher.subarray(6)).toString('utf8');
    },
  };
  return store;
}

/** Core adapters with fakes for everything the connection services do not use. */
export function testAdapters(over: Partial<CoreAdapters> & { userDataDir: string }): CoreAdapters {
  return {
    appVersion: '0.0.0-test',
    platform: process.platform,
    arch: process.arch,
    runtimeVersions: {},
    secrets: fakeSecretStore(),
    dialogs: { chooseDirectory: async () => undefined, chooseFiles: async () => [], chooseSaveFile: async () => undefined },
    notifier: { notify: () => undefined },
    clipboard: { writeText: () => undefined },
    emit: () => undefined,
    env: {},
    ...over,
  };
}
