/**
 * Vite build of the renderer.
 *
 * Used by `scripts/build.mjs` (output `out/renderer`, loaded by the Electron
 * window) and by the E2E harness. Everything is relative (`base: './'`) so the
 * same files work from file://, a custom protocol or the harness's HTTP server.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// No Node imports here: this file is type-checked with the renderer's (DOM) config.
// Vite gives the bundled config its real file URL, so the root does not depend on cwd.
const here = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:\/)/, '$1');

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}../out/renderer`,
    emptyOutDir: true,
    // Chromium supports modulepreload natively; the polyfill is the only script Vite might inline.
    modulePreload: { polyfill: false },
    // Never inline assets as data: script URLs; CSP allows data: only for images.
    assetsInlineLimit: 0,
    sourcemap: true,
    // Electron 45 ships Chromium 142; 123+ keeps light-dark() native instead of polyfilled.
    target: 'chrome130',
  },
});
