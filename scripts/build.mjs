#!/usr/bin/env node
// Builds Thaw into out/: the main process, the preload and the renderer.
//
//   node scripts/build.mjs                      all three into out/
//   node scripts/build.mjs main preload         only those targets
//   node scripts/build.mjs --out /tmp/x main    another output root (tests use this)
//
// main     electron/main/index.ts    → out/main/index.cjs     (Node, CJS; electron and the AWS SDK stay in node_modules)
// preload  electron/preload/index.ts → out/preload/index.cjs  (one CJS file, only 'electron' external: a sandboxed
//                                                                preload can require nothing else)
// renderer renderer/vite.config.ts   → out/renderer/          (Vite; the built index.html must carry Thaw's CSP meta tag)
import { build as esbuild } from 'esbuild';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packages the main bundle leaves to node_modules. electron is the runtime
 * itself; the AWS SDK is large, split into many packages that load each other
 * lazily, and is a production dependency, so electron-builder ships it.
 */
const MAIN_EXTERNALS = ['electron', '@aws-sdk/*', '@smithy/*'];

/** The only module a sandboxed preload may require. */
const PRELOAD_EXTERNALS = ['electron'];

function parseArgs(argv) {
  const targets = [];
  let out = path.join(root, 'out');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') out = path.resolve(argv[++i] ?? '');
    else if (['main', 'preload', 'renderer'].includes(arg)) targets.push(arg);
    else throw new Error(`Unknown argument "${arg}". Use: [--out DIR] [main] [preload] [renderer]`);
  }
  return { out, targets: targets.length ? targets : ['main', 'preload', 'renderer'] };
}

function size(file) {
  return `${(statSync(file).size / 1024).toFixed(0)} KiB`;
}

/** Bare module names a CJS bundle still requires at run time. */
export function requiredModules(code) {
  return [...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))].sort();
}

async function buildMain(out) {
  const outfile = path.join(out, 'main', 'index.cjs');
  await esbuild({
    absWorkingDir: root,
    entryPoints: ['electron/main/index.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // Electron 45 runs Node 22.
    target: 'node22',
    external: MAIN_EXTERNALS,
    sourcemap: 'linked',
    // Core modules written as ESM may read import.meta.url; give them the bundle's own URL.
    banner: { js: 'const __thaw_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__thaw_import_meta_url' },
    logLevel: 'warning',
  });
  return outfile;
}

/** Bundles a TypeScript module (dependencies included) and imports it here, at build time. */
async function importTs(entry) {
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'warning',
  });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
}

/**
 * Swaps the IPC contract for its channel names inside the preload bundle.
 *
 * The bridge needs only `callNames`, `eventNames` and `methodPath`; the real
 * contract module drags in zod and builds every schema at load (about 60 ms
 * before each window's first script runs). Main validates every input, so the
 * preload gains nothing from the schemas. The names are taken from the real
 * contract at build time, so there is still one source of truth; importing
 * anything else from the contract in the preload fails the build.
 */
async function contractNamesPlugin() {
  const contract = await importTs('shared/ipc/contract.ts');
  const paths = Object.fromEntries(contract.callNames.map((c) => [c, contract.methodPath(c)]));
  const contractFile = path.join(root, 'shared', 'ipc', 'contract');
  return {
    name: 'thaw-contract-names',
    setup(build) {
      build.onResolve({ filter: /shared\/ipc\/contract(\.ts)?$/ }, (args) => {
        const resolved = path.resolve(args.resolveDir, args.path).replace(/\.ts$/, '');
        return resolved === contractFile ? { path: 'contract-names', namespace: 'thaw-contract-names' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'thaw-contract-names' }, () => ({
        loader: 'js',
        contents: [
          `export const callNames = ${JSON.stringify(contract.callNames)};`,
          `export const eventNames = ${JSON.stringify(contract.eventNames)};`,
          `const paths = ${JSON.stringify(paths)};`,
          'export function methodPath(channel) { return paths[channel]; }',
        ].join('\n'),
      }));
    },
  };
}

async function buildPreload(out) {
  const outfile = path.join(out, 'preload', 'index.cjs');
  await esbuild({
    plugins: [await contractNamesPlugin()],
    absWorkingDir: root,
    entryPoints: ['electron/preload/index.ts'],
    outfile,
    bundle: true,
    // 'browser', not 'node': a Node built-in pulled in by mistake must fail the build, not the sandboxed preload.
    platform: 'browser',
    format: 'cjs',
    target: 'chrome130',
    external: PRELOAD_EXTERNALS,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  const extra = requiredModules(readFileSync(outfile, 'utf8')).filter((m) => !PRELOAD_EXTERNALS.includes(m));
  if (extra.length) throw new Error(`The preload requires ${extra.join(', ')}; a sandboxed preload can only require 'electron'.`);
  return outfile;
}

/** The CSP meta value from electron/main/csp.ts, compiled on the fly so there is one source of truth. */
async function metaCsp() {
  return (await importTs('electron/main/csp.ts')).META_CONTENT_SECURITY_POLICY;
}

/** Makes sure the built page carries exactly Thaw's CSP as a meta tag: inserts it if absent, fails if it differs. */
export function ensureCspMeta(html, csp) {
  const metas = [...html.matchAll(/<meta\s[^>]*http-equiv\s*=\s*["']Content-Security-Policy["'][^>]*>/gi)];
  if (metas.length > 1) throw new Error('index.html has more than one Content-Security-Policy meta tag.');
  if (metas.length === 0) {
    if (!/<head[^>]*>/i.test(html)) throw new Error('index.html has no <head> to carry the CSP meta tag.');
    return html.replace(/<head[^>]*>/i, (head) => `${head}\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`);
  }
  const content = /content\s*=\s*"([^"]*)"/i.exec(metas[0][0])?.[1]?.replace(/\s+/g, ' ').trim();
  if (content !== csp) {
    throw new Error(`index.html's CSP meta tag differs from electron/main/csp.ts.\n  found:    ${content}\n  expected: ${csp}`);
  }
  return html;
}

async function buildRenderer(out) {
  const { build: viteBuild } = await import('vite');
  const configFile = path.join(root, 'renderer', 'vite.config.ts');
  const outDir = path.join(out, 'renderer');
  const defaultOut = path.join(root, 'out', 'renderer');
  if (existsSync(configFile)) {
    await viteBuild({ configFile, logLevel: 'warn', ...(outDir === defaultOut ? {} : { build: { outDir, emptyOutDir: true } }) });
  } else {
    // Fallback while the renderer has no config of its own.
    const { default: react } = await import('@vitejs/plugin-react');
    await viteBuild({
      configFile: false,
      root: path.join(root, 'renderer'),
      base: './',
      plugins: [react()],
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, modulePreload: { polyfill: false }, assetsInlineLimit: 0 },
    });
  }
  const index = path.join(outDir, 'index.html');
  const html = readFileSync(index, 'utf8');
  const checked = ensureCspMeta(html, await metaCsp());
  if (checked !== html) writeFileSync(index, checked);
  if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(checked)) throw new Error('index.html has an inline <script>, which the CSP blocks.');
  return index;
}

async function main() {
  const { out, targets } = parseArgs(process.argv.slice(2));
  const builders = { main: buildMain, preload: buildPreload, renderer: buildRenderer };
  const started = Date.now();
  // esbuild targets are quick and independent; run them together, then Vite.
  const quick = targets.filter((t) => t !== 'renderer');
  const files = await Promise.all(quick.map((t) => builders[t](out)));
  quick.forEach((t, i) => console.log(`built ${t.padEnd(8)} ${path.relative(root, files[i])} (${size(files[i])})`));
  if (targets.includes('renderer')) {
    const index = await buildRenderer(out);
    console.log(`built renderer ${path.relative(root, path.dirname(index))}/`);
  }
  console.log(`build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
