/**
 * Throws malformed input at every contract channel through the real
 * registration path (trusted sender → dispatch → schema) and checks that
 * each is refused with InvalidInput while its handler is never called.
 * Cases are generated from each channel's zod schema, so channels added
 * later are fuzzed without editing this file.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { callNames, calls, type CallName } from '../../../shared/ipc/contract';
import { fakeElectron, resetFakeElectron } from '../test/fake-electron';
import { EXAMPLE_OVERRIDES, malformedInputs, validExample } from '../test/fuzz-cases';
import { asHandlers, spyHandlers, SPY_RESULT, trustedEvent } from '../test/handlers';
import { registerHandlers } from './handle';
import { createSenderTrust } from './sender-trust';

vi.mock('electron', async () => (await import('../test/fake-electron')).fakeElectron);

type Invoke = (event: unknown, ...args: unknown[]) => Promise<unknown>;

const handlers = spyHandlers();
const CONTENTS_ID = 3;

beforeAll(() => {
  resetFakeElectron();
  const trust = createSenderTrust();
  trust.trust({ id: CONTENTS_ID, once: () => undefined });
  registerHandlers(fakeElectron.ipcMain as never, asHandlers(handlers), (e) => trust.isTrustedSender(e));
});

function invoke(channel: string, args: unknown[]): Promise<unknown> {
  const fn = fakeElectron.ipcMain.handlers.get(channel) as Invoke;
  return fn(trustedEvent(CONTENTS_ID), ...args);
}

function exampleFor(channel: CallName): unknown {
  if (Object.hasOwn(EXAMPLE_OVERRIDES, channel)) return EXAMPLE_OVERRIDES[channel];
  const found = validExample(calls[channel].input);
  if (!found) throw new Error(`No valid example for ${channel}: add one to EXAMPLE_OVERRIDES in electron/main/test/fuzz-cases.ts.`);
  return found.value;
}

describe.each(callNames.map((c) => [c]))('%s', (channel) => {
  const valid = exampleFor(channel);

  it('accepts its minimal valid input and calls its handler once with it', async () => {
    handlers[channel]!.mockClear();
    const result = await invoke(channel, [valid]);
    expect(result).toEqual({ ok: true, data: SPY_RESULT });
    expect(handlers[channel]).toHaveBeenCalledTimes(1);
    expect(handlers[channel]!.mock.calls[0]![0]).toEqual(calls[channel].input.parse(valid));
  });

  const cases = malformedInputs(calls[channel].input, valid);

  it('has a meaningful number of malformed cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(14);
  });

  it.each(cases.map((c) => [c.label, c.args] as const))('refuses %s with InvalidInput, handler untouched', async (_label, args) => {
    handlers[channel]!.mockClear();
    const result = (await invoke(channel, [...args])) as { ok: boolean; error?: { code: string; message: string } };
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('InvalidInput');
    // The message names the problem but never echoes a huge payload back.
    expect(result.error!.message.length).toBeLessThan(1000);
    for (const ch of callNames) expect(handlers[ch]).not.toHaveBeenCalled();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

