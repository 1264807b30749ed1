/**
 * Object operations: the bulk dialog (delete, copy, move, storage-class
 * change: choose → plan → confirm → job), rename and new folder, and
 * metadata and tag edits.
 *
 * A bulk operation is planned by `objects:plan-operation`, which says what
 * will happen (objects, bytes, archived objects skipped, minimum-duration
 * charges); the confirmation echoes the plan's object count to
 * `objects:start-operation`, so the job deletes exactly what the user read.
 * Every action checks `writeRefusal` first, so a read-only connection sends
 * nothing; the core refuses them too.
 */
import type { OperationKind, OperationPlan } from '../../../shared/ipc/objects';
import type { IpcError } from '../../../shared/ipc/result';
import { asIpcError, callThaw } from '../ipc/api';
import { writeRefusal, type SelectionTarget } from './selection-target';
import type { WritableStorageClass } from './transfers-slice';
import type { SliceCreator } from './types';

/** Where a copy or move goes (same connection). */
export interface OperationDestination {
  bucket: string;
  /** '' or ending in '/'. */
  prefix: string;
}

/** The open bulk-operation dialog. */
export interface OperationDialogState {
  /** Bumped per plan, so a late answer for an older one is dropped. */
  seq: number;
  op: OperationKind;
  selection: SelectionTarget;
  /** What the selection is, in words, before the plan counts it ("3 objects and 1 folder"). */
  label: string;
  /** `choose`: copy/move/storage-class wait for the target; then planning, ready or failed. */
  status: 'choose' | 'planning' | 'ready' | 'failed';
  destination: OperationDestination | null;
  storageClass: WritableStorageClass | null;
  plan: OperationPlan | null;
  error: IpcError | null;
  starting: boolean;
}

/** The one-field dialogs: a new name for an object, or a new folder's name. */
export type NameDialogState = { kind: 'rename'; bucket: string; key: string } | { kind: 'new-folder'; bucket: string; prefix: string };

/** What the metadata editor saves. */
export interface MetadataEdit {
  metadata: Record<string, string>;
  contentType?: string;
  /** Absent: tags stay as they are. */
  tags?: Record<string, string>;
}

/** Child folders the copy/move picker shows for one bucket and prefix. */
export interface PickerFolders {
  bucket: string;
  prefix: string;
  status: 'loading' | 'loaded' | 'failed';
  folders: string[];
  /** More folders exist than the first page. */
  more: boolean;
  error: IpcError | null;
}

/** State and actions of the operations slice. */
export interface OperationsSlice {
  operationDialog: OperationDialogState | null;
  /** The copy/move destination picker's folder list. */
  pickerFolders: PickerFolders | null;
  /** Lists the child folders of `prefix` in `bucket` for the picker (first page). */
  loadPickerFolders(bucket: string, prefix: string): Promise<void>;
  nameDialog: NameDialogState | null;
  /** The object whose metadata the inspector is editing. */
  metadataEditing: { bucket: string; key: string } | null;
  /** Opens the dialog; a delete plans at once, the others first ask where to or which class. */
  openOperation(op: OperationKind, selection: SelectionTarget, label: string): void;
  /** Plans the open dialog's operation with the target or class chosen. */
  planOperation(choice?: { destination?: OperationDestination; storageClass?: WritableStorageClass }): Promise<void>;
  /** Back from a plan to choosing the target (copy, move, storage class). */
  reviseOperation(): void;
  /** Starts the planned operation as a job; on success closes and shows the job. */
  startOperation(): Promise<boolean>;
  closeOperation(): void;
  openNameDialog(dialog: NameDialogState): void;
  closeNameDialog(): void;
  /** Renames the dialog's object to `name` in the same folder. */
  renameObject(name: string): Promise<IpcError | null>;
  /** Creates `name/` in the dialog's folder. */
  createFolder(name: string): Promise<IpcError | null>;
  editMetadata(target: { bucket: string; key: string } | null): void;
  /** Replaces the object's metadata (and tags, when given) and re-reads its details. */
  saveMetadata(target: { bucket: string; key: string }, edit: MetadataEdit): Promise<IpcError | null>;
}

/** Checks a new object or folder name; null when it is fine. */
export function nameProblem(name: string): string | null {
  if (name.trim() === '') return 'Type a name.';
  if (name.includes('/')) return 'A name cannot contain “/”. Use Move to put it in another folder.';
  if (name === '.' || name === '..') return '“.” and “..” are not names S3 tools handle safely.';
  if (new TextEncoder().encode(name).length > 1000) return 'That name is too long for S3 (1,024 bytes with its folder).';
  return null;
}

/** Creates the operations slice. */
export const createOperationsSlice: SliceCreator<OperationsSlice> = (set, get, deps) => {
  let seq = 0;
  let pickerSeq = 0;

  const patch = (mine: number, change: Partial<OperationDialogState>) => {
    const d = get().operationDialog;
    if (d && d.seq === mine) set({ operationDialog: { ...d, ...change } });
  };

  /** Refuses on read-only connections with a toast; true when refused. */
  const refused = (): boolean => {
    const refusal = writeRefusal(get());
    if (refusal) get().notify('info', refusal);
    return refusal !== null;
  };

  return {
    operationDialog: null,
    pickerFolders: null,
    nameDialog: null,
    metadataEditing: null,

    openOperation(op, selection, label) {
      if (refused()) return;
      const mine = ++seq;
      set({
        operationDialog: { seq: mine, op, selection, label, status: op === 'delete' ? 'planning' : 'choose', destination: null, storageClass: null, plan: null, error: null, starting: false },
      });
      if (op === 'delete') void get().planOperation();
    },

    async planOperation(choice = {}) {
      const d = get().operationDialog;
      if (!d) return;
      const mine = ++seq;
      const destination = choice.destination ?? d.destination;
      const storageClass = choice.storageClass ?? d.storageClass;
      set({ operationDialog: { ...d, seq: mine, status: 'planning', destination, storageClass, plan: null, error: null } });
      const { connectionId, bucket, prefixes, keys, base } = d.selection;
      const input = {
        op: d.op,
        connectionId,
        bucket,
        prefixes,
        keys,
        base,
        ...(destination && (d.op === 'copy' || d.op === 'move') ? { target: { connectionId, bucket: destination.bucket, prefix: destination.prefix } } : {}),
        ...(storageClass && d.op === 'storage-class' ? { storageClass } : {}),
      };
      try {
        const plan = await callThaw(deps.api, (a) => a.objects.planOperation(input));
        patch(mine, { status: 'ready', plan });
      } catch (err) {
        patch(mine, { status: 'failed', error: asIpcError(err) });
      }
    },

    reviseOperation() {
      const d = get().operationDialog;
      if (!d || d.op === 'delete') return;
      set({ operationDialog: { ...d, seq: ++seq, status: 'choose', plan: null, error: null } });
    },

    async startOperation() {
      const d = get().operationDialog;
      if (!d || d.status !== 'ready' || !d.plan || d.starting) return false;
      if (refused()) return false;
      const mine = d.seq;
      patch(mine, { starting: true, error: null });
      try {
        const { jobId } = await callThaw(deps.api, (a) => a.objects.startOperation({ planId: d.plan!.planId, confirmedObjects: d.plan!.objects }));
        if (get().operationDialog?.seq === mine) set({ operationDialog: null });
        set({ jobsPanelOpen: true });
        get().selectJob(jobId);
        return true;
      } catch (err) {
        patch(mine, { starting: false, error: asIpcError(err) });
        return false;
      }
    },

    closeOperation() {
      seq++;
      set({ operationDialog: null });
    },

    async loadPickerFolders(bucket, prefix) {
      const connectionId = get().activeConnectionId;
      if (!connectionId) return;
      const mine = ++pickerSeq;
      set({ pickerFolders: { bucket, prefix, status: 'loading', folders: [], more: false, error: null } });
      try {
        const page = await callThaw(deps.api, (a) => a.browse.children({ connectionId, bucket, prefix }));
        if (mine === pickerSeq) set({ pickerFolders: { bucket, prefix, status: 'loaded', folders: page.folders, more: page.nextCursor !== undefined, error: null } });
      } catch (err) {
        if (mine === pickerSeq) set({ pickerFolders: { bucket, prefix, status: 'failed', folders: [], more: false, error: asIpcError(err) } });
      }
    },

    openNameDialog(dialog) {
      if (refused()) return;
      set({ nameDialog: dialog });
    },

    closeNameDialog() {
      set({ nameDialog: null });
    },

    async renameObject(name) {
      const d = get().nameDialog;
      const connectionId = get().activeConnectionId;
      if (!d || d.kind !== 'rename' || !connectionId) return null;
      const newKey = d.key.slice(0, d.key.lastIndexOf('/') + 1) + name;
      if (newKey === d.key) {
        set({ nameDialog: null });
        return null;
      }
      try {
        await callThaw(deps.api, (a) => a.objects.rename({ connectionId, bucket: d.bucket, key: d.key, newKey }));
        set({ nameDialog: null });
        get().notify('success', `Renamed to ${name}`);
        get().reloadListing();
        return null;
      } catch (err) {
        return asIpcError(err);
      }
    },

    async createFolder(name) {
      const d = get().nameDialog;
      const connectionId = get().activeConnectionId;
      if (!d || d.kind !== 'new-folder' || !connectionId) return null;
      try {
        await callThaw(deps.api, (a) => a.objects.createFolder({ connectionId, bucket: d.bucket, prefix: `${d.prefix}${name}/` }));
        set({ nameDialog: null });
        get().notify('success', `Created folder ${name}/`);
        get().reloadListing();
        return null;
      } catch (err) {
        return asIpcError(err);
      }
    },

    editMetadata(target) {
      if (target && refused()) return;
      set({ metadataEditing: target });
    },

    async saveMetadata(target, edit) {
      const connectionId = get().activeConnectionId;
      if (!connectionId) return null;
      if (refused()) return null;
      try {
        const input = {
          connectionId,
          bucket: target.bucket,
          key: target.key,
          metadata: edit.metadata,
          ...(edit.contentType ? { contentType: edit.contentType } : {}),
          ...(edit.tags ? { tags: edit.tags } : {}),
        };
        await callThaw(deps.api, (a) => a.objects.updateMetadata(input));
        set({ metadataEditing: null });
        get().notify('success', 'Metadata saved');
        const inspected = get().inspected;
        if (inspected && inspected.bucket === target.bucket && inspected.key === target.key) void get().refreshInspectedDetails();
        return null;
      } catch (err) {
        return asIpcError(err);
      }
    },
  };
};
