import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';
import { APP_SCHEME_DEFINITION, createAppRequestHandler, mimeTypeFor, registerAppScheme, serveAppProtocol } from './protocol';
import { fakeElectron } from './test/fake-electron';

vi.mock('electron', async () => (await import('./test/fake-electron')).fakeElectron);

let base: string;
let root: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'thaw-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Thaw</title>');
  await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(path.join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(path.join(root, 'assets', 'font.woff2'), 'w');
  await writeFile(path.join(root, 'assets', 'blob.bin'), 'b');
  await writeFile(path.join(root, '..thing.js'), 'dots');
  await writeFile(path.join(base, 'secret.txt'), 'TOP SECRET');
  await mkdir(path.join(base, 'renderer-evil'), { recursive: true });
  await writeFile(path.join(base, 'renderer-evil', 'x.js'), 'evil');
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  serve = createAppRequestHandler(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it.each([
    ['app://thaw/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Thaw</title>'],
    ['app://thaw/', 'text/html; charset=utf-8', '<!doctype html><title>Thaw</title>'],
    ['app://thaw/assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['app://thaw/assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
    ['app://thaw/assets/logo.svg', 'image/svg+xml', '<svg/>'],
    ['app://thaw/assets/font.woff2', 'font/woff2', 'w'],
    ['app://thaw/assets/blob.bin', 'application/octet-stream', 'b'],
    ['app://thaw/assets/index-abc.js?v=1#x', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['app://thaw/..thing.js', 'text/javascript; charset=utf-8', 'dots'],
  ])('serves %s as %s with the CSP header', async (url, type, body) => {
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(body);
  });

  it.each([
    'app://thaw/../secret.txt',
    'app://thaw/../../secret.txt',
    'app://thaw/assets/../../secret.txt',
    'app://thaw/%2e%2e/secret.txt',
    'app://thaw/%2e%2e%2fsecret.txt',
    'app://thaw/assets/..%2f..%2fsecret.txt',
    'app://thaw/..%5csecret.txt',
    'app://thaw/assets%5c..%5c..%5csecret.txt',
    'app://thaw/%2fetc%2fpasswd',
    'app://thaw/{ABSOLUTE_SECRET}',
    'app://thaw/C:%5cWindows%5cwin.ini',
    'app://thaw/index.html%00.js',
    'app://thaw/%E0%A4%A',
    'app://thaw/../renderer-evil/x.js',
    'app://thaw/%2e%2e%2frenderer-evil/x.js',
    'app://thaw/assets/link.txt',
    'app://other/index.html',
    'app://thaw.evil/index.html',
    'app://thaw/assets',
    'app://thaw/missing.js',
  ])('never serves anything outside the bundle: %s', async (template) => {
    const url = template.replace('{ABSOLUTE_SECRET}', encodeURIComponent(path.join(base, 'secret.txt')));
    const res = await get(url);
    expect([400, 403, 404]).toContain(res.status);
    const text = await res.text();
    expect(text).not.toContain('TOP SECRET');
    expect(text).not.toContain('evil');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers traversal with 400 specifically', async () => {
    expect((await get('app://thaw/%2e%2e%2fsecret.txt')).status).toBe(400);
    expect((await get('app://thaw/..%5csecret.txt')).status).toBe(400);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://thaw/index.html', 'POST')).status).toBe(405);
    const head = await get('app://thaw/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('maps extensions to MIME types case-insensitively', () => {
    expect(mimeTypeFor('A/B/INDEX.HTML')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('x.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('x.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('noext')).toBe('application/octet-stream');
  });

  it('registers app: as a standard, secure scheme that does not bypass CSP, and serves it', async () => {
    registerAppScheme(fakeElectron.protocol as never);
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_DEFINITION]);
    expect(APP_SCHEME_DEFINITION.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_DEFINITION.privileges?.bypassCSP).toBeFalsy();
    serveAppProtocol(fakeElectron.protocol as never, root);
    const handler = fakeElectron.protocol.handlers.get('app')!;
    expect((await handler(new Request('app://thaw/index.html'))).status).toBe(200);
  });
});
