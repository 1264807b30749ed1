import { describe, expect, it, vi } from 'vitest';
import { createEmitter, type PushTarget } from './push';

vi.mock('electron', async () => (await import('../test/fake-electron')).fakeElectron);
// The contract declares no events yet; give the emitter one so delivery can be observed.
vi.mock('../../../shared/ipc/contract', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../shared/ipc/contract')>()),
  eventNames: ['test:ping', 'test:progress'],
}));

function target(id: number, opts: { destroyed?: boolean; contentsDestroyed?: boolean; throws?: boolean } = {}): PushTarget & { send: ReturnType<typeof vi.fn> } {
  const send = vi.fn(() => {
    if (opts.throws) throw new Error('Object has been destroyed');
  });
  return {
    send,
    isDestroyed: () => opts.destroyed ?? false,
    webContents: { id, isDestroyed: () => opts.contentsDestroyed ?? false, send },
  };
}

// The contract has no events yet; the emitter is exercised through a widened signature.
type LooseEmit = (event: string, payload: unknown) => void;

describe('createEmitter', () => {
  it('refuses event names outside the contract', () => {
    const emit = createEmitter(() => true, () => [target(1)]) as unknown as LooseEmit;
    expect(() => emit('fs:changed', {})).toThrow(/Unknown event/);
  });

  it('sends contract events only to live, trusted windows', async () => {
    const { eventNames } = await import('../../../shared/ipc/contract');
    const trusted = target(1);
    const untrusted = target(2);
    const closed = target(3, { destroyed: true });
    const gone = target(4, { contentsDestroyed: true });
    const failing = target(5, { throws: true });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const emit = createEmitter((id) => id !== 2, () => [trusted, untrusted, closed, gone, failing]) as unknown as LooseEmit;
    expect(eventNames).toEqual(['test:ping', 'test:progress']);
    emit('test:ping', { n: 1 });
    emit('test:progress', { n: 2 });
    expect(trusted.send.mock.calls).toEqual([
      ['test:ping', { n: 1 }],
      ['test:progress', { n: 2 }],
    ]);
    expect(failing.send).toHaveBeenCalledTimes(2);
    expect(errors).toHaveBeenCalledTimes(2);
    expect(untrusted.send).not.toHaveBeenCalled();
    expect(closed.send).not.toHaveBeenCalled();
    expect(gone.send).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});
