/**
 * The core's SecretStore over Electron's safeStorage.
 *
 * Fails closed: on Linux without a keyring safeStorage "encrypts" with a
 * hard-coded password (backend `basic_text`), and before `ready` the backend
 * is `unknown`; both count as insecure, and the core then refuses to store
 * secrets (reference §4.2). Uses the synchronous API because the core's
 * SecretStore is synchronous; Electron 45 still ships it (deprecated in
 * favour of the async one).
 */
import type { SafeStorage } from 'electron';
import { ThawError } from '../../core/errors';
import type { SecretStore } from '../../core/types';

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

/** Creates the SecretStore; `platform` decides whether the Linux backend is consulted. */
export function createSecretStore(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretStore {
  const insecureReason = (): string | undefined => {
    if (!safeStorage.isEncryptionAvailable()) return 'The operating system offers no encryption for stored secrets.';
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend) {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text') {
        return 'No keyring (GNOME Keyring or KWallet) is available, so secrets would be stored as plain text (basic_text backend).';
      }
      if (backend === 'unknown') return 'The keyring backend is not known yet (the app is not ready).';
    }
    return undefined;
  };
  const requireSecure = () => {
    const reason = insecureReason();
    if (reason) throw new ThawError('SecretStoreUnavailable', reason);
  };
  return {
    isSecure: () => insecureReason() === undefined,
    insecureReason,
    encrypt(plain) {
      requireSecure();
      return safeStorage.encryptString(plain);
    },
    decrypt(cipher) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new ThawError('SecretStoreUnavailable', 'The operating system offers no encryption for stored secrets.');
      }
      try {
        return safeStorage.decryptString(cipher);
      } catch {
        // A corrupt blob or a rotated key: ask for the secret again rather than crash.
        throw new ThawError('SecretStoreUnavailable', 'A stored secret could not be decrypted; enter it again.');
      }
    },
  };
}
