import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ThawError } from '../../core/errors';
import { fakeElectron, FakeNotification, resetFakeElectron } from '../test/fake-electron';
import { createDialogs } from './dialogs';
import { createElectronAdapters } from './index';
import { createNotifier } from './notifier';
import { createSecretStore } from './secret-store';

vi.mock('electron', async () => (await import('../test/fake-electron')).fakeElectron);

beforeEach(() => resetFakeElectron());

describe('secret store over safeStorage', () => {
  it('is secure with a real keyring and round-trips secrets', () => {
    const store = createSecretStore(fakeElectron.safeStorage as never, 'linux');
    expect(store.isSecure()).toBe(true);
    expect(store.insecureReason()).toBeUndefined();
    expect(store.decrypt(store.encrypt('wJalrXUtnFEMI'))).toBe('wJalrXUtnFEMI');
  });

  it.each(['basic_text', 'unknown'])('reports insecure on Linux with the %s backend, says why, and refuses to encrypt', (backend) => {
    fakeElectron.safeStorage.backend = backend;
    const store = createSecretStore(fakeElectron.safeStorage as never, 'linux');
    expect(store.isSecure()).toBe(false);
    expect(store.insecureReason()).toMatch(backend === 'basic_text' ? /basic_text/ : /not known/);
    expect(() => store.encrypt('secret')).toThrow(ThawError);
    expect(() => store.encrypt('secret')).toThrow(expect.objectContaining({ code: 'SecretStoreUnavailable' }));
    expect(fakeElectron.safeStorage.encryptString).not.toHaveBeenCalled();
  });

  it.each(['kwallet5', 'kwallet6', 'gnome_libsecret'])('accepts the %s backend', (backend) => {
    fakeElectron.safeStorage.backend = backend;
    expect(createSecretStore(fakeElectron.safeStorage as never, 'linux').isSecure()).toBe(true);
  });

  it('reports insecure when encryption is unavailable, on any platform', () => {
    fakeElectron.safeStorage.available = false;
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const store = createSecretStore(fakeElectron.safeStorage as never, platform);
      expect(store.isSecure()).toBe(false);
      expect(store.insecureReason()).toMatch(/no encryption/);
      expect(() => store.decrypt(Buffer.from('enc:x'))).toThrow(expect.objectContaining({ code: 'SecretStoreUnavailable' }));
    }
  });

  it('ignores the Linux backend on macOS and Windows', () => {
    fakeElectron.safeStorage.backend = 'basic_text';
    expect(createSecretStore(fakeElectron.safeStorage as never, 'darwin').isSecure()).toBe(true);
    expect(createSecretStore(fakeElectron.safeStorage as never, 'win32').isSecure()).toBe(true);
  });

  it('turns a corrupt blob into SecretStoreUnavailable without echoing it', () => {
    const store = createSecretStore(fakeElectron.safeStorage as never, 'linux');
    let caught: unknown;
    try {
      store.decrypt(Buffer.from('garbage-AKIAIOSFODNN7EXAMPLE'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ThawError);
    expect((caught as ThawError).code).toBe('SecretStoreUnavailable');
    expect((caught as ThawError).message).not.toContain('AKIA');
  });
});

describe('dialogs', () => {
  it('chooses a directory attached to the main window, or undefined when cancelled', async () => {
    const win = { id: 'window' };
    const dialogs = createDialogs(fakeElectron.dialog as never, () => win as never);
    fakeElectron.dialog.result = { canceled: false, filePaths: ['/data/out'] };
    await expect(dialogs.chooseDirectory('Download to')).resolves.toBe('/data/out');
    expect(fakeElectron.dialog.showOpenDialog).toHaveBeenCalledWith(win, { title: 'Download to', properties: ['openDirectory', 'createDirectory'] });
    fakeElectron.dialog.result = { canceled: true, filePaths: [] };
    await expect(dialogs.chooseDirectory('Download to')).resolves.toBeUndefined();
  });

  it('chooses files or folders, single or multiple, without a window too', async () => {
    const dialogs = createDialogs(fakeElectron.dialog as never, () => null);
    fakeElectron.dialog.result = { canceled: false, filePaths: ['/a', '/b'] };
    await expect(dialogs.chooseFiles('Upload', { multiple: true })).resolves.toEqual(['/a', '/b']);
    expect(fakeElectron.dialog.showOpenDialog).toHaveBeenLastCalledWith({ title: 'Upload', properties: ['openFile', 'multiSelections'] });
    await dialogs.chooseFiles('Upload folder', { directories: true });
    expect(fakeElectron.dialog.showOpenDialog).toHaveBeenLastCalledWith({ title: 'Upload folder', properties: ['openDirectory'] });
    fakeElectron.dialog.result = { canceled: true, filePaths: ['/ignored'] };
    await expect(dialogs.chooseFiles('Upload', {})).resolves.toEqual([]);
  });
});

describe('save dialog', () => {
  it('asks where to save with the name and type filled in, or undefined when cancelled', async () => {
    const win = { id: 'window' };
    const dialogs = createDialogs(fakeElectron.dialog as never, () => win as never);
    fakeElectron.dialog.saveResult = { canceled: false, filePath: '/home/ops/activity.csv' };
    await expect(dialogs.chooseSaveFile('Export activity', { defaultName: 'activity.csv', extensions: ['csv'] })).resolves.toBe('/home/ops/activity.csv');
    expect(fakeElectron.dialog.showSaveDialog).toHaveBeenLastCalledWith(win, {
      title: 'Export activity',
      defaultPath: 'activity.csv',
      filters: [{ name: 'CSV', extensions: ['csv'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    fakeElectron.dialog.saveResult = { canceled: true };
    await expect(dialogs.chooseSaveFile('Export activity', { defaultName: 'a.json', extensions: ['json'] })).resolves.toBeUndefined();
  });
});

describe('notifier', () => {
  it('shows a notification when supported and stays silent otherwise', () => {
    const notifier = createNotifier(FakeNotification);
    notifier.notify('Restore finished', '1,204 objects are readable');
    expect(FakeNotification.shown).toEqual([{ title: 'Restore finished', body: '1,204 objects are readable' }]);
    FakeNotification.supported = false;
    notifier.notify('Hidden', 'x');
    expect(FakeNotification.shown).toHaveLength(1);
  });
});

describe('createElectronAdapters', () => {
  it('wires app paths, versions and the adapters', () => {
    const emit = vi.fn();
    fakeElectron.app.paths.set('userData', '/tmp/thaw-user');
    const adapters = createElectronAdapters({ mainWindow: () => null, emit, env: { AWS_PROFILE: 'x' } });
    expect(adapters.userDataDir).toBe('/tmp/thaw-user');
    expect(adapters.appVersion).toBe('0.1.0-test');
    expect(adapters.platform).toBe(process.platform);
    expect(adapters.arch).toBe(process.arch);
    expect(adapters.runtimeVersions.node).toBe(process.versions.node);
    expect(Object.keys(adapters.runtimeVersions).every((k) => ['electron', 'chrome', 'node', 'v8'].includes(k))).toBe(true);
    expect(adapters.emit).toBe(emit);
    expect(adapters.env).toEqual({ AWS_PROFILE: 'x' });
    expect(adapters.secrets.isSecure()).toBe(process.platform !== 'linux' || fakeElectron.safeStorage.backend !== 'basic_text');
  });
});
