/**
 * Creating, editing and deleting app-defined connections, and the read-only flag of any connection.
 *
 * A secret is only ever stored encrypted by the host's secret store. When that
 * store would fall back to plain text (Electron's `basic_text` backend on a
 * Linux desktop without a keyring) the save is refused and nothing is written.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectionSummary, saveConnectionInput } from '../../../shared/ipc/connections';
import type { z } from 'zod';
import { ThawError } from '../errors';
import type { SecretStore } from '../types';
import { CUSTOM_PREFIX, customSummary, noSuchConnection, type ConnectionRegistry } from './registry';
import type { ConnectionStore, StoredCustomConnection } from './store';

/** Input of `connections:save` after parsing. */
export type SaveConnectionInput = z.output<typeof saveConnectionInput>;

/** Encrypts a secret, or refuses when the secret store is not secure. */
function encryptSecret(secrets: SecretStore, plain: string): string {
  if (!secrets.isSecure()) {
    const why = secrets.insecureReason() ?? 'the system offers no encrypted secret store';
    throw new ThawError('SecretStoreUnavailable', `Thaw will not store this secret because ${why}. Use an AWS profile instead, or set up a keyring and try again.`);
  }
  return secrets.encrypt(plain).toString('base64');
}

/** Creates (no `id`) or updates an app-defined connection; returns its summary. */
export async function saveCustomConnection(
  store: ConnectionStore,
  registry: ConnectionRegistry,
  secrets: SecretStore,
  input: SaveConnectionInput,
): Promise<ConnectionSummary> {
  if (input.id !== undefined && !input.id.startsWith(CUSTOM_PREFIX)) {
    throw new ThawError('InvalidInput', 'Only app-defined connections can be edited here; profiles are edited in the AWS config files.');
  }
  if (input.id === undefined && input.secretAccessKey === undefined) {
    throw new ThawError('InvalidInput', 'A new connection needs a secret access key.');
  }
  // Encrypt before touching the file, so a refusal leaves everything as it was.
  const secret = input.secretAccessKey !== undefined ? encryptSecret(secrets, input.secretAccessKey) : undefined;
  const saved = await store.update((data) => {
    const existing = input.id !== undefined ? data.custom.find((c) => c.id === input.id) : undefined;
    if (input.id !== undefined && !existing) throw noSuchConnection(input.id);
    const record: StoredCustomConnection = {
      id: existing?.id ?? `${CUSTOM_PREFIX}${randomUUID()}`,
      name: input.name,
      ...(input.endpoint ? { endpoint: input.endpoint } : {}),
      region: input.region,
      pathStyle: input.pathStyle,
      accessKeyId: input.accessKeyId,
      secret: secret ?? existing!.secret,
      readOnly: input.readOnly,
      checksumMode: input.checksumMode,
    };
    data.custom = existing ? data.custom.map((c) => (c.id === record.id ? record : c)) : [...data.custom, record];
    return record;
  });
  registry.forget(saved.id);
  registry.noteReadOnly(saved.id, saved.readOnly);
  return customSummary(saved);
}

/** Deletes an app-defined connection with its secret and extras. */
export async function deleteCustomConnection(store: ConnectionStore, registry: ConnectionRegistry, connectionId: string): Promise<{ deleted: boolean }> {
  if (!connectionId.startsWith(CUSTOM_PREFIX)) {
    throw new ThawError('InvalidInput', 'Only app-defined connections can be deleted; the sandbox, profiles and the environment come from elsewhere.');
  }
  const deleted = await store.update((data) => {
    const before = data.custom.length;
    data.custom = data.custom.filter((c) => c.id !== connectionId);
    delete data.extras[connectionId];
    return data.custom.length !== before;
  });
  registry.forget(connectionId);
  return { deleted };
}

/** Marks any known connection read-only or writable; returns its summary. */
export async function setReadOnly(
  store: ConnectionStore,
  registry: ConnectionRegistry,
  connectionId: string,
  readOnly: boolean,
): Promise<ConnectionSummary> {
  const summary = await registry.summary(connectionId);
  await store.update((data) => {
    if (summary.kind === 'custom') {
      data.custom = data.custom.map((c) => (c.id === connectionId ? { ...c, readOnly } : c));
    } else {
      data.extras[connectionId] = { ...data.extras[connectionId], readOnly };
    }
  });
  registry.noteReadOnly(connectionId, readOnly);
  return { ...summary, readOnly };
}
