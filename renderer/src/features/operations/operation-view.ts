/**
 * What the operation dialogs say, computed without React: titles, the
 * start button, and the warnings a plan calls for (a delete cannot be
 * undone, minimum-duration charges, archived objects skipped, large copies).
 */
import type { OperationKind, OperationPlan } from '../../../../shared/ipc/objects';
import { classInfo } from '../browse/format';
import { formatUsd } from '../restore/restore-view';

const n = (v: number) => v.toLocaleString('en-US');
const objects = (count: number) => `${n(count)} ${count === 1 ? 'object' : 'objects'}`;

/** The dialog title of each operation. */
export const OPERATION_TITLE: Record<OperationKind, string> = {
  delete: 'Delete',
  copy: 'Copy to',
  move: 'Move to',
  'storage-class': 'Change storage class',
};

/** The primary button once the plan is known. */
export function startLabel(plan: Pick<OperationPlan, 'op' | 'objects' | 'archived'>, storageClass?: string | null): string {
  switch (plan.op) {
    case 'delete':
      return `Delete ${objects(plan.objects)}`;
    case 'copy':
      return `Copy ${objects(actionable(plan))}`;
    case 'move':
      return `Move ${objects(actionable(plan))}`;
    case 'storage-class':
      // No count: objects already in the class are left out too, and the plan does not say how many.
      return storageClass ? `Change to ${classInfo(storageClass).label}` : 'Change storage class';
  }
}

/** Objects the operation acts on, at most: archived ones cannot be copied, moved or changed until restored. */
export function actionable(plan: Pick<OperationPlan, 'op' | 'objects' | 'archived'>): number {
  return plan.op === 'delete' ? plan.objects : Math.max(0, plan.objects - plan.archived.objects);
}

/** One highlighted line of the confirmation. */
export interface PlanWarning {
  tone: 'danger' | 'warning' | 'note';
  text: string;
}

/** An early-deletion charge as the dialog says it: cents, or "less than $0.01". */
export function chargeText(usd: number): string {
  return usd < 0.01 ? 'less than $0.01' : `about ${formatUsd(usd)}`;
}

/**
 * The highlights under the core's summary sentence (which says everything,
 * in one paragraph): only what needs the eye — money, and what a move keeps.
 * A delete shows the summary itself as its warning.
 */
export function planWarnings(plan: OperationPlan): PlanWarning[] {
  const out: PlanWarning[] = [];
  const md = plan.minimumDuration;
  if (md.objects > 0) {
    out.push({ tone: 'warning', text: `Early-deletion charge: ${chargeText(md.chargeUsd)}, for ${objects(md.objects)} still inside the minimum storage duration of ${md.objects === 1 ? 'its' : 'their'} class.` });
  }
  if (plan.op === 'move' && plan.objects > 0) out.push({ tone: 'note', text: 'Each object is deleted from its old place only after its copy exists, so nothing is lost if the job stops half-way.' });
  return out;
}

/** The plan's objects by class, largest first: "1,200 Standard · 40 Deep Archive". */
export function classBreakdown(byClass: Record<string, number>): string {
  return Object.entries(byClass)
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, c]) => `${n(c)} ${classInfo(name).label || name}`)
    .join(' · ');
}

/** What each target class means for the objects, shown beside the class choice. */
export const CLASS_NOTE: Record<string, string> = {
  STANDARD: 'Frequent access, no minimum duration.',
  STANDARD_IA: 'Infrequent access: 30-day minimum, per-GB retrieval fee.',
  ONEZONE_IA: 'One zone, infrequent access: 30-day minimum.',
  INTELLIGENT_TIERING: 'Moves objects between tiers by access; small monitoring fee.',
  GLACIER_IR: 'Archive with instant reads: 90-day minimum.',
  GLACIER: 'Archive: 90-day minimum; a restore is needed before reading.',
  DEEP_ARCHIVE: 'Cheapest archive: 180-day minimum; restores take up to 48 hours.',
};
