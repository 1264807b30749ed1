/**
 * Versions of versioned buckets: the inspected object's versions and delete
 * markers (`objects:versions`), the table's "Show versions" list under the
 * folder on screen (`objects:list-versions`, paged), and the version
 * actions — promote, undelete, delete a version for good, restore an
 * archived version.
 *
 * After an action the version lists it touched and the inspected object's
 * details are read again; the table lists its folder again when the
 * versions view is switched off (re-listing under the inspector would clear
 * its selection).
 */
import type { ObjectVersion } from '../../../shared/ipc/objects';
import type { IpcError } from '../../../shared/ipc/result';
import type { RestoreTier } from '../../../shared/restore-rules';
import { asIpcError, callThaw } from '../ipc/api';
import { writeRefusal } from './selection-target';
import type { SliceCreator } from './types';

/** One object's versions, as the inspector shows them. */
export interface ObjectVersionsState {
  bucket: string;
  key: string;
  status: 'loading' | 'loaded' | 'failed';
  versions: ObjectVersion[];
  error: IpcError | null;
}

/** The versions under the folder on screen, as far as paged. */
export interface VersionListState {
  connectionId: string;
  bucket: string;
  prefix: string;
  status: 'loading' | 'loaded' | 'failed';
  versions: ObjectVersion[];
  /** Subfolders at this level. */
  prefixes: string[];
  next: { keyMarker: string; versionIdMarker?: string } | null;
  loadingMore: boolean;
  error: IpcError | null;
}

/** A version action that changes the bucket. */
export type VersionAction = { kind: 'promote'; versionId: string } | { kind: 'undelete' } | { kind: 'delete-version'; versionId: string } | { kind: 'restore'; versionId: string; tier: RestoreTier; days: number };

/** State and actions of the versions slice. */
export interface VersionsSlice {
  /** Whether the inspector's versions section is open (kept across selections). */
  versionsSectionOpen: boolean;
  objectVersions: ObjectVersionsState | null;
  /** The table shows versions instead of the current objects. */
  showVersions: boolean;
  versionList: VersionListState | null;
  setVersionsSectionOpen(open: boolean): void;
  /** Lists the versions of one key (again, when `force`). */
  loadObjectVersions(target: { bucket: string; key: string }, force?: boolean): Promise<void>;
  toggleShowVersions(): void;
  /** Lists the first page of versions under the folder on screen (again, when `force`). */
  loadVersionList(force?: boolean): Promise<void>;
  loadMoreVersions(): Promise<void>;
  /** Runs a version action on one key; resolves to the error, or null when it worked. */
  runVersionAction(target: { bucket: string; key: string }, action: VersionAction): Promise<IpcError | null>;
}

const PAGE = 1000;

/** Creates the versions slice. */
export const createVersionsSlice: SliceCreator<VersionsSlice> = (set, get, deps) => {
  let objectSeq = 0;
  let listSeq = 0;

  const success: Record<VersionAction['kind'], string> = {
    promote: 'The version is current again',
    undelete: 'Undeleted: the newest version is current again',
    'delete-version': 'Version deleted permanently',
    restore: 'Restore of the version requested',
  };

  return {
    versionsSectionOpen: false,
    objectVersions: null,
    showVersions: false,
    versionList: null,

    setVersionsSectionOpen(open) {
      set({ versionsSectionOpen: open });
    },

    async loadObjectVersions(target, force = false) {
      const connectionId = get().activeConnectionId;
      if (!connectionId) return;
      const current = get().objectVersions;
      if (!force && current && current.bucket === target.bucket && current.key === target.key && current.status !== 'failed') return;
      const mine = ++objectSeq;
      set({ objectVersions: { bucket: target.bucket, key: target.key, status: 'loading', versions: current?.key === target.key ? current.versions : [], error: null } });
      try {
        const versions = await callThaw(deps.api, (a) => a.objects.versions({ connectionId, bucket: target.bucket, key: target.key }));
        if (mine === objectSeq) set({ objectVersions: { bucket: target.bucket, key: target.key, status: 'loaded', versions, error: null } });
      } catch (err) {
        if (mine === objectSeq) set({ objectVersions: { bucket: target.bucket, key: target.key, status: 'failed', versions: [], error: asIpcError(err) } });
      }
    },

    toggleShowVersions() {
      const on = !get().showVersions;
      set({ showVersions: on });
      if (on) void get().loadVersionList(true);
      // Version actions may have changed what is current: the table comes back fresh.
      else get().reloadListing();
    },

    async loadVersionList(force = false) {
      const loc = get().location;
      const connectionId = get().activeConnectionId;
      if (!loc || !connectionId) return;
      const current = get().versionList;
      const same = current && current.connectionId === connectionId && current.bucket === loc.bucket && current.prefix === loc.prefix;
      if (same && !force && current.status !== 'failed') return;
      const mine = ++listSeq;
      const base = { connectionId, bucket: loc.bucket, prefix: loc.prefix };
      set({ versionList: { ...base, status: 'loading', versions: [], prefixes: [], next: null, loadingMore: false, error: null } });
      try {
        const page = await callThaw(deps.api, (a) => a.objects.listVersions({ ...base, delimiter: '/', maxKeys: PAGE }));
        if (mine !== listSeq) return;
        set({ versionList: { ...base, status: 'loaded', versions: page.versions, prefixes: page.prefixes, next: page.next ?? null, loadingMore: false, error: null } });
      } catch (err) {
        if (mine === listSeq) set({ versionList: { ...base, status: 'failed', versions: [], prefixes: [], next: null, loadingMore: false, error: asIpcError(err) } });
      }
    },

    async loadMoreVersions() {
      const list = get().versionList;
      if (!list || list.status !== 'loaded' || !list.next || list.loadingMore) return;
      const mine = listSeq;
      set({ versionList: { ...list, loadingMore: true } });
      const { connectionId, bucket, prefix } = list;
      try {
        const input = { connectionId, bucket, prefix, delimiter: '/' as const, maxKeys: PAGE, keyMarker: list.next.keyMarker, ...(list.next.versionIdMarker ? { versionIdMarker: list.next.versionIdMarker } : {}) };
        const page = await callThaw(deps.api, (a) => a.objects.listVersions(input));
        const now = get().versionList;
        if (mine !== listSeq || !now) return;
        const prefixes = [...now.prefixes, ...page.prefixes.filter((p) => !now.prefixes.includes(p))];
        set({ versionList: { ...now, versions: [...now.versions, ...page.versions], prefixes, next: page.next ?? null, loadingMore: false } });
      } catch (err) {
        const now = get().versionList;
        if (mine === listSeq && now) set({ versionList: { ...now, loadingMore: false } });
        get().notifyError(asIpcError(err));
      }
    },

    async runVersionAction(target, action) {
      const connectionId = get().activeConnectionId;
      if (!connectionId) return null;
      const refusal = writeRefusal(get());
      if (refusal) return { code: 'ReadOnly', message: refusal };
      const ref = { connectionId, bucket: target.bucket, key: target.key };
      try {
        switch (action.kind) {
          case 'promote':
            await callThaw(deps.api, (a) => a.objects.promoteVersion({ ...ref, versionId: action.versionId }));
            break;
          case 'undelete':
            await callThaw(deps.api, (a) => a.objects.undelete(ref));
            break;
          case 'delete-version':
            await callThaw(deps.api, (a) => a.objects.deleteVersion({ ...ref, versionId: action.versionId, permanent: true }));
            break;
          case 'restore':
            await callThaw(deps.api, (a) => a.objects.restoreVersion({ ...ref, versionId: action.versionId, tier: action.tier, days: action.days }));
            break;
        }
      } catch (err) {
        return asIpcError(err);
      }
      get().notify('success', success[action.kind]);
      const s = get();
      if (s.objectVersions?.bucket === target.bucket && s.objectVersions.key === target.key) void s.loadObjectVersions(target, true);
      if (s.showVersions) void s.loadVersionList(true);
      if (s.inspected?.bucket === target.bucket && s.inspected.key === target.key) void s.refreshInspectedDetails();
      return null;
    },
  };
};
