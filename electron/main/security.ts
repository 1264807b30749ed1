/**
 * The app-wide security guards: external links, navigation, new windows,
 * webviews and permissions.
 *
 * The renderer is treated as hostile (reference §0): if it were ever
 * compromised, these guards keep it inside `app://thaw`, stop it from opening
 * windows or webviews, from being granted camera/notifications/clipboard
 * permissions, and from handing the OS anything but an http(s) URL.
 * `safeOpenExternal` is the one permitted caller of `shell.openExternal`
 * (lint bans it everywhere else).
 */
import { shell, type App, type Session, type WebContents } from 'electron';
import { isAppUrl } from './app-origin';

/** Longest URL handed to the OS; longer ones are refused rather than truncated. */
const MAX_EXTERNAL_URL_LENGTH = 8192;

/**
 * Whether a URL may be opened in the user's browser: http(s) only.
 *
 * Parsed with the WHATWG URL parser. Refused: other schemes (file:, smb:,
 * javascript:, data:, ms-msdt:, custom app schemes), malformed URLs, leading
 * or trailing whitespace and control characters (which the parser would
 * silently strip), forms the parser would repair ("https:host"), embedded
 * credentials, and empty hosts.
 */
export function isSafeExternalUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(url)) return false;
  // The parser repairs "https:example" and "https:/\\x" into valid URLs; insist on the plain written form.
  if (!/^https?:\/\/[^/\\]/i.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return parsed.hostname.length > 0;
}

/**
 * Opens an http(s) URL in the user's default browser; refuses anything else.
 *
 * Resolves true when the URL was handed to the OS, false when it was refused
 * or the OS call failed (never rejects, so callers cannot leak an unhandled
 * rejection).
 */
export async function safeOpenExternal(url: unknown): Promise<boolean> {
  if (!isSafeExternalUrl(url)) return false;
  try {
    await shell.openExternal(new URL(url as string).href);
    return true;
  } catch {
    return false;
  }
}

/** The subset of WebContents the guards attach to. */
export type GuardedContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/**
 * Locks one WebContents to the app origin.
 *
 * `window.open` and target=_blank are always denied (http(s) URLs go to the
 * browser instead); main-frame and sub-frame navigations and redirects that
 * leave `app://thaw` are cancelled; `<webview>` can never attach.
 */
export function guardWebContents(contents: GuardedContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void safeOpenExternal(url);
    return { action: 'deny' };
  });
  const keepInsideApp = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', keepInsideApp);
  contents.on('will-frame-navigate', keepInsideApp);
  contents.on('will-redirect', keepInsideApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Applies `guardWebContents` to every WebContents the app ever creates, windows and frames alike. */
export function installWebContentsGuards(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

/**
 * Denies every permission request and check on a session.
 *
 * Electron grants all permissions by default (checklist #5). Thaw's renderer
 * needs none: notifications, dialogs and the clipboard go through main.
 */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
