/**
 * Serves the built renderer over the privileged `app://thaw/` scheme.
 *
 * Why not file://: file:// pages get access to every file on the machine
 * (Electron checklist #18) and share one opaque origin. The handler here
 * serves only regular files under the renderer's build directory, refuses
 * traversal (`..`, `%2e%2e%2f`, backslashes, drive letters, symlinks that lead
 * out), sends the CSP as a header and labels every file with its MIME type.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { APP_SCHEME, isAppUrl } from './app-origin';
import { CONTENT_SECURITY_POLICY } from './csp';

/** The scheme registration: standard and secure so the page gets a real origin; never `bypassCSP`. */
export const APP_SCHEME_DEFINITION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
};

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** The MIME type for a served file, by extension; unknown types are opaque bytes. */
export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Registers `app:` as privileged. Must run before the app's `ready` event. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);
}

/** Installs the handler for `app:` on a session's protocol object. Call after `ready`. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rootDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rootDir));
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** True when `child` is `root` itself or lies below it (path.relative, never startsWith). */
function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Maps a request URL to a file path under `root`, or an HTTP status when it must be refused.
 *
 * Exported for tests; the handler is the only production caller.
 */
export function resolveAppPath(root: string, url: string): string | 400 | 404 {
  if (!isAppUrl(url)) return 404;
  let rel: string;
  try {
    rel = decodeURIComponent(new URL(url).pathname);
  } catch {
    return 400;
  }
  // Backslashes and drive letters are separators/roots on Windows; NUL truncates paths in native code.
  if (/[\\:\0]/.test(rel)) return 400;
  if (rel.split('/').some((segment) => segment === '..' || segment === '.')) return 400;
  if (rel === '/' || rel === '') rel = '/index.html';
  const filePath = path.resolve(root, `.${rel}`);
  if (!isInside(root, filePath) || filePath === root) return 400;
  return filePath;
}

/**
 * Creates the `protocol.handle` callback that serves files under `rootDir`.
 *
 * Refusals: 400 for traversal or undecodable paths, 404 for other hosts and
 * missing files, 403 for symlinks leading outside, 405 for methods other than
 * GET/HEAD. Every response carries the CSP header.
 */
export function createAppRequestHandler(rootDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rootDir);
  let realRoot: Promise<string> | undefined;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const resolved = resolveAppPath(root, request.url);
    if (resolved === 400) return textResponse(400, 'Bad request');
    if (resolved === 404) return textResponse(404, 'Not found');
    let body: Buffer;
    try {
      realRoot ??= fs.realpath(root);
      const real = await fs.realpath(resolved);
      if (!isInside(await realRoot, real)) return textResponse(403, 'Forbidden');
      const stat = await fs.stat(real);
      if (!stat.isFile()) return textResponse(404, 'Not found');
      body = await fs.readFile(real);
    } catch {
      return textResponse(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': mimeTypeFor(resolved),
        'Content-Length': String(body.length),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}
