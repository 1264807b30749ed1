import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThawError } from '../errors';
import type { CredentialType } from '../../../shared/ipc/connections';
import { credentialProvider } from './credentials';
import { sharedFilePaths, type SharedFilePaths } from './profiles';
import { tempDir, writeFixture } from '../testing/fixtures';

const STDERR_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSTDERRSECRET';
const STDOUT_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSTDOUTSECRET';

/** Captures everything written to the console while `fn` runs. */
async function captureConsole<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; output: string }> {
  const lines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => lines.push(args.map(String).join(' '))),
  );
  try {
    return { result: await fn(), output: lines.join('\n') };
  } catch (error) {
    return { error, output: lines.join('\n') };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

describe('credential providers per profile', () => {
  let dir: string;
  let cleanup: () => void;
  let paths: SharedFilePaths;
  const profile = (name: string, credentialType: CredentialType) =>
    credentialProvider({ kind: 'profile', profile: name, credentialType, paths });

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    const ok = writeFixture(
      join(dir, 'bin', 'ok.cjs'),
      `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'ASIAPROCESS000001', SecretAccessKey: 'process-secret', SessionToken: 'process-token', Expiration: '2099-01-01T00:00:00Z' }));`,
    );
    const fail = writeFixture(join(dir, 'bin', 'fail.cjs'), `process.stderr.write('token refresh failed: ${STDERR_SECRET}\\n'); process.exit(3);`);
    const garbage = writeFixture(join(dir, 'bin', 'garbage.cjs'), `process.stdout.write('not json ${STDOUT_SECRET}');`);
    const v2 = writeFixture(join(dir, 'bin', 'v2.cjs'), `process.stdout.write(JSON.stringify({ Version: 2, AccessKeyId: 'A', SecretAccessKey: '${STDOUT_SECRET}' }));`);
    const expired = writeFixture(
      join(dir, 'bin', 'expired.cjs'),
      `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'A', SecretAccessKey: '${STDOUT_SECRET}', Expiration: '2001-01-01T00:00:00Z' }));`,
    );
    const node = JSON.stringify(process.execPath);
    writeFixture(
      join(dir, 'config'),
      `
[profile static]
aws_access_key_id = AKIASTATIC0000001
aws_secret_access_key = static-secret
region = eu-west-1

[profile role]
role_arn = arn:aws:iam::123456789012:role/Reader
role_session_name = thaw-test
source_profile = static
region = eu-west-1

[profile sso-new]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = DataOps

[profile sso-old]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly

[profile sso-missing]
sso_session = nobody-logged-in
sso_account_id = 111122223333
sso_role_name = DataOps

[profile sso-valid]
sso_session = fresh
sso_account_id = 111122223333
sso_role_name = DataOps

[sso-session fresh]
sso_start_url = https://fresh.awsapps.com/start
sso_region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[sso-session nobody-logged-in]
sso_start_url = https://other.awsapps.com/start
sso_region = eu-west-1

[profile proc-ok]
credential_process = ${node} ${ok}

[profile proc-fail]
credential_process = ${node} ${fail}

[profile proc-garbage]
credential_process = ${node} ${garbage}

[profile proc-v2]
credential_process = ${node} ${v2}

[profile proc-expired]
credential_process = ${node} ${expired}
`,
    );
    paths = sharedFilePaths({ HOME: dir, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
    // The SDK finds the SSO token cache under HOME of the real process environment.
    vi.stubEnv('HOME', dir);
    const cache = join(dir, '.aws', 'sso', 'cache');
    const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
    // Expired, and without clientId/refreshToken, so the SDK cannot refresh it: only `aws sso login` can.
    writeFixture(join(cache, `${sha1('corp')}.json`), JSON.stringify({ accessToken: 'sso-access-token-secret', expiresAt: '2001-01-01T00:00:00Z', region: 'eu-west-1', startUrl: 'https://corp.awsapps.com/start' }));
    writeFixture(join(cache, `${sha1('fresh')}.json`), JSON.stringify({ accessToken: 'fresh-access-token', expiresAt: '2099-01-01T00:00:00Z', region: 'eu-west-1', startUrl: 'https://fresh.awsapps.com/start' }));
    writeFixture(join(cache, `${sha1('https://legacy.awsapps.com/start')}.json`), JSON.stringify({ accessToken: 'legacy-token-secret', expiresAt: '2001-01-01T00:00:00Z', region: 'us-east-1' }));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    cleanup();
  });

  it('resolves static keys from the selected profile, not from the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAENVIRONMENT01');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'env-secret');
    const creds = await profile('static', 'static')();
    expect(creds.accessKeyId).toBe('AKIASTATIC0000001');
    expect(creds.secretAccessKey).toBe('static-secret');
  });

  describe('role with source_profile, against a stub STS', () => {
    let sts: Server;
    let requests: Array<{ body: string; authorization: string }>;
    beforeEach(async () => {
      requests = [];
      sts = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          requests.push({ body, authorization: String(req.headers.authorization) });
          res.setHeader('content-type', 'text/xml');
          res.end(
            `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE000000001</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/Reader/thaw-test</Arn><AssumedRoleId>AROAEXAMPLE:thaw-test</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`,
          );
        });
      });
      await new Promise<void>((r) => sts.listen(0, '127.0.0.1', r));
      vi.stubEnv('AWS_ENDPOINT_URL_STS', `http://127.0.0.1:${(sts.address() as AddressInfo).port}`);
    });
    afterEach(() => new Promise<void>((r) => sts.close(() => r())));

    it('assumes the role with the source profile keys and returns the role credentials', async () => {
      const creds = await profile('role', 'role')();
      expect(creds).toMatchObject({ accessKeyId: 'ASIAROLE000000001', secretAccessKey: 'role-secret', sessionToken: 'role-token' });
      expect(requests).toHaveLength(1);
      expect(requests[0]!.body).toContain('Action=AssumeRole');
      expect(decodeURIComponent(requests[0]!.body)).toContain('RoleArn=arn:aws:iam::123456789012:role/Reader');
      // Signed with the source profile's key, in the role profile's region.
      expect(requests[0]!.authorization).toContain('Credential=AKIASTATIC0000001/');
      expect(requests[0]!.authorization).toContain('/eu-west-1/sts/');
    });

    it('memoizes: one AssumeRole for many callers', async () => {
      const provider = profile('role', 'role');
      await Promise.all([provider(), provider(), provider()]);
      await provider();
      expect(requests).toHaveLength(1);
    });
  });

  it.each([
    ['sso-new', 'sso_session profile, expired token'],
    ['sso-old', 'legacy profile, expired token'],
    ['sso-missing', 'no cached token at all'],
  ])('%s (%s) → SsoLoginRequired with the login command', async (name) => {
    const { error, output } = await captureConsole(() => profile(name, 'sso')());
    expect(error).toBeInstanceOf(ThawError);
    expect(error).toMatchObject({ code: 'SsoLoginRequired', message: `Run "aws sso login --profile ${name}" and try again.` });
    expect(output).not.toContain('token-secret');
  });

  it('a valid SSO token is exchanged for role credentials (stub SSO portal), so the refusals above are about the token', async () => {
    const seen: Array<{ url: string; token: string }> = [];
    const portal = createServer((req, res) => {
      seen.push({ url: String(req.url), token: String(req.headers['x-amz-sso_bearer_token']) });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ roleCredentials: { accessKeyId: 'ASIASSO0000000001', secretAccessKey: 'sso-role-secret', sessionToken: 'sso-session', expiration: Date.parse('2099-01-01T00:00:00Z') } }));
    });
    await new Promise<void>((r) => portal.listen(0, '127.0.0.1', r));
    vi.stubEnv('AWS_ENDPOINT_URL_SSO', `http://127.0.0.1:${(portal.address() as AddressInfo).port}`);
    try {
      const creds = await profile('sso-valid', 'sso')();
      expect(creds).toMatchObject({ accessKeyId: 'ASIASSO0000000001', secretAccessKey: 'sso-role-secret' });
      expect(seen).toHaveLength(1);
      expect(seen[0]!.url).toContain('role_name=DataOps');
      expect(seen[0]!.token).toBe('fresh-access-token');
    } finally {
      await new Promise<void>((r) => portal.close(() => r()));
    }
  });

  it('credential_process success: the JSON it prints becomes the credentials', async () => {
    const creds = await profile('proc-ok', 'process')();
    expect(creds).toMatchObject({ accessKeyId: 'ASIAPROCESS000001', secretAccessKey: 'process-secret', sessionToken: 'process-token' });
    expect(creds.expiration?.toISOString()).toBe('2099-01-01T00:00:00.000Z');
  });

  it.each([
    ['proc-fail', 'InvalidCredentials', 'exited with an error'],
    ['proc-garbage', 'InvalidCredentials', 'did not print valid JSON'],
    ['proc-v2', 'InvalidCredentials', 'did not print JSON with "Version": 1'],
    ['proc-expired', 'ExpiredCredentials', 'already expired'],
  ])('credential_process failure %s → %s, never echoing its output', async (name, code, phrase) => {
    const { error, output } = await captureConsole(() => profile(name, 'process')());
    expect(error).toBeInstanceOf(ThawError);
    const e = error as ThawError;
    expect(e.code).toBe(code);
    expect(e.message).toContain(phrase);
    expect(e.message).toContain(`profile "${name}"`);
    const everything = `${e.message} ${JSON.stringify(e.details)} ${String(e.stack)} ${output}`;
    expect(everything).not.toContain(STDERR_SECRET);
    expect(everything).not.toContain(STDOUT_SECRET);
    expect(everything).not.toContain('token refresh failed');
    expect(e.cause).toBeUndefined();
  });

  it('the environment connection resolves from AWS_* variables', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAENVIRONMENT01');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'env-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'env-token');
    const creds = await credentialProvider({ kind: 'environment' })();
    expect(creds).toMatchObject({ accessKeyId: 'AKIAENVIRONMENT01', secretAccessKey: 'env-secret', sessionToken: 'env-token' });
  });

  it('the environment connection without variables → InvalidCredentials naming the variables', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(credentialProvider({ kind: 'environment' })()).rejects.toMatchObject({ code: 'InvalidCredentials', message: expect.stringContaining('AWS_ACCESS_KEY_ID') });
  });
});
