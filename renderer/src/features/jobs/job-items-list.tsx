/**
 * A job's per-item list (keys of a restore or an operation, files of a
 * transfer), filtered by state, virtualized with @tanstack/react-virtual
 * and paged from `jobs:items`: only the rows on screen are rendered and
 * only their pages fetched, so a job of 100,000 files scrolls as one list.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import type { JobItem, JobSummary } from '../../../../shared/ipc/jobs';
import { describeError } from '../../notify/error-text';
import { ITEMS_PAGE, useAppStore } from '../../store';

const n = (v: number) => v.toLocaleString('en-US');

/** Row height in px (fixed, so the virtualizer never measures). */
export const ITEM_ROW_H = 22;

/** One entry of the state filter. */
export interface ItemFilter {
  value: string;
  label: string;
  count: number;
}

/** Props of `JobItemsList`. */
export interface JobItemsListProps {
  job: JobSummary;
  filters: ItemFilter[];
  /** `['key', 'keys']` or `['file', 'files']`. */
  noun: [string, string];
  /** Grid columns of a row (CSS `grid-template-columns`). */
  columns: string;
  /** The cells of one loaded item. */
  cells(item: JobItem): ReactNode;
}

/** The filter, the count, and the virtualized rows. */
export function JobItemsList({ job, filters, noun, columns, cells }: JobItemsListProps) {
  const view = useAppStore((s) => s.jobItems[job.jobId]);
  const stamp = useAppStore((s) => s.jobStamps[job.jobId] ?? 0);
  const setFilter = useAppStore((s) => s.setJobItemsFilter);
  const loadItems = useAppStore((s) => s.loadJobItems);
  const scroller = useRef<HTMLDivElement>(null);
  const filter = view?.state;
  const total = view?.total ?? null;

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ITEM_ROW_H,
    overscan: 10,
  });
  const rows = virtualizer.getVirtualItems();
  const from = rows[0]?.index ?? 0;
  const to = rows.length > 0 ? (rows[rows.length - 1]?.index ?? 0) + 1 : ITEMS_PAGE;

  useEffect(() => {
    loadItems(job.jobId, from, to);
  }, [job.jobId, from, to, filter, stamp, loadItems]);

  return (
    <div className="key-list">
      <div className="key-list-head">
        <label>
          <span>Show</span>
          <select
            value={filter ?? ''}
            onChange={(e) => {
              setFilter(job.jobId, e.target.value || undefined);
              virtualizer.scrollToOffset(0);
            }}
            data-testid="job-items-filter"
          >
            <option value="">Every {noun[0]}</option>
            {filters.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label} ({n(f.count)})
              </option>
            ))}
          </select>
        </label>
        <span className="restore-muted">{total === null ? 'Loading…' : `${n(total)} ${total === 1 ? noun[0] : noun[1]}`}</span>
        {view?.error && <span className="key-error">{describeError(view.error).title}</span>}
      </div>
      <div className="key-scroller" ref={scroller} role="table" aria-label={`${noun[1][0]?.toUpperCase()}${noun[1].slice(1)} of this job`} data-testid="job-items">
        <div className="key-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const item = view?.pages[Math.floor(row.index / ITEMS_PAGE)]?.[row.index % ITEMS_PAGE];
            return (
              <div key={row.key} className="key-row" style={{ transform: `translateY(${row.start}px)`, gridTemplateColumns: columns }} role="row" data-index={row.index}>
                {item ? cells(item) : <span className="key-loading">…</span>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
