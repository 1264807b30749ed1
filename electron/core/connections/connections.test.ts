import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveConnectionInput } from '../../../shared/ipc/connections';
import { createConnections } from './index';
import type { SandboxHandle } from './sandbox';
import { fakeSecretStore, tempDir, testAdapters, writeFixture } from '../testing/fixtures';

const SECRET = 'Sup3r/Secret+Key/ForTestsOnly0000000000xyz';
const SANDBOX_SECRET = 'sandbox-secret-never-shown';

function fakeSandbox() {
  const closed = vi.fn(async () => undefined);
  const started = vi.fn(async (): Promise<SandboxHandle> => {
    await new Promise((r) => setTimeout(r, 20));
    return { endpoint: 'http://127.0.0.1:1', region: 'eu-north-1', credentials: { accessKeyId: 'SANDBOXKEY0000001', secretAccessKey: SANDBOX_SECRET }, close: closed };
  });
  return { started, closed };
}

describe('connections: app-defined, sandbox, read-only', () => {
  let dir: string;
  let cleanup: () => void;
  let disposers: Array<() => Promise<void> | void>;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    disposers = [];
  });
  afterEach(async () => {
    for (const d of disposers) await d();
    cleanup();
  });

  function setup(over: Parameters<typeof testAdapters>[0] extends infer A ? Partial<A> : never = {}) {
    const sandbox = fakeSandbox();
    const secrets = fakeSecretStore();
    const adapters = testAdapters({ userDataDir: join(dir, 'user'), secrets, env: { HOME: join(dir, 'home') }, ...over });
    const conns = createConnections(adapters, (fn) => disposers.push(fn), { startSandbox: sandbox.started });
    const h = conns.handlers;
    const save = (input: unknown) => h['connections:save'](saveConnectionInput.parse(input));
    return { ...conns, h, save, sandbox, adapters, file: join(dir, 'user', 'connections.json') };
  }

  const minio = { name: 'MinIO lab', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', pathStyle: true, accessKeyId: 'MINIOKEY00000ABCD', secretAccessKey: SECRET };

  it('stores a custom connection with the secret encrypted, the file 0600, and returns no secret', async () => {
    const { save, h, file } = setup();
    const saved = await save(minio);
    expect(saved).toMatchObject({ kind: 'custom', name: 'MinIO lab', endpoint: 'http://127.0.0.1:9000', pathStyle: true, readOnly: false, accessKeyHint: '…ABCD' });
    expect(saved.id).toMatch(/^custom:[0-9a-f-]{36}$/);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text).custom[0].secret).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const list = await h['connections:list']({});
    expect(list.map((c) => c.id)).toContain(saved.id);
    expect(JSON.stringify([saved, list])).not.toContain(SECRET);
  });

  it('refuses to store a secret when the secret store would keep plain text, and writes nothing', async () => {
    const secrets = fakeSecretStore({ secure: false, reason: 'no keyring is available (basic_text backend)' });
    const { save, file } = setup({ secrets });
    await expect(save(minio)).rejects.toMatchObject({
      code: 'SecretStoreUnavailable',
      message: expect.stringContaining('no keyring is available (basic_text backend)'),
    });
    expect(secrets.encrypted).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('a new connection needs a secret; an update without one keeps the stored secret', async () => {
    const { save, s3 } = setup();
    const { secretAccessKey: _omit, ...withoutSecret } = minio;
    await expect(save(withoutSecret)).rejects.toMatchObject({ code: 'InvalidInput' });
    const saved = await save(minio);
    const client1 = await s3.clientFor(saved.id);
    expect((await client1.config.credentials()).secretAccessKey).toBe(SECRET);
    const renamed = await save({ ...withoutSecret, id: saved.id, name: 'MinIO renamed' });
    expect(renamed).toMatchObject({ id: saved.id, name: 'MinIO renamed' });
    const client2 = await s3.clientFor(saved.id);
    expect((await client2.config.credentials()).secretAccessKey).toBe(SECRET);
    await save({ ...minio, id: saved.id, secretAccessKey: 'another-secret' });
    const client3 = await s3.clientFor(saved.id);
    // A changed connection gets a fresh client with the new secret.
    expect(client3).not.toBe(client2);
    expect((await client3.config.credentials()).secretAccessKey).toBe('another-secret');
  });

  it('deletes a custom connection; its id is then unknown', async () => {
    const { save, h, s3 } = setup();
    const saved = await save(minio);
    await expect(h['connections:delete']({ connectionId: saved.id })).resolves.toEqual({ deleted: true });
    expect((await h['connections:list']({})).some((c) => c.id === saved.id)).toBe(false);
    await expect(s3.clientFor(saved.id)).rejects.toMatchObject({ code: 'NoSuchConnection' });
    await expect(h['connections:delete']({ connectionId: 'sandbox' })).rejects.toMatchObject({ code: 'InvalidInput' });
  });

  it('read-only connections are refused by assertWritable; unknown ids get NoSuchConnection', async () => {
    const { save, s3, h } = setup();
    const ro = await save({ ...minio, readOnly: true });
    expect(ro.readOnly).toBe(true);
    expect(() => s3.assertWritable(ro.id)).toThrowError(expect.objectContaining({ code: 'ReadOnly', message: expect.stringMatching(/^This connection is read-only/) }));
    expect(() => s3.assertWritable('custom:nope')).toThrowError(expect.objectContaining({ code: 'NoSuchConnection' }));
    // Any connection can be flagged, the sandbox included, and the flag persists.
    await h['connections:list']({});
    expect(() => s3.assertWritable('sandbox')).not.toThrow();
    await h['connections:set-read-only']({ connectionId: 'sandbox', readOnly: true });
    expect(() => s3.assertWritable('sandbox')).toThrowError(expect.objectContaining({ code: 'ReadOnly' }));
    const again = setup();
    const list = await again.h['connections:list']({});
    expect(list.find((c) => c.id === 'sandbox')?.readOnly).toBe(true);
    expect(list.find((c) => c.id === ro.id)?.readOnly).toBe(true);
    await again.h['connections:set-read-only']({ connectionId: ro.id, readOnly: false });
    expect(() => again.s3.assertWritable(ro.id)).not.toThrow();
  });

  it('lists sandbox, environment and profiles; the environment entry shows only the key hint', async () => {
    writeFixture(join(dir, 'home', '.aws', 'config'), '[profile dev]\nregion = ap-southeast-2\n[profile ops]\nsso_session = s\n[sso-session s]\nsso_start_url = https://x\nsso_region = eu-west-1\n');
    writeFixture(join(dir, 'home', '.aws', 'credentials'), '[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = dev-secret\n');
    const { h } = setup({
      env: { HOME: join(dir, 'home'), AWS_PROFILE: 'ops', AWS_REGION: 'eu-west-3', AWS_ACCESS_KEY_ID: 'AKIAENVKEY00WXYZ', AWS_SECRET_ACCESS_KEY: 'env-secret-value' },
    });
    const list = await h['connections:list']({});
    expect(list.map((c) => c.id)).toEqual(['sandbox', 'env', 'profile:dev', 'profile:ops']);
    expect(list[1]).toMatchObject({ name: 'Environment', kind: 'environment', region: 'eu-west-3', accessKeyHint: '…WXYZ' });
    expect(list.find((c) => c.id === 'profile:dev')).toMatchObject({ region: 'ap-southeast-2', credentialType: 'static' });
    expect(list.find((c) => c.id === 'profile:dev')?.active).toBeUndefined();
    // AWS_PROFILE marks its profile; AWS_REGION is the default for profiles without a region.
    expect(list.find((c) => c.id === 'profile:ops')).toMatchObject({ active: true, region: 'eu-west-3', credentialType: 'sso' });
    const text = JSON.stringify(list);
    for (const secret of ['env-secret-value', 'dev-secret', 'AKIAENVKEY00WXYZ']) expect(text).not.toContain(secret);
  });

  it('starts the sandbox lazily, once for concurrent callers, and closes it on dispose', async () => {
    const { h, s3, sandbox } = setup();
    const list = await h['connections:list']({});
    expect(list[0]).toMatchObject({ id: 'sandbox', name: 'Local sandbox', kind: 'sandbox', pathStyle: true });
    expect(sandbox.started).not.toHaveBeenCalled();
    const [a, b, c] = await Promise.all([s3.clientFor('sandbox'), s3.clientFor('sandbox'), s3.clientFor('sandbox')]);
    expect(sandbox.started).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(await a.config.region()).toBe('eu-north-1');
    expect(a.config.forcePathStyle).toBe(true);
    expect((await h['connections:list']({}))[0]).toMatchObject({ endpoint: 'http://127.0.0.1:1', region: 'eu-north-1' });
    for (const d of disposers.splice(0)) await d();
    expect(sandbox.closed).toHaveBeenCalledTimes(1);
    await expect(s3.clientFor('sandbox')).rejects.toThrow();
  });

  it('a failed sandbox start is retried by the next caller', async () => {
    const { h } = setup();
    let calls = 0;
    const adapters = testAdapters({ userDataDir: join(dir, 'u2') });
    const conns = createConnections(adapters, (fn) => disposers.push(fn), {
      startSandbox: async () => {
        calls++;
        if (calls === 1) throw new Error('port in use');
        return { endpoint: 'http://127.0.0.1:2', region: 'us-east-1', credentials: { accessKeyId: 'K', secretAccessKey: 'S' }, close: async () => undefined };
      },
    });
    await expect(conns.s3.clientFor('sandbox')).rejects.toThrow('port in use');
    await expect(conns.s3.clientFor('sandbox')).resolves.toBeDefined();
    expect(calls).toBe(2);
    expect(h).toBeDefined();
  });

  it('applies the checksum mode and path style of a custom connection to its client', async () => {
    const { save, s3 } = setup();
    const strict = await save({ ...minio, checksumMode: 'when-required' });
    const client = await s3.clientFor(strict.id);
    expect(await client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await client.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
    expect(client.config.forcePathStyle).toBe(true);
    const plain = await save({ ...minio, pathStyle: false });
    const client2 = await s3.clientFor(plain.id);
    expect(await client2.config.requestChecksumCalculation()).toBe('WHEN_SUPPORTED');
    expect(client2.config.forcePathStyle).toBe(false);
  });
});

describe('saveConnectionInput schema', () => {
  it('accepts http(s) endpoints only, without credentials in the URL', () => {
    const base = { name: 'x', region: 'us-east-1', accessKeyId: 'AKIAX', secretAccessKey: 's' };
    expect(saveConnectionInput.safeParse({ ...base, endpoint: 'https://s3.example.com' }).success).toBe(true);
    for (const endpoint of ['ftp://x', 'file:///etc/passwd', 'javascript:alert(1)', 'http://user:pw@host', 'http://h/?q=1', 'not a url']) {
      expect(saveConnectionInput.safeParse({ ...base, endpoint }).success).toBe(false);
    }
    expect(saveConnectionInput.safeParse({ ...base, extra: 1 }).success).toBe(false);
    expect(saveConnectionInput.safeParse({ ...base, name: 'x'.repeat(101) }).success).toBe(false);
  });
});
