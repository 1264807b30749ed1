/**
 * Result envelope and stable error codes for every IPC call.
 *
 * Handlers never throw across the process boundary: main converts every
 * failure into `{ ok: false, error }` with one of these codes, and the
 * renderer maps the code to a sentence.
 */

/** Stable error codes. Add new ones here; never rename. */
export const ERROR_CODES = [
  'InvalidInput',
  'AccessDenied',
  'InvalidCredentials',
  'ExpiredCredentials',
  'SsoLoginRequired',
  'NoSuchBucket',
  'NoSuchKey',
  'NoSuchConnection',
  'NoSuchJob',
  'InvalidObjectState',
  'WrongRegion',
  'Throttled',
  'Network',
  'EndpointUnreachable',
  'ReadOnly',
  'SecretStoreUnavailable',
  'NotSupported',
  'Cancelled',
  'DiskFull',
  'ForbiddenSender',
  'Internal',
] as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure as it crosses IPC: plain, structured-clone safe, no secrets. */
export interface IpcError {
  code: ErrorCode;
  message: string;
  details?: Record<string, string | number | boolean | null>;
}

/** What every renderer→main call resolves to. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: IpcError };
