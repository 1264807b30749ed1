/**
 * What the preload puts into the page: exactly the contract, plus the one
 * dropped-files helper, nothing more. Runs the real preload entry against a
 * fake `electron` module.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { callNames, eventNames, methodPath } from '../../shared/ipc/contract';
import { fakeElectron, resetFakeElectron } from '../main/test/fake-electron';
import { createIpcTransport } from './ipc-transport';

/** Stands in for Electron's webUtils: a dropped File's path is `/drop/<name>`, or '' for `nopath-*` files. */
const webUtils = vi.hoisted(() => ({
  getPathForFile: vi.fn((file: File) => (file.name.startsWith('nopath-') ? '' : `/drop/${file.name}`)),
}));
vi.mock('electron', async () => Object.assign((await import('../main/test/fake-electron')).fakeElectron, { webUtils }));

type Api = Record<string, unknown> & { on(event: string, cb: (payload: unknown) => void): () => void };
type FilesApi = { planDroppedUpload(files: unknown, target: unknown): Promise<unknown> };
let api: Api;
let files: FilesApi;

beforeAll(async () => {
  resetFakeElectron();
  await import('./index');
  expect(fakeElectron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(2);
  api = fakeElectron.contextBridge.exposed.get('thaw') as Api;
  files = fakeElectron.contextBridge.exposed.get('thawFiles') as FilesApi;
});

function expectedShape(): Record<string, string[]> {
  const shape: Record<string, string[]> = {};
  for (const channel of callNames) {
    const [domain, method] = methodPath(channel);
    (shape[domain] ??= []).push(method);
  }
  return shape;
}

describe('window.thaw', () => {
  it('is exposed under "thaw", beside the one helper "thawFiles"', () => {
    expect([...fakeElectron.contextBridge.exposed.keys()]).toEqual(['thaw', 'thawFiles']);
  });

  it('has exactly the contract’s domains plus `on`, and exactly their methods', () => {
    const shape = expectedShape();
    expect(Object.keys(api).sort()).toEqual([...Object.keys(shape), 'on'].sort());
    for (const [domain, methods] of Object.entries(shape)) {
      const group = api[domain] as Record<string, unknown>;
      expect(Object.keys(group).sort()).toEqual([...methods].sort());
      for (const m of methods) expect(typeof group[m]).toBe('function');
    }
    expect(typeof api.on).toBe('function');
  });

  it('exposes nothing else: no ipcRenderer, process, env, require or generic invoke/send', () => {
    const seen = new Set<unknown>();
    const walk = (value: unknown, where: string) => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
      seen.add(value);
      expect(value, where).not.toBe(fakeElectron.ipcRenderer);
      expect(value, where).not.toBe(process);
      expect(value, where).not.toBe(process.env);
      for (const key of Object.getOwnPropertyNames(value)) {
        if (typeof value === 'function' && ['length', 'name', 'prototype'].includes(key)) continue;
        expect(['ipcRenderer', 'process', 'env', 'require', 'invoke', 'send', 'sendSync', 'electron'], `${where}.${key}`).not.toContain(key);
        walk((value as Record<string, unknown>)[key], `${where}.${key}`);
      }
    };
    walk(api, 'thaw');
    walk(files, 'thawFiles');
  });

  it('is frozen, so the page cannot swap a method', () => {
    expect(Object.isFrozen(api)).toBe(true);
    for (const domain of Object.keys(expectedShape())) expect(Object.isFrozen(api[domain])).toBe(true);
  });

  it('each method invokes its own channel with the input', async () => {
    for (const channel of callNames) {
      const [domain, method] = methodPath(channel);
      fakeElectron.ipcRenderer.invoke.mockClear();
      fakeElectron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, data: channel });
      const fn = (api[domain] as Record<string, (input?: unknown) => Promise<unknown>>)[method]!;
      await expect(fn({ probe: 1 })).resolves.toEqual({ ok: true, data: channel });
      expect(fakeElectron.ipcRenderer.invoke.mock.calls).toEqual([[channel, { probe: 1 }]]);
    }
  });

  it('`on` with an unknown event throws and subscribes nothing', () => {
    for (const name of ['fs:changed', 'app:info', '__proto__', 'constructor', '']) {
      expect(() => api.on(name, () => undefined)).toThrow(/Unknown event/);
    }
    expect(fakeElectron.ipcRenderer.on).not.toHaveBeenCalled();
  });

  it('`on` with a contract event delivers the payload alone and unsubscribes', () => {
    for (const name of eventNames) {
      const ipc = fakeElectron.ipcRenderer;
      const received: unknown[][] = [];
      const off = api.on(name, (...args: unknown[]) => received.push(args));
      ipc.emit(name, { sender: ipc, senderId: 0, ports: [] }, { n: 1 });
      expect(received, name).toEqual([[{ n: 1 }]]);
      off();
      ipc.emit(name, { sender: ipc }, { n: 2 });
      expect(received, name).toHaveLength(1);
      expect(ipc.listenerCount(name)).toBe(0);
    }
  });

  it('`on` refuses a listener that is not a function', () => {
    for (const name of eventNames) expect(() => api.on(name, 'alert(1)' as never)).toThrow(/function/);
  });

  it('declares only well-formed event names', () => {
    for (const name of eventNames) expect(name).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });
});

describe('window.thawFiles', () => {
  const target = { connectionId: 'sandbox', bucket: 'data', prefix: 'runs/' };
  const file = (name: string) => new File(['x'], name);

  it('is one frozen function and nothing else', () => {
    expect(Object.keys(files)).toEqual(['planDroppedUpload']);
    expect(typeof files.planDroppedUpload).toBe('function');
    expect(Object.isFrozen(files)).toBe(true);
  });

  it('sends the dropped files’ paths, read in the preload, on transfers:plan-upload and returns only its result', async () => {
    const ipc = fakeElectron.ipcRenderer;
    ipc.invoke.mockClear();
    ipc.invoke.mockResolvedValueOnce({ ok: true, data: { planId: 'u1' } });
    // Fields the page adds (a pick, paths of its own) never reach main: only the target's three.
    const result = await files.planDroppedUpload([file('a.bin'), 'not-a-file', { name: 'fake.bin' }, file('nopath-b.bin'), file('c.bin')], {
      ...target,
      pick: 'folder',
      dropped: ['/etc/passwd'],
    });
    expect(result).toEqual({ ok: true, data: { planId: 'u1' } });
    expect(ipc.invoke.mock.calls).toEqual([['transfers:plan-upload', { ...target, dropped: ['/drop/a.bin', '/drop/c.bin'] }]]);
  });

  it('refuses, without a call, a drop with no file on disk, too many files, or no target', async () => {
    const ipc = fakeElectron.ipcRenderer;
    ipc.invoke.mockClear();
    await expect(files.planDroppedUpload([file('nopath-a'), 'x'], target)).resolves.toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    await expect(files.planDroppedUpload('a.bin', target)).resolves.toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    await expect(files.planDroppedUpload(Array.from({ length: 10_001 }, () => file('a')), target)).resolves.toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    await expect(files.planDroppedUpload([file('a.bin')], null)).resolves.toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('treats a webUtils failure as a file without a path', async () => {
    webUtils.getPathForFile.mockImplementationOnce(() => {
      throw new Error('not a file');
    });
    fakeElectron.ipcRenderer.invoke.mockClear();
    await expect(files.planDroppedUpload([file('a.bin')], target)).resolves.toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(fakeElectron.ipcRenderer.invoke).not.toHaveBeenCalled();
  });
});

describe('the ipcRenderer transport', () => {
  it('listeners receive the payload only, never the IpcRendererEvent, and unsubscribe cleanly', () => {
    resetFakeElectron();
    const ipc = fakeElectron.ipcRenderer;
    const transport = createIpcTransport(ipc as never);
    const received: unknown[][] = [];
    const unsubscribe = transport.subscribe('jobs:progress', (...args: unknown[]) => received.push(args));
    const rendererEvent = { sender: ipc, senderId: 0, ports: [] };
    ipc.emit('jobs:progress', rendererEvent, { done: 3 });
    expect(received).toEqual([[{ done: 3 }]]);
    unsubscribe();
    unsubscribe();
    ipc.emit('jobs:progress', rendererEvent, { done: 4 });
    expect(received).toHaveLength(1);
    expect(ipc.removeListener).toHaveBeenCalledTimes(1);
    expect(ipc.listenerCount('jobs:progress')).toBe(0);
  });

  it('turns a failed invoke into an Internal error Result instead of rejecting', async () => {
    resetFakeElectron();
    fakeElectron.ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'app:info'"));
    const transport = createIpcTransport(fakeElectron.ipcRenderer as never);
    await expect(transport.invoke('app:info', {})).resolves.toMatchObject({ ok: false, error: { code: 'Internal' } });
  });
});
