import { describe, expect, it, vi } from 'vitest';
import { callNames } from '../../shared/ipc/contract';
import type { Core } from '../core/types';
import { createLazyCore } from './lazy-core';
import { asHandlers, spyHandlers, SPY_RESULT } from './test/handlers';

function fakeCore() {
  const spies = spyHandlers();
  const core: Core = { handlers: asHandlers(spies), dispose: vi.fn(async () => undefined) };
  return { spies, core };
}

describe('createLazyCore', () => {
  it('has a forwarding handler for every call and loads nothing until used', async () => {
    const { spies, core } = fakeCore();
    const loader = vi.fn(async () => core);
    const lazy = createLazyCore(loader);
    expect(Object.keys(lazy.handlers).sort()).toEqual([...callNames].sort());
    expect(loader).not.toHaveBeenCalled();
    const channel = callNames[0]!;
    const call = lazy.handlers[channel] as (input: unknown) => Promise<unknown>;
    await expect(Promise.all([call({ a: 1 }), call({ a: 2 })])).resolves.toEqual([SPY_RESULT, SPY_RESULT]);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(spies[channel]!.mock.calls).toEqual([[{ a: 1 }], [{ a: 2 }]]);
  });

  it('dispose does nothing before load and disposes the real core after', async () => {
    const { core } = fakeCore();
    const loader = vi.fn(async () => core);
    const lazy = createLazyCore(loader);
    await lazy.dispose();
    expect(loader).not.toHaveBeenCalled();
    await lazy.load();
    expect(lazy.started()).toBe(true);
    await lazy.dispose();
    expect(core.dispose).toHaveBeenCalledTimes(1);
  });

  it('a core that fails to load fails its calls and still disposes cleanly', async () => {
    const lazy = createLazyCore(async () => {
      throw new Error('cannot load');
    });
    await expect((lazy.handlers[callNames[0]!] as (i: unknown) => Promise<unknown>)({})).rejects.toThrow('cannot load');
    await expect(lazy.dispose()).resolves.toBeUndefined();
  });
});
