export * from './contract';
export * from './result';
export type { ConnectionSummary, ConnectionKind } from './connections';
export type { AppInfo } from './app';
