/**
 * Lists and describes the AWS profiles in the shared config and credentials files.
 *
 * Parsing is the SDK's own (`loadSharedConfigFiles` from @smithy/core/config,
 * the loader every credential provider uses), so Thaw sees exactly the
 * profiles the SDK will resolve. This module only *describes* profiles;
 * resolving credentials is left to @aws-sdk/credential-providers (credentials.ts).
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/core/config';
import type { ChecksumMode, CredentialType } from '../../../shared/ipc/connections';

/** Where the shared files are, after the environment's overrides. */
export interface SharedFilePaths {
  /** `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`. */
  credentialsFile: string;
  /** `AWS_CONFIG_FILE` or `~/.aws/config`. */
  configFile: string;
}

/** One profile as Thaw shows it. Contains no key material. */
export interface ProfileInfo {
  name: string;
  credentialType: CredentialType;
  /** The profile's own `region`, when it sets one. */
  region?: string;
  /** `endpoint_url` of the profile, or the `s3` entry of its `services` section. */
  endpoint?: string;
  checksumMode: ChecksumMode;
  /** `s3 = addressing_style = path` in the profile. */
  pathStyle: boolean;
  /** A short description such as "SSO (session my-sso, account 1234…, role Admin)". */
  detail: string;
  /** Why the SDK will refuse this profile, when that is visible from the files. */
  problem?: string;
}

type Section = Record<string, string | undefined>;

/** The user's home directory as the environment sees it (the SDK's rule: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH). */
export function homeDir(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? 'C:\\'}${env.HOMEPATH}`;
  return homedir();
}

/**
 * The shared file locations for an environment.
 *
 * Honours `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, expanding a
 * leading `~/` as the SDK does.
 */
export function sharedFilePaths(env: NodeJS.ProcessEnv): SharedFilePaths {
  const home = homeDir(env);
  const expand = (p: string) => (p.startsWith('~/') ? join(home, p.slice(2)) : isAbsolute(p) ? p : resolve(p));
  return {
    credentialsFile: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
    configFile: expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
  };
}

/**
 * Every profile in the two files, merged as the SDK merges them.
 *
 * A profile may appear in both files; values from the credentials file win,
 * as in the SDK's `parseKnownFiles`. Missing files yield no profiles, not an error.
 */
export async function listProfiles(paths: SharedFilePaths): Promise<ProfileInfo[]> {
  // ignoreCache: the user may have edited the files (e.g. after `aws configure`) since the last look.
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    filepath: paths.credentialsFile,
    configFilepath: paths.configFile,
    ignoreCache: true,
  });
  const config = configFile as Record<string, Section>;
  const creds = credentialsFile as Record<string, Section>;
  const profiles = new Map<string, Section>();
  for (const [name, section] of Object.entries(config)) {
    if (name.startsWith('sso-session.') || name.startsWith('services.')) continue;
    profiles.set(name, { ...section });
  }
  for (const [name, section] of Object.entries(creds)) {
    profiles.set(name, { ...profiles.get(name), ...section });
  }
  const described = [...profiles.entries()].map(([name, section]) => describeProfile(name, section, profiles, config));
  return described.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** Describes one profile; `all` and `config` are needed to follow `source_profile`, `sso_session` and `services`. */
function describeProfile(name: string, p: Section, all: Map<string, Section>, config: Record<string, Section>): ProfileInfo {
  const base = {
    name,
    region: p.region || undefined,
    endpoint: profileEndpoint(p, config),
    checksumMode: checksumModeOf(p),
    pathStyle: p['s3.addressing_style'] === 'path',
  };
  // Same precedence as the SDK's resolveProfileData: role, static keys, web identity, process, SSO, login.
  if (p.role_arn && (p.source_profile !== undefined || p.credential_source !== undefined) && !p.web_identity_token_file) {
    return { ...base, credentialType: 'role', ...describeRole(p, all) };
  }
  if (p.aws_access_key_id && p.aws_secret_access_key) {
    return { ...base, credentialType: 'static', detail: p.aws_session_token ? 'Static keys with session token' : 'Static access keys' };
  }
  if (p.web_identity_token_file && p.role_arn) {
    return { ...base, credentialType: 'web-identity', detail: `Web identity token for role ${p.role_arn}` };
  }
  if (p.credential_process) {
    // The command line itself is not shown: it may carry arguments the user would not want on screen.
    return { ...base, credentialType: 'process', detail: 'External credential process (credential_process)' };
  }
  if (p.sso_session || p.sso_start_url || p.sso_account_id || p.sso_role_name) {
    return { ...base, credentialType: 'sso', ...describeSso(p, config) };
  }
  if (p.login_session) {
    return { ...base, credentialType: 'login', detail: 'AWS console sign-in session (aws login)' };
  }
  if (p.role_arn) {
    return { ...base, credentialType: 'role', detail: `Role ${p.role_arn}`, problem: 'The role has neither source_profile nor credential_source.' };
  }
  return { ...base, credentialType: 'none', detail: 'No credentials', problem: 'This profile holds no credentials (keys, role, SSO or credential_process).' };
}

function describeRole(p: Section, all: Map<string, Section>): { detail: string; problem?: string } {
  const via = p.source_profile !== undefined ? `profile ${p.source_profile}` : `${p.credential_source}`;
  const detail = `Role ${p.role_arn} via ${via}${p.mfa_serial ? ' (MFA)' : ''}`;
  if (p.source_profile !== undefined && p.credential_source !== undefined) {
    return { detail, problem: 'A role profile may set source_profile or credential_source, not both.' };
  }
  if (p.source_profile !== undefined && !all.has(p.source_profile)) {
    return { detail, problem: `Its source_profile "${p.source_profile}" does not exist.` };
  }
  if (p.credential_source !== undefined && !['Environment', 'Ec2InstanceMetadata', 'EcsContainer'].includes(p.credential_source)) {
    return { detail, problem: `Unsupported credential_source "${p.credential_source}".` };
  }
  if (p.mfa_serial) return { detail, problem: 'Roles that require an MFA code are not supported yet.' };
  return { detail };
}

function describeSso(p: Section, config: Record<string, Section>): { detail: string; problem?: string } {
  const who = [p.sso_account_id && `account ${p.sso_account_id}`, p.sso_role_name && `role ${p.sso_role_name}`].filter(Boolean).join(', ');
  if (p.sso_session) {
    const session = config[`sso-session.${p.sso_session}`];
    const detail = `SSO (session ${p.sso_session}${who ? `, ${who}` : ''})`;
    if (!session) return { detail, problem: `The [sso-session ${p.sso_session}] section is missing.` };
    const missing = ['sso_start_url', 'sso_region'].filter((k) => !session[k]);
    if (missing.length) return { detail, problem: `The sso-session lacks ${missing.join(' and ')}.` };
    const missingProfile = ['sso_account_id', 'sso_role_name'].filter((k) => !p[k]);
    if (missingProfile.length) return { detail, problem: `The profile lacks ${missingProfile.join(' and ')}.` };
    return { detail };
  }
  const detail = `SSO (legacy${who ? `, ${who}` : ''})`;
  const missing = ['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'].filter((k) => !p[k]);
  return missing.length ? { detail, problem: `The profile lacks ${missing.join(', ')}.` } : { detail };
}

/** `endpoint_url` in the profile, else the s3 endpoint of the `services` section it names. */
function profileEndpoint(p: Section, config: Record<string, Section>): string | undefined {
  if (p.services) {
    const services = config[`services.${p.services}`];
    const s3 = services?.['s3.endpoint_url'];
    if (s3) return s3;
  }
  return p.endpoint_url || undefined;
}

function checksumModeOf(p: Section): ChecksumMode {
  const req = p.request_checksum_calculation?.toLowerCase();
  const res = p.response_checksum_validation?.toLowerCase();
  return req === 'when_required' || res === 'when_required' ? 'when-required' : 'default';
}
