/**
 * The actions a right-click on table rows offers: one registry, which every feature adds to.
 *
 * Browsing registers Open, Inspect, Copy URI and Share link here; restore
 * (features/restore/restore-actions.ts) and the transfer and object
 * actions (features/actions/object-actions.ts) call `registerRowAction`
 * with their own entries instead of editing the menu. An action that
 * changes the bucket stays in the menu on a read-only connection, greyed
 * out, with the reason as its `disabled` answer.
 */
import type { AppState } from '../../store';

/** What an action sees: the location and the selected rows, resolved to keys. */
export interface RowActionContext {
  bucket: string;
  prefix: string;
  /** Selected entries in view order. */
  items: Array<{ key: string; name: string; folder: boolean; size: number; storageClass: number; restore: number }>;
  state: AppState;
}

/** One menu entry. */
export interface RowAction {
  id: string;
  label: string;
  /** Lower sorts first; browsing uses 0–40, leave gaps for others. */
  order: number;
  /** Whether the entry shows for this selection. */
  applies(ctx: RowActionContext): boolean;
  /** Whether it shows but greyed out (e.g. read-only connections); a string says why. */
  disabled?(ctx: RowActionContext): boolean | string | null;
  run(ctx: RowActionContext): void;
  /** Draw a separator line above this entry. */
  separatorBefore?: boolean;
}

const registry: RowAction[] = [];

/** Adds an action to every row menu; returns a function that removes it again. */
export function registerRowAction(action: RowAction): () => void {
  registry.push(action);
  return () => {
    const i = registry.indexOf(action);
    if (i >= 0) registry.splice(i, 1);
  };
}

/** Why an action is greyed out for `ctx`: null when it is enabled, '' when disabled without a reason. */
export function disabledReason(action: RowAction, ctx: RowActionContext): string | null {
  const answer = action.disabled?.(ctx);
  if (answer === undefined || answer === null || answer === false) return null;
  return answer === true ? '' : answer;
}

/** The actions that apply to `ctx`, in menu order. */
export function actionsFor(ctx: RowActionContext): RowAction[] {
  return registry.filter((a) => a.applies(ctx)).sort((a, b) => a.order - b.order);
}

const single = (ctx: RowActionContext) => ctx.items.length === 1;
const oneObject = (ctx: RowActionContext) => single(ctx) && !ctx.items[0]?.folder;

registerRowAction({
  id: 'open',
  label: 'Open',
  order: 0,
  applies: (ctx) => single(ctx) && Boolean(ctx.items[0]?.folder),
  run: (ctx) => ctx.state.navigate({ bucket: ctx.bucket, prefix: ctx.items[0]?.key ?? ctx.prefix }),
});

registerRowAction({
  id: 'inspect',
  label: 'Inspect',
  order: 10,
  applies: oneObject,
  run: (ctx) => {
    const key = ctx.items[0]?.key;
    if (key) void ctx.state.inspectObject({ bucket: ctx.bucket, key });
    if (!ctx.state.inspectorOpen) ctx.state.toggleInspector();
  },
});

registerRowAction({
  id: 'copy-uri',
  label: 'Copy S3 URI',
  order: 20,
  applies: (ctx) => ctx.items.length > 0,
  run: (ctx) => void ctx.state.copySelectionUris(),
});

registerRowAction({
  id: 'share-link',
  label: 'Share link…',
  order: 30,
  applies: oneObject,
  run: (ctx) => {
    const key = ctx.items[0]?.key;
    if (key) ctx.state.openShareDialog({ bucket: ctx.bucket, key });
  },
});
