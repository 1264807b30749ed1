/**
 * The ways into the restore dialog: the row menu, the toolbar, the inspector
 * and the multi-selection summary all call `restoreSelection` (or
 * `restoreObject` for the inspected one), so every entry point plans the
 * same thing for the same selection.
 */
import { storageClassIndex } from '../../../../shared/ipc/listing';
import { restoreRefusal, selectionRestoreTarget, type AppState } from '../../store';
import { registerRowAction, type RowActionContext } from '../browse/row-actions';

/** Classes whose objects may need a restore (Intelligent-Tiering only in its archive tiers, which a row does not show). */
const RESTORABLE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE', 'INTELLIGENT_TIERING'].map(storageClassIndex));

/** True when a row may hold something to restore: a folder, or an object in an archive-capable class. */
export function mayNeedRestore(item: { folder: boolean; storageClass: number }): boolean {
  return item.folder || RESTORABLE_CLASSES.has(item.storageClass);
}

/** Opens the restore dialog for the table's selection (or the folder on screen); a refusal becomes a toast. */
export function restoreSelection(state: AppState): void {
  const refusal = restoreRefusal(state);
  if (refusal) {
    state.notify('info', refusal);
    return;
  }
  const result = selectionRestoreTarget(state);
  if (!result.ok) {
    state.notify('info', result.reason);
    return;
  }
  state.openRestore(result.target);
}

/** Opens the restore dialog for one object. */
export function restoreObject(state: AppState, target: { bucket: string; key: string }): void {
  const refusal = restoreRefusal(state);
  if (refusal || !state.activeConnectionId) {
    state.notify('info', refusal ?? 'Choose a connection first.');
    return;
  }
  state.openRestore({ connectionId: state.activeConnectionId, bucket: target.bucket, prefixes: [], keys: [target.key] });
}

registerRowAction({
  id: 'restore',
  label: 'Restore from archive…',
  order: 45,
  applies: (ctx: RowActionContext) => ctx.items.some(mayNeedRestore),
  disabled: (ctx) => restoreRefusal(ctx.state),
  run: (ctx) => restoreSelection(ctx.state),
});
