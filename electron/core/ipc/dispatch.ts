/**
 * The Electron-free half of every IPC call: parse, run, envelope.
 *
 * Main's `handle` wrapper checks the sender and then calls `dispatch`; the E2E
 * harness calls `dispatch` directly. Either way the handler only ever sees
 * input that passed the contract's schema, and the caller only ever sees a
 * `Result`.
 */
import { calls, type CallName } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import { toIpcError } from '../errors';
import type { Handlers } from '../types';

/** Every call takes exactly one argument: the input object. */
const MAX_ARGS = 1;

/** Runs one call end to end. Unknown channels and bad input never reach a handler. */
export async function dispatch(handlers: Handlers, channel: string, args: unknown[]): Promise<Result<unknown>> {
  if (!Object.hasOwn(calls, channel) || !Object.hasOwn(handlers, channel)) {
    return { ok: false, error: { code: 'InvalidInput', message: `Unknown channel "${String(channel).slice(0, 80)}".` } };
  }
  if (args.length > MAX_ARGS) {
    return { ok: false, error: { code: 'InvalidInput', message: `Expected one argument, got ${args.length}.` } };
  }
  const name = channel as CallName;
  const parsed = calls[name].input.safeParse(args[0]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: { code: 'InvalidInput', message: `Invalid input${where}: ${issue?.message ?? 'rejected'}.` } };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    const data = await handler(parsed.data);
    return { ok: true, data };
  } catch (err) {
    return { ok: false, error: toIpcError(err) };
  }
}
