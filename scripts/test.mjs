#!/usr/bin/env node
// `npm test`: every check the project has, in order, then one summary line.
//
// Typecheck and lint count as one check each; Vitest and Playwright are
// counted test by test from their JSON reports, so the closing
// `N passed, N failed` is what the real runners saw.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { code: res.status ?? 1, seconds };
}

function check(label, cmd, args) {
  const { code, seconds } = run(label, cmd, args);
  if (code === 0) totals.passed += 1;
  else totals.failed += 1;
  lines.push(`${label}: ${code === 0 ? 'ok' : 'FAILED'} (${seconds}s)`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

check('typecheck (node)', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']);
check('typecheck (web)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
check('lint', 'npx', ['eslint', '.']);

{
  const out = join(reports, 'vitest.json');
  const { code, seconds } = run('unit + integration (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  const r = readJson(out);
  if (r) {
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    // A suite that failed to load has no tests to count; count it as a failure.
    const brokenSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
    totals.failed += brokenSuites;
    lines.push(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests + brokenSuites} failed, ${r.numPendingTests} skipped (${seconds}s)`);
  } else {
    totals.failed += 1;
    lines.push(`vitest: no report, exit ${code} (${seconds}s)`);
  }
  if (r && code !== 0 && r.numFailedTests === 0) {
    totals.failed += 1;
    lines.push(`vitest exited ${code} with no failed test: counted as one failure`);
  }
}

{
  const build = run('build for e2e', 'node', ['scripts/build.mjs']);
  if (build.code !== 0) {
    totals.failed += 1;
    lines.push('build: FAILED, e2e not run');
  } else {
    const out = join(reports, 'playwright.json');
    const { code, seconds } = run('e2e (playwright)', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    const r = readJson(out);
    if (r?.stats) {
      const s = r.stats;
      totals.passed += s.expected + (s.flaky ?? 0);
      totals.failed += s.unexpected;
      totals.skipped += s.skipped;
      const errors = (r.errors ?? []).length;
      totals.failed += errors;
      lines.push(`playwright: ${s.expected + (s.flaky ?? 0)} passed, ${s.unexpected + errors} failed, ${s.skipped} skipped (${seconds}s)`);
    } else {
      totals.failed += 1;
      lines.push(`playwright: no report, exit ${code} (${seconds}s)`);
    }
  }
}

console.log('\n' + lines.join('\n'));
if (!existsSync(join(root, 'node_modules'))) console.log('note: node_modules missing');
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
