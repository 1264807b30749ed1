/**
 * The lazy prefix tree of one bucket (a WAI-ARIA tree with a roving focus).
 *
 * Expanding a node loads its first page of child folders; "Load more…"
 * fetches the next page. Keyboard: Up/Down move, Right expands or enters,
 * Left collapses or goes to the parent, Enter opens the folder in the table.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { Spinner, cx } from '../../kit';
import { useAppStore } from '../../store';
import { treeKey, type TreeNode } from '../../store/browser-tree';
import { DisclosureIcon, FolderIcon } from './browse-icons';

/** One visible line of the tree: a folder, or a "Load more…" entry under a folder. */
type Line = { kind: 'folder'; prefix: string; depth: number } | { kind: 'more'; parent: string; depth: number };

/** Label of a prefix: its last segment. */
function lastSegment(prefix: string): string {
  const trimmed = prefix.slice(0, -1);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Flattens the expanded part of the tree into visible lines, depth-first. */
export function visibleLines(bucket: string, tree: Record<string, TreeNode>, expanded: Record<string, boolean>): Line[] {
  const out: Line[] = [];
  const walk = (prefix: string, depth: number) => {
    const node = tree[treeKey(bucket, prefix)];
    if (!node) return;
    for (const child of node.folders) {
      out.push({ kind: 'folder', prefix: child, depth });
      if (expanded[treeKey(bucket, child)]) walk(child, depth + 1);
    }
    if (node.nextCursor) out.push({ kind: 'more', parent: prefix, depth });
  };
  walk('', 0);
  return out;
}

/** The tree under `bucket`'s entry in the sidebar. */
export function PrefixTree({ bucket }: { bucket: string }) {
  const tree = useAppStore((s) => s.tree);
  const expanded = useAppStore((s) => s.expanded);
  const current = useAppStore((s) => s.location?.prefix ?? '');
  const navigate = useAppStore((s) => s.navigate);
  const toggleNode = useAppStore((s) => s.toggleNode);
  const expandNode = useAppStore((s) => s.expandNode);
  const collapseNode = useAppStore((s) => s.collapseNode);
  const loadMore = useAppStore((s) => s.loadMoreChildren);
  const [focus, setFocus] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const root = tree[treeKey(bucket, '')];
  const lines = visibleLines(bucket, tree, expanded);
  const id = (l: Line) => (l.kind === 'folder' ? `f:${l.prefix}` : `m:${l.parent}`);
  const focusId = focus && lines.some((l) => id(l) === focus) ? focus : lines.find((l) => l.kind === 'folder' && l.prefix === current) ? `f:${current}` : lines[0] ? id(lines[0]) : null;

  const moveFocus = (next: Line | undefined) => {
    if (!next) return;
    setFocus(id(next));
    // Keep the DOM focus on the item so screen readers and :focus-visible follow.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-line="${CSS.escape(id(next))}"]`)?.focus());
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const i = lines.findIndex((l) => id(l) === focusId);
    const line = lines[i];
    if (!line) return;
    const key = line.kind === 'folder' ? treeKey(bucket, line.prefix) : '';
    switch (e.key) {
      case 'ArrowDown':
        moveFocus(lines[i + 1]);
        break;
      case 'ArrowUp':
        moveFocus(lines[i - 1]);
        break;
      case 'ArrowRight':
        if (line.kind !== 'folder') return;
        if (!expanded[key]) void expandNode(bucket, line.prefix);
        else moveFocus(lines[i + 1]?.depth === line.depth + 1 ? lines[i + 1] : undefined);
        break;
      case 'ArrowLeft': {
        if (line.kind === 'folder' && expanded[key]) {
          collapseNode(bucket, line.prefix);
          break;
        }
        // To the parent folder's line.
        let j = i - 1;
        while (j >= 0 && lines[j]?.depth !== line.depth - 1) j--;
        moveFocus(lines[j]);
        break;
      }
      case 'Enter':
        if (line.kind === 'folder') navigate({ bucket, prefix: line.prefix });
        else void loadMore(bucket, line.parent);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  if (!root || root.status === 'loading') {
    return (
      <p className="tree-note">
        <Spinner label="Loading folders" />
      </p>
    );
  }
  if (root.status === 'failed') return <p className="tree-note sidebar-error">{root.error?.message ?? 'Could not load folders.'}</p>;
  if (lines.length === 0) return <p className="tree-note">No folders</p>;

  return (
    <ul className="prefix-tree" role="tree" aria-label={`Folders in ${bucket}`} ref={listRef} onKeyDown={onKeyDown}>
      {lines.map((l) => {
        const lid = id(l);
        const pad = { paddingLeft: 18 + l.depth * 14 };
        if (l.kind === 'more') {
          const parent = tree[treeKey(bucket, l.parent)];
          return (
            <li key={lid} role="treeitem" data-line={lid} tabIndex={lid === focusId ? 0 : -1} className="tree-item tree-more" style={pad} onClick={() => void loadMore(bucket, l.parent)}>
              {parent?.loadingMore ? <Spinner label="Loading more folders" /> : 'Load more…'}
            </li>
          );
        }
        const key = treeKey(bucket, l.prefix);
        const open = Boolean(expanded[key]);
        const node = tree[key];
        const leaf = node?.status === 'loaded' && node.folders.length === 0 && !node.nextCursor;
        return (
          <li
            key={lid}
            role="treeitem"
            aria-expanded={leaf ? undefined : open}
            aria-selected={l.prefix === current}
            aria-level={l.depth + 1}
            data-line={lid}
            data-prefix={l.prefix}
            tabIndex={lid === focusId ? 0 : -1}
            className={cx('tree-item', l.prefix === current && 'is-selected')}
            style={pad}
            onFocus={() => setFocus(lid)}
            onClick={() => navigate({ bucket, prefix: l.prefix })}
          >
            <span
              className={cx('tree-toggle', open && 'is-open', leaf && 'is-leaf')}
              aria-hidden="true"
              onClick={(e) => {
                e.stopPropagation();
                toggleNode(bucket, l.prefix);
              }}
            >
              {node?.status === 'loading' && open ? <Spinner label="Loading" /> : <DisclosureIcon size={12} />}
            </span>
            <FolderIcon className="tree-icon" />
            <span className="tree-label">{lastSegment(l.prefix)}</span>
          </li>
        );
      })}
    </ul>
  );
}
