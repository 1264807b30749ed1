/**
 * Where the renderer lives: a privileged custom scheme, never file:// or http.
 *
 * The renderer is served from `app://thaw/…` by the protocol handler in
 * protocol.ts. Every trust decision (IPC senders, navigation) compares URLs
 * with `isAppUrl`, which parses with the WHATWG URL parser instead of string
 * prefixes, so `app://thaw.evil/` or `app://thaw@evil/` never pass.
 */

/** The custom scheme the renderer is served from. */
export const APP_SCHEME = 'app';
/** The one host the scheme answers for. */
export const APP_HOST = 'thaw';
/** Origin of the renderer as Chromium reports it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page every Thaw window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether a URL belongs to the app's own origin.
 *
 * Node's URL gives non-special schemes an opaque origin (`"null"`), so the
 * origin is compared piecewise: scheme, host, no port and no credentials.
 */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
