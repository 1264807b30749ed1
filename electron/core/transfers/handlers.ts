/**
 * The `transfers:*` calls. Placeholder while the transfer service is built.
 */
import type { CallName } from '../../../shared/ipc/contract';
import { ThawError } from '../errors';
import type { Handlers } from '../types';

const notYet = async (): Promise<never> => {
  throw new ThawError('Internal', 'Transfers are not available yet.');
};

/** Handlers for transfers. */
export function createTransferHandlers(): Pick<Handlers, Extract<CallName, `transfers:${string}`>> {
  return {
    'transfers:plan-download': notYet,
    'transfers:start-download': notYet,
    'transfers:plan-upload': notYet,
    'transfers:start-upload': notYet,
    'transfers:pause': notYet,
    'transfers:resume': notYet,
    'transfers:cancel': notYet,
    'transfers:retry-failed': notYet,
    'transfers:upload-link': notYet,
  };
}
