import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames } from '../../../shared/ipc/contract';
import { ERROR_CODES } from '../../../shared/ipc/result';
import { fakeElectron, resetFakeElectron } from '../test/fake-electron';
import { asHandlers, spyHandlers, SPY_RESULT, trustedEvent } from '../test/handlers';
import { registerContractHandlers, registerHandlers } from './handle';
import { createSenderTrust } from './sender-trust';

vi.mock('electron', async () => (await import('../test/fake-electron')).fakeElectron);

type Invoke = (event: unknown, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const ipc = fakeElectron.ipcMain;
  const handlers = spyHandlers();
  const trust = createSenderTrust();
  const contents = { id: 7, once: vi.fn() };
  trust.trust(contents);
  const unregister = registerHandlers(ipc as never, asHandlers(handlers), (e) => trust.isTrustedSender(e));
  const invoke = (channel: string, event: unknown, ...args: unknown[]) => (ipc.handlers.get(channel) as Invoke)(event, ...args);
  return { ipc, handlers, invoke, unregister, contents };
}

beforeEach(() => resetFakeElectron());

describe('the registered IPC surface', () => {
  it('registers exactly one handler per contract call and nothing else', () => {
    const { ipc } = setup();
    const registered = ipc.handle.mock.calls.map(([channel]) => channel);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...registered].sort()).toEqual([...callNames].sort());
    expect(ipc.on).not.toHaveBeenCalled();
  });

  it('has no generic or raw channels', () => {
    const { ipc } = setup();
    const registered = [...ipc.handlers.keys()];
    for (const generic of ['fs:read', 'fs:write', 's3:raw', 'ipc:invoke', 'invoke', 'send', 'shell:open-external', 'eval']) {
      expect(registered).not.toContain(generic);
    }
    for (const channel of registered) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  it('every contract channel name is well formed (domain:verb)', () => {
    for (const channel of callNames) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  it('the unregister function removes every handler', () => {
    const { ipc, unregister } = setup();
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('registerContractHandlers uses electron’s own ipcMain', () => {
    registerContractHandlers(asHandlers(spyHandlers()), () => true);
    expect([...fakeElectron.ipcMain.handlers.keys()].sort()).toEqual([...callNames].sort());
  });
});

describe('sender checks', () => {
  const channel = callNames[0]!;

  it('a trusted top frame on the app origin reaches the handler', async () => {
    const { invoke, handlers } = setup();
    const result = await invoke(channel, trustedEvent(7), {});
    expect(handlers[channel]).toHaveBeenCalledTimes(1);
    expect(result).toEqual({ ok: true, data: SPY_RESULT });
  });

  const refused: Array<[string, unknown]> = [
    ['a null senderFrame (navigated away or destroyed)', { sender: { id: 7 }, senderFrame: null }],
    ['a missing senderFrame', { sender: { id: 7 } }],
    ['a sub-frame on the app origin', { sender: { id: 7 }, senderFrame: { url: 'app://thaw/index.html', parent: { url: 'app://thaw/index.html', parent: null } } }],
    ['a foreign https origin', trustedEvent(7, 'https://attacker.example/')],
    ['a look-alike host', trustedEvent(7, 'app://thaw.attacker.example/index.html')],
    ['credentials before the host', trustedEvent(7, 'app://thaw@attacker.example/index.html')],
    ['a port on the app host', trustedEvent(7, 'app://thaw:8080/index.html')],
    ['file:///etc/passwd', trustedEvent(7, 'file:///etc/passwd')],
    ['about:blank', trustedEvent(7, 'about:blank')],
    ['an empty URL', trustedEvent(7, '')],
    ['a malformed URL', trustedEvent(7, 'app://')],
    ['an untrusted WebContents id', trustedEvent(8)],
    ['a frame whose getter throws (disposed)', { sender: { id: 7 }, get senderFrame() { throw new Error('Render frame was disposed'); } }],
  ];
  for (const [label, event] of refused) {
    it(`refuses ${label} with ForbiddenSender on every channel, without calling a handler`, async () => {
      const { invoke, handlers } = setup();
      for (const ch of callNames) {
        const result = await invoke(ch, event, {});
        expect(result).toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
      }
      for (const ch of callNames) expect(handlers[ch]).not.toHaveBeenCalled();
    });
  }

  it('stops trusting a WebContents once it is destroyed', async () => {
    const { invoke, handlers, contents } = setup();
    const [eventName, onDestroyed] = contents.once.mock.calls[0] as [string, () => void];
    expect(eventName).toBe('destroyed');
    onDestroyed();
    const result = await invoke(channel, trustedEvent(7), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
    expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it('treats a throwing trust predicate as untrusted', async () => {
    const handlers = spyHandlers();
    registerHandlers(fakeElectron.ipcMain as never, asHandlers(handlers), () => {
      throw new Error('boom');
    });
    const result = await (fakeElectron.ipcMain.handlers.get(channel) as Invoke)(trustedEvent(7), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
    expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it('ForbiddenSender is one of the stable error codes', () => {
    expect(ERROR_CODES).toContain('ForbiddenSender');
  });
});

describe('results', () => {
  it('maps a throwing core handler to an error Result instead of rejecting', async () => {
    const { invoke, handlers } = setup();
    const channel = callNames[0]!;
    handlers[channel]!.mockRejectedValueOnce(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    await expect(invoke(channel, trustedEvent(7), {})).resolves.toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
  });
});
