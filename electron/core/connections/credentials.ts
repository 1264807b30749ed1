/**
 * Credential providers per connection, with failures turned into safe sentences.
 *
 * Resolution is done by @aws-sdk/credential-providers, one explicit provider
 * per connection (never the default chain, so a profile never silently falls
 * back to environment variables). Every failure is rethrown as a ThawError
 * whose message Thaw wrote itself: SDK provider messages can embed a
 * credential_process's stderr, which may hold secrets, so they are never shown.
 */
import { fromEnv, fromIni, fromProcess, fromSSO } from '@aws-sdk/credential-providers';
import { memoize } from '@smithy/core/config';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { CredentialType } from '../../../shared/ipc/connections';
import { classifyFailure, ThawError, type FailureKind } from '../errors';
import type { SharedFilePaths } from './profiles';

/** Where a connection's credentials come from. */
export type CredentialSource =
  | { kind: 'profile'; profile: string; credentialType: CredentialType; paths: SharedFilePaths }
  | { kind: 'environment' }
  | { kind: 'static'; accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** A credential_process that has not answered in this long is treated as failed. */
export const CREDENTIAL_PROCESS_TIMEOUT_MS = 120_000;
/** Temporary credentials are refreshed this long before they expire. */
const REFRESH_BEFORE_MS = 5 * 60_000;

/** Failures that mean the credential service (STS, SSO) did not answer; kinds from the one classifier in errors.ts. */
const NO_ANSWER = new Set<FailureKind>(['unreachable', 'timeout', 'broken']);

/**
 * One memoized provider for a connection, shared by all its clients.
 *
 * Temporary credentials (role, SSO, process) are fetched once and refreshed
 * shortly before they expire; a failed fetch is retried on the next call.
 */
export function credentialProvider(source: CredentialSource): AwsCredentialIdentityProvider {
  if (source.kind === 'static') {
    const identity: AwsCredentialIdentity = {
      accessKeyId: source.accessKeyId,
      secretAccessKey: source.secretAccessKey,
      ...(source.sessionToken ? { sessionToken: source.sessionToken } : {}),
    };
    return async () => identity;
  }
  const raw = rawProvider(source);
  const guarded: AwsCredentialIdentityProvider = async () => {
    try {
      return await raw();
    } catch (err) {
      throw credentialError(source, err);
    }
  };
  return memoize(
    guarded,
    (c) => c.expiration !== undefined && c.expiration.getTime() - Date.now() < REFRESH_BEFORE_MS,
    (c) => c.expiration !== undefined,
  );
}

function rawProvider(source: Exclude<CredentialSource, { kind: 'static' }>): AwsCredentialIdentityProvider {
  if (source.kind === 'environment') return fromEnv();
  const files = { profile: source.profile, filepath: source.paths.credentialsFile, configFilepath: source.paths.configFile, ignoreCache: true };
  switch (source.credentialType) {
    case 'sso':
      // fromSSO directly: fromIni's SSO branch does not pass the file paths on, so AWS_CONFIG_FILE would be lost.
      return fromSSO(files);
    case 'process': {
      const run = fromProcess(files);
      return () => withTimeout(run(), CREDENTIAL_PROCESS_TIMEOUT_MS);
    }
    default:
      return fromIni(files);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { name: 'ProcessTimeout' })), ms);
    timer.unref?.();
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

interface ErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Turns a provider failure into a ThawError with a sentence Thaw wrote.
 *
 * The SDK's message is only *matched against* fixed phrases the SDK itself
 * emits; it is never copied into the result.
 */
export function credentialError(source: Exclude<CredentialSource, { kind: 'static' }>, err: unknown): ThawError {
  if (err instanceof ThawError) return err;
  const e = (err ?? {}) as ErrorLike;
  const name = e.Code ?? e.name ?? '';
  const msg = typeof e.message === 'string' ? e.message : '';
  if (source.kind === 'environment') {
    return new ThawError('InvalidCredentials', 'The environment has no usable credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).');
  }
  const profile = source.profile;
  const ssoLogin = () => new ThawError('SsoLoginRequired', `Run "aws sso login --profile ${profile}" and try again.`, { profile });
  if (source.credentialType === 'process') {
    return processError(profile, name, msg);
  }
  const failure = classifyFailure(err);
  if (NO_ANSWER.has(failure.kind)) {
    const what = source.credentialType === 'sso' ? 'AWS IAM Identity Center (SSO)' : 'AWS STS';
    const sentence =
      failure.kind === 'unreachable'
        ? `Cannot reach ${what} to get credentials for profile "${profile}".`
        : `The connection to ${what} broke off or timed out while getting credentials for profile "${profile}"; try again.`;
    return new ThawError(failure.code, sentence, { profile });
  }
  if (source.credentialType === 'sso') {
    // Missing or expired token cache, a refresh that failed, or GetRoleCredentials answering 401:
    // all of them are fixed by signing in again.
    return ssoLogin();
  }
  if (/sso/i.test(msg) && /aws sso login|expired|invalid/i.test(msg)) return ssoLogin();
  if (name === 'AccessDenied' || e.$metadata?.httpStatusCode === 403) {
    return new ThawError('AccessDenied', `Profile "${profile}" may not assume its role (sts:AssumeRole).`, { profile, action: 'sts:AssumeRole' });
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException') {
    return new ThawError('ExpiredCredentials', `The credentials behind profile "${profile}" have expired.`, { profile });
  }
  if (name === 'InvalidClientTokenId' || name === 'SignatureDoesNotMatch' || name === 'InvalidAccessKeyId') {
    return new ThawError('InvalidCredentials', `The access key or secret behind profile "${profile}" is wrong.`, { profile });
  }
  if (/multi-factor|mfa/i.test(msg)) {
    return new ThawError('NotSupported', `Profile "${profile}" needs an MFA code, which Thaw cannot ask for yet.`, { profile });
  }
  if (/credential_process/i.test(msg)) return processError(profile, name, msg);
  if (/could not be found|was not found|not found in/i.test(msg)) {
    return new ThawError('InvalidCredentials', `Profile "${profile}" (or a profile it refers to) is not in the AWS config files.`, { profile });
  }
  return new ThawError('InvalidCredentials', `Could not get credentials for profile "${profile}"; check it with "aws sts get-caller-identity --profile ${profile}".`, {
    profile,
  });
}

/** credential_process failures: classified by the SDK's own fixed sentences, never by the process's output. */
function processError(profile: string, name: string, msg: string): ThawError {
  const hint = 'Run it in a terminal to see why; Thaw does not show its output because it may contain secrets.';
  let why = 'failed';
  if (name === 'ProcessTimeout') why = `did not answer within ${CREDENTIAL_PROCESS_TIMEOUT_MS / 1000} s`;
  else if (msg.includes('did not return Version 1')) why = 'did not print JSON with "Version": 1';
  else if (msg.includes('returned invalid JSON')) why = 'did not print valid JSON';
  else if (msg.includes('returned invalid credentials')) why = 'printed JSON without AccessKeyId and SecretAccessKey';
  else if (msg.includes('returned expired credentials')) {
    return new ThawError('ExpiredCredentials', `The credential_process of profile "${profile}" returned credentials that have already expired.`, { profile });
  } else if (msg.startsWith('Command failed')) why = 'exited with an error';
  return new ThawError('InvalidCredentials', `The credential_process of profile "${profile}" ${why}. ${hint}`, { profile });
}
