/**
 * The sidebar's lazy prefix tree: child folders loaded page by page on expand.
 *
 * Part of the browser slice. A prefix with thousands of child folders loads
 * its first page only and offers "Load more…" while `browse:children` returns
 * a `nextCursor` (issue 5, item 3).
 */
import type { IpcError } from '../../../shared/ipc/result';
import { asIpcError, callThaw } from '../ipc/api';
import type { SliceCreator } from './types';

/** Child folders of one prefix, as far as loaded. */
export interface TreeNode {
  status: 'loading' | 'loaded' | 'failed';
  /** Full prefixes of the child folders loaded so far, in key order. */
  folders: string[];
  nextCursor?: string;
  /** True while a "Load more…" page is in flight. */
  loadingMore: boolean;
  error?: IpcError;
}

/** Tree state inside the browser slice. */
export interface TreeState {
  /** Nodes keyed by `treeKey(bucket, prefix)`. */
  tree: Record<string, TreeNode>;
  /** Expanded nodes, same keys. */
  expanded: Record<string, boolean>;
}

/** Tree actions inside the browser slice. */
export interface TreeActions {
  /** Expands or collapses a node; expanding loads its first page once. */
  toggleNode(bucket: string, prefix: string): void;
  expandNode(bucket: string, prefix: string): Promise<void>;
  collapseNode(bucket: string, prefix: string): void;
  /** Loads the next page of a node's child folders. */
  loadMoreChildren(bucket: string, prefix: string): Promise<void>;
  /** Expands the bucket and every ancestor of `prefix`, so the current folder shows in the tree. */
  revealInTree(bucket: string, prefix: string): void;
}

/** The key of a node: bucket names never contain '/', so this is unambiguous. */
export function treeKey(bucket: string, prefix: string): string {
  return `${bucket}/${prefix}`;
}

/** `a/b/c/` → ['', 'a/', 'a/b/', 'a/b/c/']: the bucket root and each ancestor, down to the prefix. */
export function prefixChain(prefix: string): string[] {
  const out = [''];
  let at = 0;
  while (at < prefix.length) {
    const slash = prefix.indexOf('/', at);
    if (slash < 0) break;
    out.push(prefix.slice(0, slash + 1));
    at = slash + 1;
  }
  return out;
}

/** Creates the tree part of the browser slice (state and actions). */
export const createTreeActions: SliceCreator<TreeState & TreeActions> = (set, get, deps) => {
  const patch = (key: string, node: Partial<TreeNode>) => {
    const prev = get().tree[key] ?? { status: 'loading', folders: [], loadingMore: false };
    set({ tree: { ...get().tree, [key]: { ...prev, ...node } } });
  };

  const loadPage = async (bucket: string, prefix: string, cursor?: string) => {
    const conn = get().activeConnectionId;
    if (!conn) return;
    const key = treeKey(bucket, prefix);
    const input = { connectionId: conn, bucket, prefix, ...(cursor ? { cursor } : {}) };
    try {
      const page = await callThaw(deps.api, (a) => a.browse.children(input));
      const prev = get().tree[key];
      const folders = cursor && prev ? [...prev.folders, ...page.folders] : page.folders;
      const next: Partial<TreeNode> = { status: 'loaded', folders, loadingMore: false };
      set({
        tree: {
          ...get().tree,
          [key]: { ...(prev ?? { status: 'loaded', folders: [], loadingMore: false }), ...next, ...(page.nextCursor ? { nextCursor: page.nextCursor } : { nextCursor: undefined }) },
        },
      });
    } catch (err) {
      const error = asIpcError(err);
      patch(key, cursor ? { loadingMore: false, error } : { status: 'failed', error, loadingMore: false });
    }
  };

  return {
    tree: {},
    expanded: {},

    toggleNode(bucket, prefix) {
      const key = treeKey(bucket, prefix);
      if (get().expanded[key]) get().collapseNode(bucket, prefix);
      else void get().expandNode(bucket, prefix);
    },

    async expandNode(bucket, prefix) {
      const key = treeKey(bucket, prefix);
      set({ expanded: { ...get().expanded, [key]: true } });
      const node = get().tree[key];
      if (node && node.status !== 'failed') return;
      patch(key, { status: 'loading', folders: [], loadingMore: false });
      await loadPage(bucket, prefix);
    },

    collapseNode(bucket, prefix) {
      const rest = { ...get().expanded };
      delete rest[treeKey(bucket, prefix)];
      set({ expanded: rest });
    },

    async loadMoreChildren(bucket, prefix) {
      const key = treeKey(bucket, prefix);
      const node = get().tree[key];
      if (!node?.nextCursor || node.loadingMore) return;
      patch(key, { loadingMore: true });
      await loadPage(bucket, prefix, node.nextCursor);
    },

    revealInTree(bucket, prefix) {
      for (const p of prefixChain(prefix)) {
        // The folder itself is not expanded, only its ancestors, as in Finder's sidebar.
        if (p === prefix && p !== '') continue;
        if (!get().expanded[treeKey(bucket, p)]) void get().expandNode(bucket, p);
      }
    },
  };
};
