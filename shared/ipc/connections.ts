/** Channels about connections: where Thaw talks S3 to and as whom. */
import { z } from 'zod';
import { call } from './define';

/** Where a connection's credentials come from. */
export type ConnectionKind = 'sandbox' | 'profile' | 'environment' | 'custom';

/**
 * How a connection obtains credentials, for display.
 *
 * Profiles are described from the shared files: `static` (access keys),
 * `role` (`role_arn` with `source_profile` or `credential_source`), `sso`
 * (`sso_session` or legacy `sso_start_url`), `process` (`credential_process`),
 * `web-identity` (`web_identity_token_file`), `login` (`login_session`), or
 * `none` when the profile holds no credentials at all.
 */
export type CredentialType =
  | 'sandbox'
  | 'static'
  | 'role'
  | 'sso'
  | 'process'
  | 'web-identity'
  | 'login'
  | 'environment'
  | 'custom'
  | 'none';

/** `default` lets the SDK send its flexible checksums; `when-required` only sends them where S3 requires one. */
export type ChecksumMode = 'default' | 'when-required';

/**
 * A connection as the renderer sees it: names, regions and endpoints only.
 * Never a secret, token or signature.
 */
export interface ConnectionSummary {
  id: string;
  name: string;
  kind: ConnectionKind;
  region?: string;
  endpoint?: string;
  readOnly: boolean;
  /** Human detail such as the profile's credential type ("SSO", "role", "static keys"). */
  detail?: string;
  /** Machine-readable credential type (see `CredentialType`). */
  credentialType?: CredentialType;
  /** True for the profile named by `AWS_PROFILE`. */
  active?: boolean;
  /** Path-style addressing (`endpoint/bucket/key`); always true for the sandbox. */
  pathStyle?: boolean;
  checksumMode?: ChecksumMode;
  /** Custom connections: the access key id's last four characters, e.g. `…ABCD`. */
  accessKeyHint?: string;
  /** Why this connection cannot be used as configured (e.g. a role profile whose source_profile is missing). */
  problem?: string;
}

/** What "Test connection" found out. */
export interface ConnectionTestResult {
  /** The ARN from STS GetCallerIdentity when the endpoint has STS, else `Access key …ABCD`. */
  identity: string;
  account?: string;
  region: string;
  /** How many buckets ListBuckets returned; absent when listing buckets is denied. */
  bucketsVisible?: number;
}

/** Identifies a connection by the id from `connections:list`. */
export const connectionId = z.string().min(1).max(200);

/** An AWS region name such as `eu-west-1`; S3-compatible endpoints accept others (`garage`, `minio`). */
export const regionName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9-_]*$/, 'Region names are letters, digits, "-" and "_".');

/** An http(s) endpoint URL without credentials, query or fragment. */
export const endpointUrl = z
  .string()
  .min(1)
  .max(2048)
  .refine((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !url.search && !url.hash;
  }, 'The endpoint must be an http:// or https:// URL without user, query or fragment.');

/** Input of `connections:save`: creates when `id` is absent, updates otherwise. */
export const saveConnectionInput = z.strictObject({
  /** Present to update an existing custom connection. */
  id: connectionId.optional(),
  name: z.string().trim().min(1).max(100),
  /** Omit for AWS itself. */
  endpoint: endpointUrl.optional(),
  region: regionName,
  pathStyle: z.boolean().default(false),
  accessKeyId: z
    .string()
    .min(3)
    .max(128)
    .regex(/^[\x21-\x7e]+$/, 'Access key ids are printable characters without spaces.'),
  /** Required when creating; omit on update to keep the stored one. */
  secretAccessKey: z.string().min(1).max(512).optional(),
  readOnly: z.boolean().default(false),
  checksumMode: z.enum(['default', 'when-required']).default('default'),
});

export const connectionCalls = {
  /** Every connection Thaw knows: the built-in sandbox, AWS profiles, the environment, app-defined ones. */
  'connections:list': call<ConnectionSummary[]>()(z.strictObject({})),
  /**
   * Creates or updates an app-defined connection. The secret goes to the OS
   * secret store; refused with `SecretStoreUnavailable` when that store would keep plain text.
   */
  'connections:save': call<ConnectionSummary>()(saveConnectionInput),
  /** Deletes an app-defined connection and everything kept with it (secret, hand-added buckets). */
  'connections:delete': call<{ deleted: boolean }>()(z.strictObject({ connectionId })),
  /** Marks any connection (sandbox, profile, environment, custom) read-only or writable. */
  'connections:set-read-only': call<ConnectionSummary>()(z.strictObject({ connectionId, readOnly: z.boolean() })),
  /** Resolves the connection's credentials and shows who they are. */
  'connections:test': call<ConnectionTestResult>()(z.strictObject({ connectionId })),
};
