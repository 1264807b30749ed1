/**
 * A tiny static HTTP server for the built renderer, with the renderer's own CSP.
 *
 * The CSP header is read from the `<meta http-equiv="Content-Security-Policy">`
 * of the built `index.html`, so the page runs under exactly the policy it
 * ships with, sent as a header too (which also covers anything the meta tag
 * cannot, such as a policy violation before the meta is parsed).
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

/** A running server. */
export interface StaticServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** The CSP sent with every response. */
  csp: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Pulls the CSP out of an HTML document's meta tag; throws when there is none. */
export function cspFromHtml(html: string): string {
  // The policy itself contains single quotes ('self'), so match up to the same quote that opened it.
  const match = /<meta\s+http-equiv=(["'])Content-Security-Policy\1\s+content=(["'])(.*?)\2/is.exec(html);
  const policy = match?.[3]?.replace(/\s+/g, ' ').trim();
  if (!policy || !policy.includes('script-src')) throw new Error('The built index.html has no Content-Security-Policy meta tag with a script-src.');
  return policy;
}

/** Serves `root` on 127.0.0.1 at a free port. */
export async function startStaticServer(root: string): Promise<StaticServer> {
  const base = normalize(root + sep);
  const csp = cspFromHtml(await readFile(join(base, 'index.html'), 'utf8'));

  const server: Server = createServer((req, res) => {
    const send = (status: number, text: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(400, 'Bad path');
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = normalize(join(base, pathname));
    // Refuse anything that escapes the root after normalisation (../, encoded slashes).
    if (!file.startsWith(base) || pathname.includes('\0')) return send(403, 'Forbidden');
    stat(file).then(
      (st) => {
        if (!st.isFile()) return send(404, 'Not found');
        res.writeHead(200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Length': st.size,
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        });
        if (req.method === 'HEAD') return res.end();
        createReadStream(file).pipe(res);
        return undefined;
      },
      () => send(404, 'Not found'),
    );
    return undefined;
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    csp,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
