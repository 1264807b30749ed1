import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from './csp';
import { denyAllPermissions, guardWebContents, installWebContentsGuards, isSafeExternalUrl, safeOpenExternal } from './security';
import { FakeWebContents, fakeElectron, resetFakeElectron } from './test/fake-electron';

vi.mock('electron', async () => (await import('./test/fake-electron')).fakeElectron);

beforeEach(() => resetFakeElectron());

describe('safeOpenExternal', () => {
  const allowed = [
    'https://aws.amazon.com/s3/pricing/',
    'http://example.com',
    'HTTPS://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects.html',
    'https://example.com.attacker.com/',
    'https://console.aws.amazon.com/s3/buckets/b?region=eu-west-1&tab=objects',
  ];
  const refused: unknown[] = [
    'file:///C:/Windows/System32/calc.exe',
    'file:///etc/passwd',
    'ms-msdt:/id PCWDiagnostic /skip force',
    'smb://attacker.example/share/payload.exe',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vscode://file/etc/passwd',
    'app://thaw/index.html',
    'ftp://example.com/',
    'mailto:a@example.com',
    ' https://example.com',
    'https://example.com ',
    'https://exa\nmple.com',
    '\thttps://example.com',
    'https://user:pass@example.com/',
    'https://example.com@attacker.example/',
    'https://',
    'https:example',
    'https:///example.com',
    'https:\\\\example.com',
    'https:/\\example.com',
    'http//example.com',
    'not a url',
    '',
    `https://example.com/${'a'.repeat(9000)}`,
    undefined,
    null,
    42,
    { href: 'https://example.com' },
  ];

  it.each(allowed.map((u) => [u]))('opens %s', async (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
    await expect(safeOpenExternal(url)).resolves.toBe(true);
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(fakeElectron.shell.openExternal).toHaveBeenCalledWith(new URL(url).href);
  });

  it.each(refused.map((u) => [u]))('refuses %j without calling the OS', async (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
    await expect(safeOpenExternal(url)).resolves.toBe(false);
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('resolves false instead of rejecting when the OS call fails', async () => {
    fakeElectron.shell.openExternal.mockRejectedValueOnce(new Error('no handler'));
    await expect(safeOpenExternal('https://example.com')).resolves.toBe(false);
  });
});

describe('web contents guards', () => {
  function guarded() {
    const contents = new FakeWebContents();
    guardWebContents(contents as never);
    return contents;
  }
  function fire(contents: FakeWebContents, name: string, url: string) {
    const event = { url, preventDefault: vi.fn() };
    contents.emit(name, event, url);
    return event.preventDefault;
  }

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: a foreign URL is prevented, the app origin allowed', (name) => {
    const contents = guarded();
    for (const foreign of [
      'https://attacker.example/',
      'http://localhost:5173/',
      'file:///etc/passwd',
      'file://host/share',
      'app://thaw.attacker.example/index.html',
      'app://evil/index.html',
      'javascript:alert(1)',
      'about:blank',
      'data:text/html,hi',
    ]) {
      expect(fire(contents, name, foreign), foreign).toHaveBeenCalledTimes(1);
    }
    for (const own of ['app://thaw/index.html', 'app://thaw/index.html#/buckets', 'app://thaw/']) {
      expect(fire(contents, name, own), own).not.toHaveBeenCalled();
    }
  });

  it('window.open is always denied; http(s) URLs go to the browser instead', async () => {
    const contents = guarded();
    const open = contents.windowOpenHandler!;
    expect(open({ url: 'https://aws.amazon.com/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'app://thaw/index.html' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fakeElectron.shell.openExternal.mock.calls).toEqual([['https://aws.amazon.com/']]);
  });

  it('will-attach-webview is prevented', () => {
    const contents = guarded();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('installWebContentsGuards guards every WebContents the app creates', () => {
    installWebContentsGuards(fakeElectron.app as never);
    const contents = new FakeWebContents();
    fakeElectron.app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(fire(contents, 'will-navigate', 'https://attacker.example/')).toHaveBeenCalled();
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const session = fakeElectron.session.defaultSession;
    denyAllPermissions(session as never);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'unknown']) {
      const callback = vi.fn();
      session.permissionRequestHandler!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler!({}, permission, 'app://thaw', {})).toBe(false);
    }
    expect(session.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });
});

describe('content security policy', () => {
  const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

  it('allows scripts from self only and never eval or inline script', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('is exactly the policy Thaw specifies', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });

  it('the meta copy is the same policy minus frame-ancestors (which meta tags cannot carry)', () => {
    const header = directives(CONTENT_SECURITY_POLICY);
    const meta = directives(META_CONTENT_SECURITY_POLICY);
    header.delete('frame-ancestors');
    expect(meta).toEqual(header);
  });
});
