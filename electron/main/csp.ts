/**
 * The renderer's Content-Security-Policy.
 *
 * Sent as a response header by the app:// protocol handler and written as a
 * `<meta>` tag into the built index.html by scripts/build.mjs, so it holds
 * even where the header is not seen (e.g. the page opened from disk). No
 * 'unsafe-eval' and no inline script: a rendered object key or metadata value
 * that smuggles markup can never run code. Inline styles are allowed because
 * React and the virtualizer set `style` attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The same policy for a `<meta http-equiv>` tag.
 *
 * CSP Level 3 ignores `frame-ancestors` in a meta element (Chromium logs a
 * console error for it), so the meta copy leaves it out; the header keeps it.
 */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');
