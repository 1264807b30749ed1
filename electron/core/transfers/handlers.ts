/**
 * The `transfers:*` calls.
 */
import type { CallName } from '../../../shared/ipc/contract';
import type { Handlers } from '../types';
import type { TransferService } from './service';

/** Handlers for transfers. */
export function createTransferHandlers(transfers: TransferService): Pick<Handlers, Extract<CallName, `transfers:${string}`>> {
  return {
    'transfers:plan-download': (input) => transfers.planDownload(input),
    'transfers:start-download': (input) => transfers.startDownload(input),
    'transfers:plan-upload': (input) => transfers.planUpload(input),
    'transfers:start-upload': (input) => transfers.startUpload(input),
    'transfers:pause': async ({ jobId }) => ({ paused: await (await transfers.job(jobId)).pause() }),
    'transfers:resume': async ({ jobId }) => ({ resumed: await (await transfers.job(jobId)).resume() }),
    'transfers:cancel': async ({ jobId }) => ({ cancelled: await (await transfers.job(jobId)).cancel() }),
    'transfers:retry-failed': async ({ jobId }) => ({ retried: await (await transfers.job(jobId)).retryFailed() }),
    'transfers:upload-link': (input) => transfers.uploadLink(input),
  };
}
