/**
 * Human sentences for every stable error code.
 *
 * The code decides the sentence a person reads; the message main sent is kept
 * as the detail line (it names the bucket, the field, the endpoint). The table
 * is typed `Record<ErrorCode, …>`, so a new code in `shared/ipc/result.ts` does
 * not compile until it has a sentence here.
 */
import type { ErrorCode, IpcError } from '../../../shared/ipc/result';

/** How a code is shown: its sentence and whether it is a real failure or just information. */
interface ErrorText {
  sentence: string;
  /** `info` for outcomes the user chose (a cancel), `error` for everything else. */
  tone: 'error' | 'info';
}

/** One sentence per stable error code. */
export const ERROR_TEXT: Record<ErrorCode, ErrorText> = {
  InvalidInput: { tone: 'error', sentence: 'Thaw refused a request because its input was not valid.' },
  AccessDenied: { tone: 'error', sentence: 'Access denied: these credentials are not allowed to do that.' },
  InvalidCredentials: { tone: 'error', sentence: 'The credentials were rejected. Check the access key and secret key.' },
  ExpiredCredentials: { tone: 'error', sentence: 'The credentials have expired. Refresh them and try again.' },
  SsoLoginRequired: { tone: 'error', sentence: 'Your AWS SSO session has ended. Sign in again (aws sso login) and retry.' },
  NoSuchBucket: { tone: 'error', sentence: 'That bucket does not exist, or these credentials cannot see it.' },
  NoSuchKey: { tone: 'error', sentence: 'That object does not exist any more.' },
  NoSuchConnection: { tone: 'error', sentence: 'That connection does not exist any more.' },
  NoSuchJob: { tone: 'error', sentence: 'That job does not exist any more; it may have finished or been removed.' },
  InvalidObjectState: { tone: 'error', sentence: 'That object is archived. Restore it before reading or downloading it.' },
  WrongRegion: { tone: 'error', sentence: 'The bucket lives in a different region than the connection uses.' },
  Throttled: { tone: 'error', sentence: 'S3 asked Thaw to slow down. Wait a moment and try again.' },
  Network: { tone: 'error', sentence: 'The network connection failed. Check your connection and try again.' },
  EndpointUnreachable: { tone: 'error', sentence: 'The S3 endpoint could not be reached.' },
  ReadOnly: { tone: 'error', sentence: 'This connection is read-only, so Thaw did not change anything.' },
  SecretStoreUnavailable: {
    tone: 'error',
    sentence: 'This system cannot encrypt secrets, so Thaw did not store the keys.',
  },
  NotSupported: { tone: 'error', sentence: 'This endpoint does not support that operation.' },
  Cancelled: { tone: 'info', sentence: 'The operation was cancelled.' },
  DiskFull: { tone: 'error', sentence: 'The disk Thaw writes to is full. Free some space, then try again.' },
  ForbiddenSender: { tone: 'error', sentence: 'Thaw refused a request that did not come from its own window.' },
  Internal: { tone: 'error', sentence: 'Something went wrong inside Thaw.' },
};

/** What a toast or an error screen shows for one error. */
export interface DescribedError {
  title: string;
  /** The message from main, when it adds something to the sentence. */
  detail?: string;
  tone: 'error' | 'info';
}

/**
 * The sentence for an error, with main's message as the detail.
 *
 * An unknown code (a newer main talking to an older renderer) reads as
 * `Internal` rather than showing a raw code.
 */
export function describeError(error: IpcError): DescribedError {
  const text = Object.hasOwn(ERROR_TEXT, error.code) ? ERROR_TEXT[error.code] : ERROR_TEXT.Internal;
  const message = typeof error.message === 'string' ? error.message.trim() : '';
  const detail = message.length > 0 && !sameText(message, text.sentence) ? message : undefined;
  return detail ? { title: text.sentence, detail, tone: text.tone } : { title: text.sentence, tone: text.tone };
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[.\s]+$/u, '');
  return norm(a) === norm(b);
}
