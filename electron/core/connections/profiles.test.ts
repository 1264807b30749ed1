import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listProfiles, sharedFilePaths } from './profiles';
import { tempDir, writeFixture } from '../testing/fixtures';

const CONFIG = `
[default]
region = eu-central-1

[profile static]
region = eu-west-2
aws_access_key_id = AKIACONFIGKEY0001
aws_secret_access_key = config-secret-should-not-matter

[profile role]
role_arn = arn:aws:iam::123456789012:role/Reader
source_profile = static

[profile role-env]
role_arn = arn:aws:iam::123456789012:role/Writer
credential_source = Environment

[profile role-orphan]
role_arn = arn:aws:iam::123456789012:role/Lost
source_profile = nowhere

[profile sso-new]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = DataOps
region = us-west-2

[profile sso-old]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly

[profile sso-broken]
sso_session = missing-session
sso_account_id = 1
sso_role_name = X

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile proc]
credential_process = /opt/bin/get-creds --token hunter2

[profile minio]
endpoint_url = http://127.0.0.1:9000
request_checksum_calculation = when_required
s3 =
  addressing_style = path

[profile via-services]
services = local-s3
aws_access_key_id = AKIASERVICES00001
aws_secret_access_key = x

[services local-s3]
s3 =
  endpoint_url = http://localhost:4566

[profile nothing]
output = json

[not-a-profile-in-config]
region = us-east-1
`;

const CREDENTIALS = `
[default]
aws_access_key_id = AKIADEFAULT000001
aws_secret_access_key = default-secret

[static]
aws_access_key_id = AKIASTATIC0000001
aws_secret_access_key = static-secret
aws_session_token = tok

[creds-only]
aws_access_key_id = AKIACREDSONLY0001
aws_secret_access_key = c
`;

describe('profiles from the shared files', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    writeFixture(join(dir, 'config'), CONFIG);
    writeFixture(join(dir, 'credentials'), CREDENTIALS);
  });
  afterEach(() => cleanup());

  const paths = () => ({ configFile: join(dir, 'config'), credentialsFile: join(dir, 'credentials') });

  it('lists every profile of both files, default first, and skips sso-session/services sections', async () => {
    const names = (await listProfiles(paths())).map((p) => p.name);
    expect(names[0]).toBe('default');
    expect(names).toEqual(
      expect.arrayContaining(['static', 'role', 'role-env', 'role-orphan', 'sso-new', 'sso-old', 'sso-broken', 'proc', 'minio', 'via-services', 'nothing', 'creds-only']),
    );
    expect(names).not.toContain('corp');
    expect(names).not.toContain('local-s3');
    // A config-file section without the "profile " prefix is not a profile (SDK and CLI agree).
    expect(names).not.toContain('not-a-profile-in-config');
  });

  it('describes each credential type the way the SDK will resolve it', async () => {
    const byName = new Map((await listProfiles(paths())).map((p) => [p.name, p]));
    expect(byName.get('default')).toMatchObject({ credentialType: 'static', region: 'eu-central-1' });
    expect(byName.get('static')).toMatchObject({ credentialType: 'static', region: 'eu-west-2', detail: 'Static keys with session token' });
    expect(byName.get('role')).toMatchObject({ credentialType: 'role', detail: 'Role arn:aws:iam::123456789012:role/Reader via profile static' });
    expect(byName.get('role')?.problem).toBeUndefined();
    expect(byName.get('role-env')).toMatchObject({ credentialType: 'role', detail: expect.stringContaining('via Environment') });
    expect(byName.get('role-orphan')).toMatchObject({ credentialType: 'role', problem: 'Its source_profile "nowhere" does not exist.' });
    expect(byName.get('sso-new')).toMatchObject({ credentialType: 'sso', region: 'us-west-2', detail: 'SSO (session corp, account 111122223333, role DataOps)' });
    expect(byName.get('sso-new')?.problem).toBeUndefined();
    expect(byName.get('sso-old')).toMatchObject({ credentialType: 'sso', detail: 'SSO (legacy, account 111122223333, role ReadOnly)' });
    expect(byName.get('sso-broken')?.problem).toContain('[sso-session missing-session]');
    expect(byName.get('proc')).toMatchObject({ credentialType: 'process' });
    expect(byName.get('nothing')).toMatchObject({ credentialType: 'none', problem: expect.stringContaining('no credentials') });
    expect(byName.get('creds-only')).toMatchObject({ credentialType: 'static' });
  });

  it('never puts the credential_process command line or any secret in a description', async () => {
    const text = JSON.stringify(await listProfiles(paths()));
    for (const secret of ['hunter2', '/opt/bin/get-creds', 'static-secret', 'default-secret', 'config-secret-should-not-matter']) {
      expect(text).not.toContain(secret);
    }
  });

  it('reads endpoint_url, services sections, addressing style and checksum settings', async () => {
    const byName = new Map((await listProfiles(paths())).map((p) => [p.name, p]));
    expect(byName.get('minio')).toMatchObject({ endpoint: 'http://127.0.0.1:9000', pathStyle: true, checksumMode: 'when-required' });
    expect(byName.get('via-services')).toMatchObject({ endpoint: 'http://localhost:4566', pathStyle: false, checksumMode: 'default' });
    expect(byName.get('static')).toMatchObject({ pathStyle: false, checksumMode: 'default' });
    expect(byName.get('static')?.endpoint).toBeUndefined();
  });

  it('sees edits to the files without a restart', async () => {
    expect((await listProfiles(paths())).some((p) => p.name === 'added-later')).toBe(false);
    writeFixture(join(dir, 'config'), `${CONFIG}\n[profile added-later]\naws_access_key_id = A\naws_secret_access_key = B\n`);
    expect((await listProfiles(paths())).some((p) => p.name === 'added-later')).toBe(true);
  });

  it('yields no profiles, not an error, when the files are missing', async () => {
    expect(await listProfiles({ configFile: join(dir, 'none'), credentialsFile: join(dir, 'none2') })).toEqual([]);
  });
});

describe('sharedFilePaths', () => {
  it('defaults to ~/.aws under HOME', () => {
    expect(sharedFilePaths({ HOME: '/home/ops' })).toEqual({ configFile: '/home/ops/.aws/config', credentialsFile: '/home/ops/.aws/credentials' });
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, expanding ~/', () => {
    expect(sharedFilePaths({ HOME: '/home/ops', AWS_CONFIG_FILE: '~/cfg/aws.ini', AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/creds' })).toEqual({
      configFile: '/home/ops/cfg/aws.ini',
      credentialsFile: '/etc/aws/creds',
    });
  });
});
