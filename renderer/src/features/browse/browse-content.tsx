/**
 * The main pane while a bucket is open: filter and search bar, listing
 * status, the object table (a drop target for uploads) — or, with "Show
 * versions" on, the folder's versions instead.
 *
 * Before a bucket is chosen it shows the shell's connection overview.
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Spinner } from '../../kit';
import { useAppStore } from '../../store';
import { DropTarget } from '../transfers/drop-target';
import { VersionsList } from '../versions/versions-list';
import { ConnectionOverview } from '../workspace/connection-overview';
import { SearchIcon } from './browse-icons';
import { ObjectTable } from './object-table';
import './browse.css';

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

/** Content region: the table for the current location, or the overview when none. */
export function BrowseContent() {
  const location = useAppStore((s) => s.location);
  const showVersions = useAppStore((s) => s.showVersions);
  if (!location) return <ConnectionOverview />;
  if (showVersions) {
    return (
      <div className="browse">
        <VersionsList />
      </div>
    );
  }
  return <BrowseLocation />;
}

function BrowseLocation() {
  const filterRef = useRef<HTMLInputElement>(null);
  const focusFilter = () => {
    filterRef.current?.focus();
    filterRef.current?.select();
  };

  // Ctrl/Cmd+F focuses the filter from anywhere in the window, not only the table.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((isMac ? e.metaKey : e.ctrlKey) && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        focusFilter();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="browse">
      <FilterBar inputRef={filterRef} />
      <ListingStatus />
      <DropTarget>
        <ObjectTable onFocusFilter={focusFilter} />
      </DropTarget>
    </div>
  );
}

function FilterBar({ inputRef }: { inputRef: React.RefObject<HTMLInputElement | null> }) {
  const filter = useAppStore((s) => s.filter);
  const setFilter = useAppStore((s) => s.setFilter);
  const searchBelow = useAppStore((s) => s.searchBelow);
  const listing = useAppStore((s) => s.listing);
  const prefix = useAppStore((s) => s.location?.prefix ?? '');
  const [text, setText] = useState(filter);

  useEffect(() => setText(filter), [filter]);

  // Filtering a million rows takes tens of ms: apply after a short pause in typing.
  useEffect(() => {
    if (text === filter) return undefined;
    const t = setTimeout(() => setFilter(text), 120);
    return () => clearTimeout(t);
  }, [text, filter, setFilter]);

  return (
    <div className="filter-bar">
      <label className="filter-box">
        <SearchIcon className="filter-icon" />
        <span className="visually-hidden">Filter loaded rows</span>
        <input
          ref={inputRef}
          type="search"
          placeholder={`Filter this folder (${isMac ? '⌘' : 'Ctrl+'}F)`}
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              setFilter(text);
              document.querySelector<HTMLElement>('[data-testid="object-table"]')?.focus();
            } else if (e.key === 'Escape') {
              setText('');
              setFilter('');
            }
          }}
        />
      </label>
      <Button
        disabled={text.trim() === ''}
        onClick={() => {
          searchBelow(text);
          setText('');
        }}
        title={`List every key below ${prefix || 'the bucket root'} whose name contains the text`}
      >
        Search below this prefix
      </Button>
      {listing.recursive && (
        <Button variant="ghost" onClick={() => searchBelow('')}>
          Clear search
        </Button>
      )}
    </div>
  );
}

function ListingStatus() {
  const listing = useAppStore((s) => s.listing);
  const rowCount = useAppStore((s) => s.rowCount);
  const viewCount = useAppStore((s) => s.viewCount);
  const filter = useAppStore((s) => s.filter);
  const selectionSize = useAppStore((s) => s.selectionSize);
  const cancel = useAppStore((s) => s.cancelListing);
  const loading = listing.status === 'loading';
  const n = (v: number) => v.toLocaleString();

  return (
    <div className="listing-status" role="status" aria-live="polite" data-listing={listing.status}>
      {listing.recursive && (
        <span className="listing-search">
          Results for “{listing.search}” below this prefix
          {listing.scanned > 0 && <span className="listing-muted"> · {n(listing.scanned)} keys scanned</span>}
        </span>
      )}
      <span data-testid="row-count">
        {filter ? `${n(viewCount)} of ${n(rowCount)} items` : `${n(rowCount)} ${rowCount === 1 ? 'item' : 'items'}`}
      </span>
      {selectionSize > 0 && <span className="listing-muted">{n(selectionSize)} selected</span>}
      <span className="listing-spacer" />
      {loading && (
        <>
          <Spinner label="Listing" />
          <span>Loading…</span>
          <Button variant="ghost" onClick={cancel}>
            Cancel
          </Button>
        </>
      )}
      {listing.status === 'cancelled' && <span className="listing-muted">Stopped — the list is incomplete</span>}
      {listing.status === 'failed' && <span className="listing-error">Listing failed{listing.error ? `: ${listing.error.message}` : ''}</span>}
    </div>
  );
}
