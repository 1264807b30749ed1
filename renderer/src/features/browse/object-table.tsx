/**
 * The object table: a virtualized, scaled-scroll grid over the columnar row store.
 *
 * Only the rows in view are rendered (plus a few either side); the scroll
 * space is capped and mapped linearly past ~8 M px, so 1,000,000 rows or
 * more scroll end to end. Selection follows file-manager rules (click,
 * Shift+click, Ctrl/Cmd+click) and the keyboard map in keyboard.ts.
 */
import { useCallback, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { cx } from '../../kit';
import { useAppStore, useAppStoreApi } from '../../store';
import { operateOnSelection } from '../actions/object-actions';
import { RestoreBadge, StorageClassBadge } from './badges';
import { FileIcon, FolderIcon } from './browse-icons';
import { RowContextMenu, type MenuAnchor } from './context-menu';
import { formatModified, humanSize } from './format';
import { keyToCommand } from './keyboard';
import type { SortColumn } from '../../model/row-store';
import { rowsPerPage } from './scroll-scale';
import { useScaledScroll } from './use-scaled-scroll';

/** Row height in px; dense, like a native file manager. */
export const ROW_HEIGHT = 24;

const COLUMNS: Array<{ id: SortColumn | 'restore'; label: string; className: string }> = [
  { id: 'name', label: 'Name', className: 'col-name' },
  { id: 'size', label: 'Size', className: 'col-size' },
  { id: 'class', label: 'Storage class', className: 'col-class' },
  { id: 'restore', label: 'Restore status', className: 'col-restore' },
  { id: 'modified', label: 'Last modified', className: 'col-modified' },
];

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

/** The table; `onFocusFilter` is called for Ctrl/Cmd+F. */
export function ObjectTable({ onFocusFilter }: { onFocusFilter(): void }) {
  const store = useAppStoreApi();
  const viewCount = useAppStore((s) => s.viewCount);
  useAppStore((s) => s.rowsVersion);
  useAppStore((s) => s.selectionVersion);
  const sort = useAppStore((s) => s.sort);
  const restoreSupported = useAppStore((s) => s.listing.restoreStatusSupported);
  const listingStatus = useAppStore((s) => s.listing.status);
  const filter = useAppStore((s) => s.filter);
  const scroll = useScaledScroll(viewCount, ROW_HEIGHT);
  const [menu, setMenu] = useState<MenuAnchor | null>(null);

  const state = store.getState();
  const rows = state.getRows();
  const view = state.getView();
  const selection = state.getSelection();
  const focusPos = selection.focusIn(view);

  const open = useCallback(
    (pos: number) => {
      const s = store.getState();
      const row = s.getView()[pos];
      const loc = s.location;
      if (row === undefined || !loc) return;
      const r = s.getRows();
      if (r.isFolder(row)) s.navigate({ bucket: loc.bucket, prefix: loc.prefix + r.name(row) });
      else {
        s.clickRow(pos, { range: false, toggle: false });
        if (!s.inspectorOpen) s.toggleInspector();
      }
    },
    [store],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cmd = keyToCommand(e, { focusPos, count: viewCount, pageSize: rowsPerPage(scroll.geometry), isMac });
    if (!cmd) return;
    e.preventDefault();
    const s = store.getState();
    switch (cmd.type) {
      case 'move':
        s.moveFocus(cmd.to, cmd.extend);
        scroll.reveal(cmd.to);
        break;
      case 'open':
        open(focusPos);
        break;
      case 'up':
        s.goUp();
        break;
      case 'copy':
        void s.copySelectionUris();
        break;
      case 'select-all':
        s.selectAll();
        break;
      case 'focus-filter':
        onFocusFilter();
        break;
      case 'clear-selection':
        s.clearSelection();
        break;
      case 'delete':
        // Never the folder on screen: Delete acts on a selection only, and always asks first.
        if (s.selectionSize > 0) operateOnSelection(s, 'delete');
        break;
      case 'context-menu': {
        const el = scroll.ref.current?.querySelector(`[data-pos="${focusPos}"]`);
        const box = el?.getBoundingClientRect();
        if (box) setMenu({ x: box.left + 24, y: box.bottom });
        break;
      }
    }
  };

  const onRowMouseDown = (e: MouseEvent, pos: number) => {
    if (e.button === 2) {
      // Right-click on an unselected row selects it alone, as file managers do.
      const row = view[pos];
      if (row !== undefined && !selection.has(row)) store.getState().clickRow(pos, { range: false, toggle: false });
      return;
    }
    if (e.button !== 0) return;
    store.getState().clickRow(pos, { range: e.shiftKey, toggle: isMac ? e.metaKey : e.ctrlKey });
  };

  const onHeaderClick = (column: SortColumn) => {
    const s = store.getState();
    s.setSort({ column, descending: sort.column === column ? !sort.descending : false });
  };

  const { start, end, firstTop } = scroll.window;
  // Rows are keyed by their place in the window, not by row: scrolling then
  // patches a fixed pool of DOM rows in place (no node moves or re-creation),
  // and one transform on their container positions them all.
  const rendered = [];
  for (let pos = start; pos < end; pos++) {
    const row = view[pos];
    if (row === undefined) break;
    const folder = rows.isFolder(row);
    const name = rows.name(row);
    const cls = rows.storageClass(row);
    rendered.push(
      <div
        key={pos - start}
        id={`row-${pos}`}
        role="row"
        data-pos={pos}
        aria-rowindex={pos + 2}
        aria-selected={selection.has(row)}
        className={cx('t-row', pos % 2 === 1 && 'is-odd', selection.has(row) && 'is-selected', pos === focusPos && 'is-focus', folder && 'is-folder')}
        onMouseDown={(e) => onRowMouseDown(e, pos)}
        onDoubleClick={() => open(pos)}
        onContextMenu={(e) => {
          e.preventDefault();
          setMenu({ x: e.clientX, y: e.clientY });
        }}
      >
        <div role="gridcell" className="t-cell col-name" title={name}>
          {folder ? <FolderIcon className="t-icon t-icon-folder" /> : <FileIcon className="t-icon" />}
          <span className="t-name">{name}</span>
        </div>
        <div role="gridcell" className="t-cell col-size">
          {folder ? '' : humanSize(rows.size(row))}
        </div>
        <div role="gridcell" className="t-cell col-class">
          <StorageClassBadge classIndex={cls} />
        </div>
        <div role="gridcell" className="t-cell col-restore">
          <RestoreBadge classIndex={cls} code={rows.restore(row)} expiry={rows.restoreExpiry(row)} supported={restoreSupported} />
        </div>
        <div role="gridcell" className="t-cell col-modified">
          {formatModified(rows.modifiedAt(row))}
        </div>
      </div>,
    );
  }

  return (
    <div className="t-wrap">
      <div className="t-header" role="row" aria-rowindex={1}>
        {COLUMNS.map((c) => {
          const sortable = c.id !== 'restore';
          const active = sortable && sort.column === c.id;
          return (
            <div
              key={c.id}
              role="columnheader"
              className={cx('t-cell', 't-head', c.className, sortable && 'is-sortable', active && 'is-sorted')}
              aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
              onClick={sortable ? () => onHeaderClick(c.id as SortColumn) : undefined}
            >
              {c.label}
              {active && <span className="t-sort-arrow">{sort.descending ? '▼' : '▲'}</span>}
            </div>
          );
        })}
      </div>
      <div
        ref={scroll.ref}
        className="t-scroller"
        role="grid"
        aria-label="Objects"
        aria-rowcount={viewCount + 1}
        aria-multiselectable="true"
        aria-activedescendant={focusPos >= start && focusPos < end ? `row-${focusPos}` : undefined}
        tabIndex={0}
        onScroll={scroll.onScroll}
        onKeyDown={onKeyDown}
        data-testid="object-table"
      >
        {viewCount === 0 && listingStatus !== 'loading' && (
          <p className="t-empty">
            {listingStatus === 'failed' ? 'Nothing to show: the listing failed.' : filter ? `No loaded name contains “${filter}”.` : 'This folder is empty.'}
          </p>
        )}
        <div className="t-space" style={{ height: Math.max(scroll.innerHeight, 1) }}>
          <div className="t-viewport" style={{ height: scroll.viewportHeight }}>
            <div className="t-rows" style={{ transform: `translateY(${firstTop}px)` }}>
              {rendered}
            </div>
          </div>
        </div>
      </div>
      {menu && <RowContextMenu anchor={menu} onClose={() => setMenu(null)} />}
    </div>
  );
}
