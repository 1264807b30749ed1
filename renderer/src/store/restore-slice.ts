/**
 * Restore: the one restore dialog (plan, price, start) and in-place updates
 * of restore states in the table and inspector.
 *
 * Opening the dialog asks `restore:plan` with a fresh `requestId`; the
 * plan's progress and result arrive on `restore:plan-event` carrying that
 * id, so they are matched even when they overtake the call's reply.
 * Closing the dialog cancels the plan (once its id is known). Starting
 * consumes the plan: the job appears through `jobs:event`.
 *
 * `objects:restore-changed` updates the rows of the current listing in
 * place (no reload) and re-reads the inspected object's details when it is
 * one of the changed keys.
 */
import type { RestoreChangedEvent, RestorePlan, RestorePlanEvent } from '../../../shared/ipc/restore';
import type { IpcError } from '../../../shared/ipc/result';
import type { RestoreTier } from '../../../shared/restore-rules';
import { asIpcError, callThaw } from '../ipc/api';
import type { RestoreTarget } from './restore-target';
import type { SliceCreator } from './types';

/** Live counters of a running plan. */
export interface PlanProgress {
  scanned: number;
  archived: number;
  headsDone: number;
  headsPending: number;
}

/** Where the dialog's plan stands. */
export type PlanState =
  | { status: 'planning'; progress: PlanProgress | null }
  | { status: 'ready'; plan: RestorePlan }
  | { status: 'failed'; error: IpcError }
  | { status: 'cancelled' };

/** The open restore dialog. */
export interface RestoreDialogState {
  target: RestoreTarget;
  requestId: string;
  /** Known once the reply or the first event arrived. */
  planId: string | null;
  plan: PlanState;
  starting: boolean;
  startError: IpcError | null;
}

/** What the user chose in the dialog, as `restore:start` takes it (minus the plan id). */
export interface RestoreStartChoice {
  tier: RestoreTier;
  days?: number;
  extendRestored: boolean;
  acknowledgedCostUsd?: number;
}

/** State and actions of the restore slice. */
export interface RestoreSlice {
  restoreDialog: RestoreDialogState | null;
  /** Opens the dialog for `target` and starts planning it. */
  openRestore(target: RestoreTarget): void;
  /** Plans the same target again (after a failure). */
  replanRestore(): void;
  /** Stops the plan (if any) and closes the dialog. */
  closeRestore(): void;
  /** Routes one `restore:plan-event`. */
  applyPlanEvent(event: RestorePlanEvent): void;
  /** Starts the planned restore; on success closes the dialog and shows the job. */
  startRestore(choice: RestoreStartChoice): Promise<boolean>;
  /** Routes one `objects:restore-changed`. */
  applyRestoreChanged(event: RestoreChangedEvent): void;
}

let requestSeq = 0;

/** A request id unique in this renderer (the core only echoes it back). */
function newRequestId(): string {
  const random = typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : Math.random().toString(36).slice(2);
  return `restore-plan-${++requestSeq}-${random}`;
}

/** Creates the restore slice. */
export const createRestoreSlice: SliceCreator<RestoreSlice> = (set, get, deps) => {
  const patchDialog = (requestId: string, patch: Partial<RestoreDialogState>) => {
    const d = get().restoreDialog;
    if (d && d.requestId === requestId) set({ restoreDialog: { ...d, ...patch } });
  };

  const cancelPlan = (planId: string) => void callThaw(deps.api, (a) => a.restore.cancelPlan({ planId })).catch(() => undefined);

  const plan = (target: RestoreTarget) => {
    const requestId = newRequestId();
    set({ restoreDialog: { target, requestId, planId: null, plan: { status: 'planning', progress: null }, starting: false, startError: null } });
    void callThaw(deps.api, (a) => a.restore.plan({ requestId, ...target }))
      .then(({ planId }) => {
        const d = get().restoreDialog;
        // Closed (or replanned) before the reply: nobody wants this plan any more.
        if (!d || d.requestId !== requestId) return cancelPlan(planId);
        if (d.planId === null) patchDialog(requestId, { planId });
      })
      .catch((err: unknown) => patchDialog(requestId, { plan: { status: 'failed', error: asIpcError(err) } }));
  };

  return {
    restoreDialog: null,

    openRestore(target) {
      get().closeRestore();
      plan(target);
    },

    replanRestore() {
      const d = get().restoreDialog;
      if (!d) return;
      get().closeRestore();
      plan(d.target);
    },

    closeRestore() {
      const d = get().restoreDialog;
      if (!d) return;
      set({ restoreDialog: null });
      if (d.planId && d.plan.status !== 'failed' && d.plan.status !== 'cancelled') cancelPlan(d.planId);
    },

    applyPlanEvent(event) {
      const d = get().restoreDialog;
      if (!d || d.requestId !== event.requestId) return;
      // Counters may trail the result by a coalescing interval; a finished plan stays finished.
      if (event.kind === 'progress' && d.plan.status !== 'planning') return;
      const planId = d.planId ?? event.planId;
      switch (event.kind) {
        case 'progress': {
          const { scanned, archived, headsDone, headsPending } = event;
          set({ restoreDialog: { ...d, planId, plan: { status: 'planning', progress: { scanned, archived, headsDone, headsPending } } } });
          return;
        }
        case 'done':
          set({ restoreDialog: { ...d, planId, plan: { status: 'ready', plan: event.plan } } });
          return;
        case 'failed':
          set({ restoreDialog: { ...d, planId, plan: { status: 'failed', error: event.error } } });
          return;
        case 'cancelled':
          set({ restoreDialog: { ...d, planId, plan: { status: 'cancelled' } } });
          return;
      }
    },

    async startRestore(choice) {
      const d = get().restoreDialog;
      if (!d || d.plan.status !== 'ready' || d.starting) return false;
      const planId = d.plan.plan.planId;
      patchDialog(d.requestId, { starting: true, startError: null });
      try {
        const input = {
          planId,
          tier: choice.tier,
          extendRestored: choice.extendRestored,
          ...(choice.days !== undefined ? { days: choice.days } : {}),
          ...(choice.acknowledgedCostUsd !== undefined ? { acknowledgedCostUsd: choice.acknowledgedCostUsd } : {}),
        };
        const { jobId } = await callThaw(deps.api, (a) => a.restore.start(input));
        // The plan became the job: close without cancelling it.
        if (get().restoreDialog?.requestId === d.requestId) set({ restoreDialog: null });
        set({ jobsPanelOpen: true });
        get().selectJob(jobId);
        return true;
      } catch (err) {
        patchDialog(d.requestId, { starting: false, startError: asIpcError(err) });
        return false;
      }
    },

    applyRestoreChanged(event) {
      const s = get();
      if (event.connectionId !== s.activeConnectionId) return;
      const inspected = s.inspected;
      if (inspected && inspected.bucket === event.bucket && event.keys.includes(inspected.key)) s.refreshInspectedDetails();
      const loc = s.location;
      if (!loc || loc.bucket !== event.bucket) return;
      const recursive = s.listing.recursive;
      const names: string[] = [];
      const codes: number[] = [];
      const expiries: number[] = [];
      for (let j = 0; j < event.keys.length; j++) {
        const key = event.keys[j] as string;
        if (!key.startsWith(loc.prefix)) continue;
        const name = key.slice(loc.prefix.length);
        // A folder listing holds only its direct children; deeper keys live in its subfolders.
        if (name === '' || (!recursive && name.includes('/'))) continue;
        names.push(name);
        codes.push(event.restore[j] ?? 0);
        expiries.push(event.restoreExpiry[j] ?? 0);
      }
      if (names.length === 0) return;
      if (s.getRows().updateRestore(names, codes, expiries) > 0) set({ rowsVersion: get().rowsVersion + 1 });
    },
  };
};
