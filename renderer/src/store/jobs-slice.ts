/**
 * Jobs: every user-visible job (restores, transfers, bulk operations), kept by id.
 *
 * `jobs:event` always carries a job's whole summary, so the slice upserts
 * whatever it sees: an event that overtakes the reply of the call that
 * started the job needs no buffer. `jobs:list` hydrates the panel once
 * connections are loaded (after a restart too); a job the slice already
 * heard about while that call was out is newer than the list's copy and
 * keeps its own (every later change arrives as another event anyway).
 *
 * Per-key detail is paged with `jobs:items` (a job may hold a million keys):
 * the panel asks for the rows on screen, pages are cached per job and
 * filter, and a running job's cached pages are refetched at most once per
 * `ITEMS_REFRESH_MS` while they are shown.
 *
 * Job actions go to the call of the job's kind (`restore:*`, `transfers:*`,
 * `objects:*-operation`); only transfers pause, and bulk operations have no retry. A job
 * that changed the folder on screen (an upload into it, an operation on its
 * bucket) lists the folder again when it ends.
 */
import type { JobItem, JobsEvent, JobSummary } from '../../../shared/ipc/jobs';
import type { ThawApi } from '../../../shared/ipc/contract';
import type { IpcError, Result } from '../../../shared/ipc/result';
import { asIpcError, callThaw } from '../ipc/api';
import type { SliceCreator } from './types';

/** Items per `jobs:items` page the panel asks for. */
export const ITEMS_PAGE = 100;
/** A shown page of a running job is refetched at most this often. */
export const ITEMS_REFRESH_MS = 1_000;

/** The per-key list of one job: its filter, total, and the pages loaded so far. */
export interface JobItemsView {
  /** An item state of the job's kind (`RestoreKeyState`, `TransferFileState`, …), or undefined for every item. */
  state: string | undefined;
  /** Keys matching the filter; null until the first page answers. */
  total: number | null;
  /** Loaded pages by page index (`offset / ITEMS_PAGE`). */
  pages: Record<number, JobItem[]>;
  /** The job's stamp (`jobStamps`) when each page was fetched; an older one means the page may be stale. */
  stamps: Record<number, number>;
  error: IpcError | null;
}

/** State and actions of the jobs slice. */
export interface JobsSlice {
  /** Every job by id. */
  jobs: Record<string, JobSummary>;
  /** The last `jobs:list`: shown in the panel when it failed (not as a toast: startup stays quiet). */
  jobsLoad: { status: 'idle' | 'loading' | 'loaded' } | { status: 'failed'; error: IpcError };
  /** The job whose detail the panel shows. */
  selectedJobId: string | null;
  /** Per-key lists, by job id. */
  jobItems: Record<string, JobItemsView>;
  /** Bumped on every change of a job, so shown pages know they may be stale. */
  jobStamps: Record<string, number>;
  /** Routes one `jobs:event`. */
  applyJobsEvent(event: JobsEvent): void;
  /** Fetches `jobs:list` and adds the jobs not heard of yet. */
  hydrateJobs(): Promise<void>;
  selectJob(jobId: string | null): void;
  /** Ends the job: a restore stops issuing requests (S3 keeps what it accepted), a transfer removes partial files. */
  cancelJob(jobId: string): Promise<boolean>;
  retryFailedJob(jobId: string): Promise<void>;
  resumeJob(jobId: string): Promise<void>;
  /** Stops a transfer moving bytes; finished files and committed ranges are kept. */
  pauseJob(jobId: string): Promise<void>;
  checkJobNow(jobId: string): Promise<void>;
  /** Forgets every finished job (core deletes their journals). */
  clearFinishedJobs(): Promise<void>;
  /** Shows only keys in `state` (undefined: all) in the job's per-key list. */
  setJobItemsFilter(jobId: string, state: string | undefined): void;
  /** Makes sure the pages covering rows [from, to) of the job's list are loaded and fresh. */
  loadJobItems(jobId: string, from: number, to: number): void;
}

const FINAL = new Set(['done', 'failed', 'cancelled']);

/** True for a job that has ended (done, failed or cancelled). */
export function isFinalJob(job: Pick<JobSummary, 'state'>): boolean {
  return FINAL.has(job.state);
}

/** Jobs newest first (the order `jobs:list` uses). */
export function jobsNewestFirst(jobs: Record<string, JobSummary>): JobSummary[] {
  return Object.values(jobs).sort((a, b) => b.startedAt - a.startedAt || (a.jobId < b.jobId ? -1 : 1));
}

/** True when `job` may have changed what the folder on screen lists. */
function touchesFolder(job: JobSummary, state: Pick<JobsSliceHost, 'activeConnectionId' | 'location'>): boolean {
  if (job.connectionId !== state.activeConnectionId || job.bucket !== state.location?.bucket) return false;
  if (job.kind === 'operation') return true;
  return job.kind === 'transfer' && job.transfer.direction === 'upload';
}

type JobsSliceHost = { activeConnectionId: string | null; location: { bucket: string; prefix: string } | null };

const emptyView = (state: string | undefined): JobItemsView => ({ state, total: null, pages: {}, stamps: {}, error: null });

/** Creates the jobs slice. */
export const createJobsSlice: SliceCreator<JobsSlice> = (set, get, deps) => {
  /** Ids seen by events while a `jobs:list` is out; its answer must not overwrite them. */
  let seenDuringHydrate: Set<string> | null = null;
  /** In-flight page requests, `${jobId}|${state}|${page}`. */
  const inFlight = new Set<string>();
  /** Jobs whose shown pages were refetched less than ITEMS_REFRESH_MS ago, with the cooldown's cancel. */
  const cooling = new Map<string, () => void>();
  /** Jobs with stale pages the cooldown held back: refetched when it ends, so a job's last update always shows. */
  const heldBack = new Set<string>();
  /** The rows each job's list last asked for, so the held-back refresh loads what is on screen then. */
  const lastRange = new Map<string, [number, number]>();

  const forgetJob = (jobId: string) => {
    cooling.get(jobId)?.();
    cooling.delete(jobId);
    heldBack.delete(jobId);
    lastRange.delete(jobId);
  };

  const coolDown = (jobId: string) => {
    cooling.set(
      jobId,
      deps.schedule(() => {
        cooling.delete(jobId);
        const range = lastRange.get(jobId);
        if (heldBack.delete(jobId) && range) get().loadJobItems(jobId, range[0], range[1]);
      }, ITEMS_REFRESH_MS),
    );
  };

  const fetchPage = (jobId: string, view: JobItemsView, page: number) => {
    const id = `${jobId}|${view.state ?? ''}|${page}`;
    if (inFlight.has(id)) return;
    inFlight.add(id);
    const stamp = get().jobStamps[jobId] ?? 0;
    const input = { jobId, offset: page * ITEMS_PAGE, limit: ITEMS_PAGE, ...(view.state ? { state: view.state } : {}) };
    void callThaw(deps.api, (a) => a.jobs.items(input))
      .then((res) => {
        const current = get().jobItems[jobId];
        // The filter changed while this page was out: its rows belong to another list.
        if (!current || current.state !== view.state) return;
        set({
          jobItems: {
            ...get().jobItems,
            [jobId]: { ...current, total: res.total, pages: { ...current.pages, [page]: res.items }, stamps: { ...current.stamps, [page]: stamp }, error: null },
          },
        });
      })
      .catch((err: unknown) => {
        const current = get().jobItems[jobId];
        if (current && current.state === view.state) set({ jobItems: { ...get().jobItems, [jobId]: { ...current, error: asIpcError(err) } } });
      })
      .finally(() => {
        inFlight.delete(id);
        // The job changed while this page was out, and a refresh asked meanwhile was skipped
        // as a duplicate: ask again, or the list would keep this stale answer after the job's last change.
        if ((get().jobStamps[jobId] ?? 0) <= stamp) return;
        const range = lastRange.get(jobId);
        if (!range) return;
        if (cooling.has(jobId)) heldBack.add(jobId);
        else get().loadJobItems(jobId, range[0], range[1]);
      });
  };

  /** Runs a job action; errors become a toast, the job's next event shows the outcome. */
  const act = async <T>(fn: (api: ThawApi) => Promise<Result<T>>): Promise<T | null> => {
    try {
      return await callThaw(deps.api, fn);
    } catch (err) {
      get().notifyError(asIpcError(err));
      return null;
    }
  };

  return {
    jobs: {},
    jobsLoad: { status: 'idle' },
    selectedJobId: null,
    jobItems: {},
    jobStamps: {},

    applyJobsEvent(event) {
      if (event.type === 'upsert') {
        const { job } = event;
        seenDuringHydrate?.add(job.jobId);
        const before = get().jobs[job.jobId];
        const jobStamps = { ...get().jobStamps, [job.jobId]: (get().jobStamps[job.jobId] ?? 0) + 1 };
        set({ jobs: { ...get().jobs, [job.jobId]: job }, jobStamps });
        if (before && !isFinalJob(before) && isFinalJob(job) && touchesFolder(job, get())) get().reloadListing();
        return;
      }
      const gone = event.jobIds.filter((id) => {
        seenDuringHydrate?.add(id);
        return id in get().jobs;
      });
      if (gone.length === 0) return;
      const jobs = { ...get().jobs };
      const jobItems = { ...get().jobItems };
      const jobStamps = { ...get().jobStamps };
      for (const id of gone) {
        delete jobs[id];
        delete jobItems[id];
        delete jobStamps[id];
        forgetJob(id);
      }
      const selected = get().selectedJobId;
      set({ jobs, jobItems, jobStamps, selectedJobId: selected && gone.includes(selected) ? null : selected });
    },

    async hydrateJobs() {
      const seen = new Set<string>();
      seenDuringHydrate = seen;
      set({ jobsLoad: { status: 'loading' } });
      try {
        const list = await callThaw(deps.api, (a) => a.jobs.list({}));
        const jobs = { ...get().jobs };
        for (const job of list) if (!seen.has(job.jobId)) jobs[job.jobId] = job;
        set({ jobs, jobsLoad: { status: 'loaded' } });
      } catch (err) {
        set({ jobsLoad: { status: 'failed', error: asIpcError(err) } });
      } finally {
        if (seenDuringHydrate === seen) seenDuringHydrate = null;
      }
    },

    selectJob(jobId) {
      set({ selectedJobId: jobId });
    },

    async cancelJob(jobId) {
      const kind = get().jobs[jobId]?.kind;
      const res = await act((a) => (kind === 'transfer' ? a.transfers.cancel({ jobId }) : kind === 'operation' ? a.objects.cancelOperation({ jobId }) : a.restore.cancel({ jobId })));
      return res?.cancelled ?? false;
    },

    async retryFailedJob(jobId) {
      const kind = get().jobs[jobId]?.kind;
      if (kind === 'operation') return;
      const res = await act((a) => (kind === 'transfer' ? a.transfers.retryFailed({ jobId }) : a.restore.retryFailed({ jobId })));
      const what = kind === 'transfer' ? ['file', 'files'] : ['key', 'keys'];
      if (res) get().notify('info', res.retried > 0 ? `Retrying ${res.retried.toLocaleString('en-US')} failed ${res.retried === 1 ? what[0] : what[1]}` : `No failed ${what[1]} to retry`);
    },

    async resumeJob(jobId) {
      const kind = get().jobs[jobId]?.kind;
      await act((a) => (kind === 'transfer' ? a.transfers.resume({ jobId }) : kind === 'operation' ? a.objects.resumeOperation({ jobId }) : a.restore.resume({ jobId })));
    },

    async pauseJob(jobId) {
      if (get().jobs[jobId]?.kind !== 'transfer') return;
      await act((a) => a.transfers.pause({ jobId }));
    },

    async checkJobNow(jobId) {
      await act((a) => a.restore.checkNow({ jobId }));
    },

    async clearFinishedJobs() {
      const ids = Object.values(get().jobs).filter(isFinalJob).map((j) => j.jobId);
      if (ids.length === 0) return;
      // The `removed` event drops them from the slice; applying the reply too covers a missed event.
      const res = await act((a) => a.jobs.clear({ jobIds: ids }));
      if (res && res.removed.length > 0) get().applyJobsEvent({ type: 'removed', jobIds: res.removed });
    },

    setJobItemsFilter(jobId, state) {
      const current = get().jobItems[jobId];
      if (current && current.state === state) return;
      set({ jobItems: { ...get().jobItems, [jobId]: emptyView(state) } });
    },

    loadJobItems(jobId, from, to) {
      const job = get().jobs[jobId];
      if (!job) return;
      let view = get().jobItems[jobId];
      if (!view) {
        view = emptyView(undefined);
        set({ jobItems: { ...get().jobItems, [jobId]: view } });
      }
      lastRange.set(jobId, [from, to]);
      const stamp = get().jobStamps[jobId] ?? 0;
      const first = Math.max(0, Math.floor(from / ITEMS_PAGE));
      const last = Math.max(first, Math.floor(Math.max(from, to - 1) / ITEMS_PAGE));
      let refreshed = false;
      for (let page = first; page <= last; page++) {
        if (view.total !== null && page * ITEMS_PAGE >= view.total && page > 0) break;
        const missing = !(page in view.pages);
        const stale = !missing && (view.stamps[page] ?? 0) < stamp;
        if (missing || (stale && !cooling.has(jobId))) {
          fetchPage(jobId, view, page);
          if (stale) refreshed = true;
        } else if (stale) heldBack.add(jobId);
      }
      if (refreshed) coolDown(jobId);
    },
  };
};
