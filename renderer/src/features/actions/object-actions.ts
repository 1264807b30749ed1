/**
 * The transfer and object actions, in one place: Download, Upload, Upload
 * link, Rename, Copy to, Move to, Change storage class, Edit metadata &
 * tags, New folder and Delete.
 *
 * Each is a function of the store's state that the row menu (registered
 * below), the toolbar, the inspector and the drop target all call, so every
 * entry point does the same thing for the same selection. Actions that
 * change the bucket are greyed out with `writeRefusal`'s reason on
 * read-only connections (and the slices refuse them again).
 */
import type { OperationKind } from '../../../../shared/ipc/objects';
import { selectionTarget, writeRefusal, type AppState, type SelectionTarget } from '../../store';
import { registerRowAction, type RowActionContext } from '../browse/row-actions';

const n = (v: number) => v.toLocaleString('en-US');

/** What a selection is, in words: "3 objects and 1 folder", "everything in data/". */
export function selectionLabel(target: SelectionTarget): string {
  const { prefixes, keys, base } = target;
  if (keys.length === 0 && prefixes.length === 1 && prefixes[0] === base) return base ? `everything in ${base}` : 'everything in the bucket';
  const parts: string[] = [];
  if (keys.length > 0) parts.push(`${n(keys.length)} ${keys.length === 1 ? 'object' : 'objects'}`);
  if (prefixes.length > 0) parts.push(`${n(prefixes.length)} ${prefixes.length === 1 ? 'folder' : 'folders'} with everything in ${prefixes.length === 1 ? 'it' : 'them'}`);
  return parts.join(' and ');
}

/** Resolves the selection (or the folder on screen); a refusal becomes a toast. */
function resolve(state: AppState, verb: string): SelectionTarget | null {
  const result = selectionTarget(state, verb);
  if (!result.ok) {
    state.notify('info', result.reason);
    return null;
  }
  return result.target;
}

/** Asks for a folder and plans downloading the selection (or the folder on screen). */
export function downloadSelection(state: AppState): void {
  const target = resolve(state, 'Download');
  if (!target) return;
  const { connectionId, bucket, prefixes, keys, base } = target;
  void state.planDownload({ connectionId, bucket, prefixes, keys: keys.map((key) => ({ key })), base });
}

/** Asks for files or a folder and plans uploading them into the folder on screen. */
export function uploadInto(state: AppState, pick: 'files' | 'folder'): void {
  void state.planUpload({ pick });
}

/** Opens the bulk dialog for `op` over the selection. */
export function operateOnSelection(state: AppState, op: OperationKind): void {
  const refusal = writeRefusal(state);
  if (refusal) {
    state.notify('info', refusal);
    return;
  }
  const target = resolve(state, OP_VERB[op]);
  if (target) state.openOperation(op, target, selectionLabel(target));
}

const OP_VERB: Record<OperationKind, string> = { delete: 'Delete', copy: 'Copy', move: 'Move', 'storage-class': 'Change storage class' };

/** Opens the new-folder dialog for the folder on screen. */
export function newFolder(state: AppState): void {
  const loc = state.location;
  if (!loc) return;
  state.openNameDialog({ kind: 'new-folder', bucket: loc.bucket, prefix: loc.prefix });
}

/** Shows one object in the inspector with its metadata editor open. */
export function editMetadataOf(state: AppState, target: { bucket: string; key: string }): void {
  const refusal = writeRefusal(state);
  if (refusal) {
    state.notify('info', refusal);
    return;
  }
  if (!state.inspectorOpen) state.toggleInspector();
  const inspected = state.inspected;
  if (!inspected || inspected.bucket !== target.bucket || inspected.key !== target.key) void state.inspectObject(target);
  state.editMetadata(target);
}

const single = (ctx: RowActionContext) => ctx.items.length === 1;
const oneObject = (ctx: RowActionContext) => single(ctx) && !ctx.items[0]?.folder;
const any = (ctx: RowActionContext) => ctx.items.length > 0;
const writeOff = (ctx: RowActionContext) => writeRefusal(ctx.state);

registerRowAction({
  id: 'upload-link',
  label: 'Upload link…',
  order: 32,
  applies: single,
  disabled: writeOff,
  run: (ctx) => {
    // On a folder the dialog asks for the new key's name in it; on an object the link replaces it.
    const key = ctx.items[0]?.key;
    if (key) ctx.state.openUploadLink({ bucket: ctx.bucket, key });
  },
});

registerRowAction({
  id: 'download',
  label: 'Download…',
  order: 40,
  separatorBefore: true,
  applies: any,
  run: (ctx) => downloadSelection(ctx.state),
});

registerRowAction({
  id: 'rename',
  label: 'Rename…',
  order: 50,
  separatorBefore: true,
  applies: oneObject,
  disabled: writeOff,
  run: (ctx) => {
    const key = ctx.items[0]?.key;
    if (key) ctx.state.openNameDialog({ kind: 'rename', bucket: ctx.bucket, key });
  },
});

registerRowAction({ id: 'copy-to', label: 'Copy to…', order: 52, applies: any, disabled: writeOff, run: (ctx) => operateOnSelection(ctx.state, 'copy') });
registerRowAction({ id: 'move-to', label: 'Move to…', order: 54, applies: any, disabled: writeOff, run: (ctx) => operateOnSelection(ctx.state, 'move') });
registerRowAction({
  id: 'storage-class',
  label: 'Change storage class…',
  order: 56,
  applies: any,
  disabled: writeOff,
  run: (ctx) => operateOnSelection(ctx.state, 'storage-class'),
});

registerRowAction({
  id: 'edit-metadata',
  label: 'Edit metadata & tags…',
  order: 58,
  applies: oneObject,
  disabled: writeOff,
  run: (ctx) => {
    const key = ctx.items[0]?.key;
    if (key) editMetadataOf(ctx.state, { bucket: ctx.bucket, key });
  },
});

registerRowAction({
  id: 'delete',
  label: 'Delete…',
  order: 70,
  separatorBefore: true,
  applies: any,
  disabled: writeOff,
  run: (ctx) => operateOnSelection(ctx.state, 'delete'),
});
