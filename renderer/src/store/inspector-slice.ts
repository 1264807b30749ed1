/**
 * Inspector: HeadObject details and the preview of the one selected object,
 * share links, and copying `s3://` URIs.
 *
 * Head and preview follow the selection with a short delay, so holding an
 * arrow key through a listing does not fire a HEAD per row passed.
 */
import type { ObjectDetails, Preview, ShareLink } from '../../../shared/ipc/browse';
import type { IpcError } from '../../../shared/ipc/result';
import { s3Uri } from '../../../shared/s3-uri';
import { asIpcError, callThaw } from '../ipc/api';
import type { SliceCreator } from './types';

/** One request's state: nothing yet, loading, its data, or its error. */
export type Loadable<T> = { status: 'idle' } | { status: 'loading' } | { status: 'loaded'; data: T } | { status: 'failed'; error: IpcError };

/** The object the inspector shows. */
export interface InspectedObject {
  bucket: string;
  key: string;
}

/** State and actions of the inspector slice. */
export interface InspectorSlice {
  inspected: InspectedObject | null;
  details: Loadable<ObjectDetails>;
  preview: Loadable<Preview>;
  /** The object the share-link dialog is open for. */
  shareTarget: InspectedObject | null;
  openShareDialog(target: InspectedObject): void;
  closeShareDialog(): void;
  /** Re-reads the selection: one object → inspect it (after a short delay); anything else → clear. */
  syncInspector(immediate?: boolean): void;
  /** Loads head and preview of one object now. */
  inspectObject(target: InspectedObject): Promise<void>;
  /** Re-reads the inspected object's HeadObject (its restore state changed); the old details stay until the new ones arrive. */
  refreshInspectedDetails(): Promise<void>;
  /** Creates a presigned GET URL and copies it; the URL is returned to the dialog and never logged. */
  createShareLink(target: InspectedObject, expiresInSeconds: number): Promise<ShareLink | null>;
  /** Copies the `s3://` URIs of the selected rows (view order), one per line. */
  copySelectionUris(): Promise<void>;
  /** Copies text through main's clipboard (the renderer holds no clipboard permission). */
  copyText(text: string, what: string): Promise<boolean>;
}

/** Delay between a selection change and the HEAD it causes. */
export const INSPECT_DELAY_MS = 120;

/** Creates the inspector slice. */
export const createInspectorSlice: SliceCreator<InspectorSlice> = (set, get, deps) => {
  let cancelPending: (() => void) | null = null;
  let seq = 0;

  const selectedObject = (): InspectedObject | null => {
    const loc = get().location;
    const sel = get().getSelection();
    if (!loc || sel.size !== 1) return null;
    const [row] = sel.all();
    const rows = get().getRows();
    if (row === undefined || rows.isFolder(row)) return null;
    return { bucket: loc.bucket, key: loc.prefix + rows.name(row) };
  };

  return {
    inspected: null,
    details: { status: 'idle' },
    preview: { status: 'idle' },
    shareTarget: null,

    openShareDialog(target) {
      set({ shareTarget: target });
    },

    closeShareDialog() {
      set({ shareTarget: null });
    },

    syncInspector(immediate = false) {
      cancelPending?.();
      cancelPending = null;
      const target = selectedObject();
      const current = get().inspected;
      if (!target) {
        if (current) {
          seq++;
          set({ inspected: null, details: { status: 'idle' }, preview: { status: 'idle' } });
        }
        return;
      }
      if (current && current.bucket === target.bucket && current.key === target.key) return;
      if (immediate) void get().inspectObject(target);
      else cancelPending = deps.schedule(() => void get().inspectObject(target), INSPECT_DELAY_MS);
    },

    async inspectObject(target) {
      const conn = get().activeConnectionId;
      if (!conn) return;
      const mine = ++seq;
      set({ inspected: target, details: { status: 'loading' }, preview: { status: 'loading' } });
      const ref = { connectionId: conn, bucket: target.bucket, key: target.key };
      const head = callThaw(deps.api, (a) => a.objects.head(ref)).then(
        (data) => mine === seq && set({ details: { status: 'loaded', data } }),
        (err: unknown) => mine === seq && set({ details: { status: 'failed', error: asIpcError(err) } }),
      );
      const preview = callThaw(deps.api, (a) => a.objects.preview(ref)).then(
        (data) => mine === seq && set({ preview: { status: 'loaded', data } }),
        (err: unknown) => mine === seq && set({ preview: { status: 'failed', error: asIpcError(err) } }),
      );
      await Promise.all([head, preview]);
    },

    async refreshInspectedDetails() {
      const conn = get().activeConnectionId;
      const target = get().inspected;
      if (!conn || !target) return;
      const mine = seq;
      const ref = { connectionId: conn, bucket: target.bucket, key: target.key };
      // A preview that said "restore it first" may be readable now.
      const preview = get().preview;
      if (preview.status === 'loaded' && preview.data.kind === 'archived') {
        void callThaw(deps.api, (a) => a.objects.preview(ref)).then(
          (data) => mine === seq && set({ preview: { status: 'loaded', data } }),
          () => undefined,
        );
      }
      try {
        const data = await callThaw(deps.api, (a) => a.objects.head(ref));
        // A newer inspection (another object) owns the pane now.
        if (mine === seq) set({ details: { status: 'loaded', data } });
      } catch (err) {
        if (mine === seq) set({ details: { status: 'failed', error: asIpcError(err) } });
      }
    },

    async createShareLink(target, expiresInSeconds) {
      const conn = get().activeConnectionId;
      if (!conn) return null;
      try {
        const link = await callThaw(deps.api, (a) =>
          a.objects.shareLink({ connectionId: conn, bucket: target.bucket, key: target.key, expiresInSeconds }),
        );
        await callThaw(deps.api, (a) => a.clipboard.writeText({ text: link.url }));
        get().notify('success', 'Share link copied', { detail: 'Anyone with the link can download this object until it expires.' });
        return link;
      } catch (err) {
        get().notifyError(asIpcError(err));
        return null;
      }
    },

    async copySelectionUris() {
      const loc = get().location;
      if (!loc) return;
      const rows = get().getRows();
      const picked = get().getSelection().inView(get().getView());
      if (picked.length === 0) return;
      const text = picked.map((row) => s3Uri(loc.bucket, loc.prefix + rows.name(row))).join('\n');
      await get().copyText(text, picked.length === 1 ? 'S3 URI' : `${picked.length.toLocaleString()} S3 URIs`);
    },

    async copyText(text, what) {
      try {
        await callThaw(deps.api, (a) => a.clipboard.writeText({ text }));
        get().notify('success', `Copied ${what}`);
        return true;
      } catch (err) {
        get().notifyError(asIpcError(err));
        return false;
      }
    },
  };
};
