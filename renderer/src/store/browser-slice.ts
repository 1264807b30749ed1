/**
 * Browser: buckets, location and history, the prefix tree, the streaming listing, view and selection.
 *
 * Rows never enter zustand state: they live in a columnar `RowStore` (and the
 * selection in a byte map) owned by this slice and read through getters;
 * state holds only counters and versions, published at most a few times a
 * second while a listing streams, so a million-row listing does not
 * re-render per batch.
 */
import type { BucketSummary } from '../../../shared/ipc/buckets';
import type { ListingEvent } from '../../../shared/ipc/listing';
import type { IpcError } from '../../../shared/ipc/result';
import { RowStore, type SortSpec } from '../model/row-store';
import { Selection, type ClickMods } from '../model/selection';
import { NATURAL_SORT, ViewBuilder } from '../model/view';
import { asIpcError, callThaw } from '../ipc/api';
import { createTreeActions, type TreeActions, type TreeState } from './browser-tree';
import type { SliceCreator } from './types';

/** Where the table is: a bucket and a prefix ('' for its root, else ending in '/'). */
export interface Location {
  bucket: string;
  prefix: string;
}

/** The active connection's bucket list. */
export type BucketsState =
  | { status: 'idle' }
  | { status: 'loading'; connectionId: string }
  | { status: 'loaded'; connectionId: string; buckets: BucketSummary[]; listDenied: boolean }
  | { status: 'failed'; connectionId: string; error: IpcError };

/** The listing job behind the table. */
export interface ListingState {
  jobId: string | null;
  status: 'idle' | 'loading' | 'done' | 'failed' | 'cancelled';
  /** True for "Search below this prefix" (recursive, filtered by `search`). */
  recursive: boolean;
  search: string;
  error: IpcError | null;
  /** Keys read from S3 so far (a recursive search reads more than it shows). */
  scanned: number;
  /** False when the endpoint rejected RestoreStatus: restore badges are unknown, not "none". */
  restoreStatusSupported: boolean;
}

/** State and actions of the browser slice. */
export interface BrowserSlice extends TreeState, TreeActions {
  buckets: BucketsState;
  location: Location | null;
  backStack: Location[];
  forwardStack: Location[];
  listing: ListingState;
  /** Rows held (published in batches). */
  rowCount: number;
  /** Rows in the current view (after filter). */
  viewCount: number;
  /** Bumped whenever rows or the view change; components re-read the getters. */
  rowsVersion: number;
  filter: string;
  sort: SortSpec;
  selectionVersion: number;
  selectionSize: number;

  /** The columnar rows of the current listing (mutable; read after `rowsVersion` changes). */
  getRows(): RowStore;
  /** The current view: row indices in display order. */
  getView(): Uint32Array;
  getSelection(): Selection;

  /** Loads the connection's buckets (ListBuckets plus hand-added ones). */
  loadBuckets(connectionId: string): Promise<void>;
  /** Adds a bucket by name (for identities that may not list buckets). */
  addBucket(name: string): Promise<boolean>;
  /** Goes to a bucket/prefix, recording history unless `fromHistory`. */
  navigate(to: Location, fromHistory?: boolean): void;
  goBack(): void;
  goForward(): void;
  /** Goes to the parent prefix (or stays at the bucket root). */
  goUp(): void;
  /** Lists every key below the current prefix whose name contains `text`; '' returns to the plain listing. */
  searchBelow(text: string): void;
  cancelListing(): void;
  /** Lists the folder on screen again (after a change to it), keeping history, filter and sort. */
  reloadListing(): void;
  /** Routes one `listing:event`. */
  applyListingEvent(event: ListingEvent): void;
  setFilter(text: string): void;
  setSort(sort: SortSpec): void;
  clickRow(pos: number, mods: ClickMods): void;
  moveFocus(pos: number, extend: boolean): void;
  selectAll(): void;
  clearSelection(): void;
}

/** How often a streaming listing publishes its count and view, at most. */
export const PUBLISH_INTERVAL_MS = 250;
const IDLE_LISTING: ListingState = { jobId: null, status: 'idle', recursive: false, search: '', error: null, scanned: 0, restoreStatusSupported: true };

/** The parent of a prefix: `a/b/` → `a/`, `a/` → ''. */
export function parentPrefix(prefix: string): string {
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const cut = trimmed.lastIndexOf('/');
  return cut < 0 ? '' : trimmed.slice(0, cut + 1);
}

/** Creates the browser slice. */
export const createBrowserSlice: SliceCreator<BrowserSlice> = (set, get, deps) => {
  const rows = new RowStore();
  const view = new ViewBuilder(rows);
  const selection = new Selection();
  let cancelPublish: (() => void) | null = null;
  let lastPublish = 0;
  /** Events that arrived while `listing:start` was still answering; replayed for the job it names. */
  let early: ListingEvent[] = [];
  let starting = 0;
  let startSeq = 0;

  const connectionId = () => get().activeConnectionId;

  const publish = () => {
    cancelPublish?.();
    cancelPublish = null;
    lastPublish = performance.now();
    const v = view.refresh();
    set({ rowCount: rows.count, viewCount: v.length, rowsVersion: get().rowsVersion + 1 });
  };

  /** Coalesces publishes: trailing, at most every PUBLISH_INTERVAL_MS (longer when a full sort is costly). */
  const schedulePublish = () => {
    if (cancelPublish) return;
    const spacing = Math.max(PUBLISH_INTERVAL_MS, view.lastCostMs * 4);
    const wait = Math.max(0, lastPublish + spacing - performance.now());
    cancelPublish = deps.schedule(publish, wait);
  };

  const bumpSelection = (inspectNow = false) => {
    set({ selectionVersion: get().selectionVersion + 1, selectionSize: selection.size });
    get().syncInspector(inspectNow);
  };

  const stopJob = () => {
    const { jobId, status } = get().listing;
    if (jobId && status === 'loading') {
      const api = deps.api;
      void callThaw(api, (a) => a.listing.cancel({ jobId })).catch(() => undefined);
    }
  };

  const startListing = (loc: Location, recursive: boolean, search: string) => {
    stopJob();
    cancelPublish?.();
    cancelPublish = null;
    // The first batch of a new listing shows at once; only later ones wait for the throttle.
    lastPublish = 0;
    rows.clear();
    view.reset();
    selection.reset();
    const conn = connectionId();
    const seq = ++startSeq;
    set({
      listing: { ...IDLE_LISTING, status: 'loading', recursive, search },
      rowCount: 0,
      viewCount: 0,
      rowsVersion: get().rowsVersion + 1,
      selectionVersion: get().selectionVersion + 1,
      selectionSize: 0,
    });
    get().syncInspector();
    if (!conn) return;
    starting++;
    const input = { connectionId: conn, bucket: loc.bucket, prefix: loc.prefix, recursive, ...(search ? { filter: search } : {}) };
    void callThaw(deps.api, (a) => a.listing.start(input))
      .then(({ jobId }) => {
        starting--;
        const buffered = early.filter((e) => e.jobId === jobId);
        if (starting === 0) early = [];
        if (seq !== startSeq) {
          // A newer navigation superseded this one before it started: stop it.
          void callThaw(deps.api, (a) => a.listing.cancel({ jobId })).catch(() => undefined);
          return;
        }
        set({ listing: { ...get().listing, jobId } });
        for (const e of buffered) get().applyListingEvent(e);
      })
      .catch((err: unknown) => {
        starting--;
        if (seq !== startSeq) return;
        const error = asIpcError(err);
        set({ listing: { ...get().listing, status: 'failed', error } });
        get().notifyError(error);
      });
  };

  return {
    ...createTreeActions(set, get, deps),
    buckets: { status: 'idle' },
    location: null,
    backStack: [],
    forwardStack: [],
    listing: IDLE_LISTING,
    rowCount: 0,
    viewCount: 0,
    rowsVersion: 0,
    filter: '',
    sort: NATURAL_SORT,
    selectionVersion: 0,
    selectionSize: 0,

    getRows: () => rows,
    getView: () => view.view,
    getSelection: () => selection,

    async loadBuckets(id) {
      const current = get().buckets;
      if (current.status !== 'idle' && current.connectionId !== id) {
        // A different connection: forget where we were.
        stopJob();
        rows.clear();
        view.reset();
        selection.reset();
        set({ location: null, backStack: [], forwardStack: [], listing: IDLE_LISTING, rowCount: 0, viewCount: 0, tree: {}, expanded: {} });
      }
      set({ buckets: { status: 'loading', connectionId: id } });
      try {
        const list = await callThaw(deps.api, (a) => a.buckets.list({ connectionId: id }));
        if (get().activeConnectionId !== id) return;
        set({ buckets: { status: 'loaded', connectionId: id, buckets: list.buckets, listDenied: list.listDenied } });
      } catch (err) {
        const error = asIpcError(err);
        set({ buckets: { status: 'failed', connectionId: id, error } });
      }
    },

    async addBucket(name) {
      const conn = connectionId();
      if (!conn) return false;
      try {
        const added = await callThaw(deps.api, (a) => a.buckets.add({ connectionId: conn, bucket: name }));
        const b = get().buckets;
        const others = b.status === 'loaded' ? b.buckets.filter((x) => x.name !== added.name) : [];
        set({
          buckets: { status: 'loaded', connectionId: conn, buckets: [...others, added], listDenied: b.status === 'loaded' ? b.listDenied : true },
        });
        get().navigate({ bucket: added.name, prefix: '' });
        return true;
      } catch (err) {
        get().notifyError(asIpcError(err));
        return false;
      }
    },

    navigate(to, fromHistory = false) {
      const from = get().location;
      if (!fromHistory && from && (from.bucket !== to.bucket || from.prefix !== to.prefix)) {
        set({ backStack: [...get().backStack, from].slice(-100), forwardStack: [] });
      }
      set({ location: to, filter: '', sort: NATURAL_SORT });
      view.configure('', NATURAL_SORT);
      startListing(to, false, '');
      get().revealInTree(to.bucket, to.prefix);
    },

    goBack() {
      const back = get().backStack;
      const to = back[back.length - 1];
      const from = get().location;
      if (!to) return;
      set({ backStack: back.slice(0, -1), forwardStack: from ? [...get().forwardStack, from] : get().forwardStack });
      get().navigate(to, true);
    },

    goForward() {
      const fwd = get().forwardStack;
      const to = fwd[fwd.length - 1];
      const from = get().location;
      if (!to) return;
      set({ forwardStack: fwd.slice(0, -1), backStack: from ? [...get().backStack, from] : get().backStack });
      get().navigate(to, true);
    },

    goUp() {
      const loc = get().location;
      if (!loc || loc.prefix === '') return;
      get().navigate({ bucket: loc.bucket, prefix: parentPrefix(loc.prefix) });
    },

    searchBelow(text) {
      const loc = get().location;
      if (!loc) return;
      set({ filter: '', sort: NATURAL_SORT });
      view.configure('', NATURAL_SORT);
      startListing(loc, text.trim() !== '', text.trim());
    },

    cancelListing() {
      const { jobId, status } = get().listing;
      if (status !== 'loading') return;
      if (jobId) void callThaw(deps.api, (a) => a.listing.cancel({ jobId })).catch(() => undefined);
      // Show it stopped at once; the 'cancelled' event confirms.
      publish();
      set({ listing: { ...get().listing, status: 'cancelled' } });
    },

    reloadListing() {
      const loc = get().location;
      if (!loc) return;
      const { recursive, search } = get().listing;
      // `startListing` resets the rows, not the view's filter and sort: both stay as they were.
      startListing(loc, recursive, search);
    },

    applyListingEvent(event) {
      const listing = get().listing;
      if (listing.jobId === null) {
        if (starting > 0 && early.length < 10_000) early.push(event);
        return;
      }
      if (event.jobId !== listing.jobId) return;
      switch (event.kind) {
        case 'rows':
          if (listing.status !== 'loading') return;
          rows.append(event.rows, event.folders);
          schedulePublish();
          return;
        case 'progress':
          if (listing.status === 'loading') set({ listing: { ...listing, scanned: event.keysSeen } });
          return;
        case 'done':
          publish();
          set({ listing: { ...listing, status: 'done', scanned: event.scanned, restoreStatusSupported: event.restoreStatusSupported } });
          return;
        case 'failed':
          publish();
          set({ listing: { ...listing, status: 'failed', error: event.error } });
          get().notifyError(event.error);
          return;
        case 'cancelled':
          publish();
          set({ listing: { ...listing, status: 'cancelled' } });
          return;
      }
    },

    setFilter(text) {
      view.configure(text, get().sort);
      set({ filter: text, viewCount: view.view.length, rowsVersion: get().rowsVersion + 1 });
    },

    setSort(sort) {
      view.configure(get().filter, sort);
      set({ sort, viewCount: view.view.length, rowsVersion: get().rowsVersion + 1 });
    },

    clickRow(pos, mods) {
      selection.click(view.view, pos, mods);
      bumpSelection(true);
    },

    moveFocus(pos, extend) {
      selection.moveTo(view.view, pos, extend);
      bumpSelection();
    },

    selectAll() {
      selection.selectAll(view.view);
      bumpSelection();
    },

    clearSelection() {
      selection.clear();
      bumpSelection();
    },
  };
};
