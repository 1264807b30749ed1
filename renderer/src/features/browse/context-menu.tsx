/**
 * The table's right-click menu: the registered row actions that apply to the selection.
 *
 * Arrow keys move between entries, Enter runs one, Escape or a click
 * elsewhere closes it; focus returns to the table.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { cx } from '../../kit';
import { useAppStoreApi, type AppState } from '../../store';
import { actionsFor, disabledReason, type RowActionContext } from './row-actions';

/** Where the menu opens, in viewport px. */
export interface MenuAnchor {
  x: number;
  y: number;
}

/** Builds the action context from the store's current selection. */
export function rowActionContext(state: AppState): RowActionContext | null {
  const loc = state.location;
  if (!loc) return null;
  const rows = state.getRows();
  // A menu over a million selected rows lists actions, not rows: cap what we resolve.
  const picked = state.getSelection().inView(state.getView()).slice(0, 100_000);
  return {
    bucket: loc.bucket,
    prefix: loc.prefix,
    state,
    items: picked.map((row) => ({
      key: loc.prefix + rows.name(row),
      name: rows.name(row),
      folder: rows.isFolder(row),
      size: rows.size(row),
      storageClass: rows.storageClass(row),
      restore: rows.restore(row),
    })),
  };
}

/** The menu itself, portalled to <body> so no pane clips it. */
export function RowContextMenu({ anchor, onClose }: { anchor: MenuAnchor; onClose(): void }) {
  const store = useAppStoreApi();
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [pos, setPos] = useState(anchor);
  const ctx = useMemo(() => rowActionContext(store.getState()), [store]);
  const actions = useMemo(() => (ctx ? actionsFor(ctx) : []), [ctx]);
  const reasons = useMemo(() => (ctx ? actions.map((a) => disabledReason(a, ctx)) : []), [actions, ctx]);
  // One line at the bottom says why entries are greyed out (read-only connections grey out several).
  const why = [...new Set(reasons.filter((r): r is string => Boolean(r)))];

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    // Keep the menu on screen near the window's right and bottom edges.
    const box = el.getBoundingClientRect();
    setPos({ x: Math.min(anchor.x, window.innerWidth - box.width - 4), y: Math.min(anchor.y, window.innerHeight - box.height - 4) });
  }, [anchor]);

  useEffect(() => {
    const close = (e: Event) => {
      if (ref.current && e.target instanceof Node && ref.current.contains(e.target)) return;
      onClose();
    };
    window.addEventListener('mousedown', close, true);
    window.addEventListener('blur', onClose);
    return () => {
      window.removeEventListener('mousedown', close, true);
      window.removeEventListener('blur', onClose);
    };
  }, [onClose]);

  const finish = () => {
    onClose();
    document.querySelector<HTMLElement>('[data-testid="object-table"]')?.focus();
  };

  const run = (i: number) => {
    const action = actions[i];
    if (!action || !ctx || reasons[i] !== null) return;
    finish();
    action.run(ctx);
  };

  if (!ctx || actions.length === 0) return null;
  return createPortal(
    <div
      ref={ref}
      className="ctx-menu"
      role="menu"
      aria-label="Object actions"
      tabIndex={-1}
      style={{ left: pos.x, top: pos.y }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown') setActive((a) => (a + 1) % actions.length);
        else if (e.key === 'ArrowUp') setActive((a) => (a - 1 + actions.length) % actions.length);
        else if (e.key === 'Enter' || e.key === ' ') run(active);
        else if (e.key === 'Escape' || e.key === 'Tab') finish();
        else return;
        e.preventDefault();
        e.stopPropagation();
      }}
    >
      {actions.map((a, i) => (
        <div key={a.id}>
          {a.separatorBefore && i > 0 && <div className="ctx-sep" role="separator" />}
          <div
            role="menuitem"
            aria-disabled={reasons[i] !== null || undefined}
            title={reasons[i] || undefined}
            className={cx('ctx-item', i === active && 'is-active')}
            onMouseEnter={() => setActive(i)}
            onClick={() => run(i)}
          >
            {a.label}
            {a.id === 'copy-uri' && ctx.items.length > 1 && <span className="ctx-hint">{ctx.items.length.toLocaleString()}</span>}
          </div>
        </div>
      ))}
      {why.map((reason) => (
        <p key={reason} className="ctx-why">
          {reason}
        </p>
      ))}
    </div>,
    document.body,
  );
}
