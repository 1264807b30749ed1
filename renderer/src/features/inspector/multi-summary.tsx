/**
 * The inspector for a multi-selection: how many, how big, in which storage classes.
 */
import { useMemo } from 'react';
import { Button, SnowflakeIcon } from '../../kit';
import { useAppStore, useAppStoreApi } from '../../store';
import { StorageClassBadge } from '../browse/badges';
import { mayNeedRestore, restoreSelection } from '../restore/restore-actions';
import { humanSize } from '../browse/format';

/** Totals of the selected rows, from the row store (no requests). */
export interface SelectionTotals {
  count: number;
  folders: number;
  bytes: number;
  /** Per storage-class index: objects and bytes, largest first. */
  byClass: Array<{ classIndex: number; count: number; bytes: number }>;
}

/** Sums the selected rows by storage class. */
export function selectionTotals(rows: number[], get: { isFolder(i: number): boolean; size(i: number): number; storageClass(i: number): number }): SelectionTotals {
  const counts = new Map<number, { count: number; bytes: number }>();
  let folders = 0;
  let bytes = 0;
  for (const row of rows) {
    if (get.isFolder(row)) {
      folders++;
      continue;
    }
    const size = get.size(row);
    bytes += size;
    const c = get.storageClass(row);
    const entry = counts.get(c) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += size;
    counts.set(c, entry);
  }
  const byClass = [...counts].map(([classIndex, v]) => ({ classIndex, ...v })).sort((a, b) => b.bytes - a.bytes || b.count - a.count);
  return { count: rows.length, folders, bytes, byClass };
}

/** Count, total size and the per-class breakdown of the selection. */
export function MultiSummary() {
  const store = useAppStoreApi();
  const version = useAppStore((s) => s.selectionVersion);
  const totals = useMemo(() => {
    const s = store.getState();
    return selectionTotals(s.getSelection().all(), s.getRows());
    // Recomputed when the selection changes (version), not on every render.
  }, [store, version]);
  const objects = totals.count - totals.folders;
  const readOnly = useAppStore((s) => s.connections.find((c) => c.id === s.activeConnectionId)?.readOnly === true);
  const restorable = totals.folders > 0 || totals.byClass.some((c) => mayNeedRestore({ folder: false, storageClass: c.classIndex }));

  return (
    <div className="insp-section" data-testid="multi-summary">
      <h3 className="insp-title">{totals.count.toLocaleString()} items selected</h3>
      <dl className="kv">
        <div className="kv-row">
          <dt>Objects</dt>
          <dd>{objects.toLocaleString()}</dd>
        </div>
        {totals.folders > 0 && (
          <div className="kv-row">
            <dt>Folders</dt>
            <dd>{totals.folders.toLocaleString()} (contents not counted)</dd>
          </div>
        )}
        <div className="kv-row">
          <dt>Total size</dt>
          <dd title={`${totals.bytes.toLocaleString()} bytes`}>{humanSize(totals.bytes)}</dd>
        </div>
      </dl>
      {totals.byClass.length > 0 && (
        <table className="class-breakdown">
          <caption>By storage class</caption>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Objects</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {totals.byClass.map((c) => (
              <tr key={c.classIndex}>
                <td>
                  <StorageClassBadge classIndex={c.classIndex} />
                </td>
                <td>{c.count.toLocaleString()}</td>
                <td>{humanSize(c.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {restorable && (
        <div className="insp-actions">
          <Button icon={<SnowflakeIcon />} disabled={readOnly} onClick={() => restoreSelection(store.getState())} data-testid="summary-restore">
            Restore from archive…
          </Button>
        </div>
      )}
    </div>
  );
}
