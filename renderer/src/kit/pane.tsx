/**
 * Pane furniture: section headers, empty states, key/value lists, badges, a spinner.
 */
import type { ReactNode } from 'react';
import { cx } from './button';

/** A small uppercase header over a pane or section, with optional actions on the right. */
export function PaneHeader({ title, actions, id }: { title: ReactNode; actions?: ReactNode; id?: string }) {
  return (
    <div className="pane-header">
      <h2 className="pane-title" id={id}>
        {title}
      </h2>
      {actions && <div className="pane-actions">{actions}</div>}
    </div>
  );
}

/** What a pane shows when it has nothing yet: an icon, one line, and a hint. */
export function EmptyState({ icon, title, hint, children }: { icon?: ReactNode; title: string; hint?: ReactNode; children?: ReactNode }) {
  return (
    <div className="empty-state">
      {icon && <div className="empty-icon">{icon}</div>}
      <p className="empty-title">{title}</p>
      {hint && <p className="empty-hint">{hint}</p>}
      {children}
    </div>
  );
}

/** One row of a key/value list. */
export interface KeyValue {
  key: string;
  value: ReactNode;
  /** Monospace for ids, versions, paths. */
  mono?: boolean;
}

/** A two-column definition list for metadata (inspector, About, connection details). */
export function KeyValueList({ items, className }: { items: KeyValue[]; className?: string }) {
  return (
    <dl className={cx('kv', className)}>
      {items.map((item) => (
        <div className="kv-row" key={item.key}>
          <dt>{item.key}</dt>
          <dd className={item.mono ? 'mono' : undefined}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A small rounded label (storage class, connection kind, read-only). */
export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: 'neutral' | 'accent' | 'warning' | 'danger' | 'success' }) {
  return <span className={cx('badge', `badge-${tone}`)}>{children}</span>;
}

/** An indeterminate spinner with an accessible label. */
export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span className="spinner" role="progressbar" aria-label={label} />;
}
