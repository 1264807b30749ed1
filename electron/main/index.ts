/**
 * Entry point of the Electron main process (bundled to out/main/index.cjs).
 *
 * Kept to one call so everything testable lives in lifecycle.ts.
 */
import path from 'node:path';
import { startThaw } from './lifecycle';

startThaw({ outDir: path.join(__dirname, '..') });
