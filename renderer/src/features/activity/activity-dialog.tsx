/**
 * The activity log: who restored what, when, and what it cost — newest first,
 * filtered by text, exported as CSV or JSON through main's save dialog.
 */
import { useEffect, useState, type ReactElement } from 'react';
import type { ActivityEntry } from '../../../../shared/ipc/activity';
import { Button, ModalDialog, Spinner } from '../../kit';
import { describeError } from '../../notify/error-text';
import { useAppStore } from '../../store';
import { formatUtcDateTime, humanSize } from '../browse/format';
import { formatUsd } from '../restore/restore-view';
import '../settings/settings.css';

const n = (v: number) => v.toLocaleString('en-US');
/** Typing settles this long before the list is asked again. */
const FILTER_DEBOUNCE_MS = 250;

const OUTCOME_LABEL: Record<ActivityEntry['outcome'], string> = {
  started: 'Running',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  partial: 'Partly done',
};

/** What an entry acted on, in words. */
export function entryScope(e: ActivityEntry): string {
  if (e.key !== undefined) return `s3://${e.bucket}/${e.key}`;
  const parts: string[] = [];
  const prefixes = e.prefixes ?? [];
  if (prefixes.length === 1) parts.push(`s3://${e.bucket}/${prefixes[0]}`);
  else if (prefixes.length > 1) parts.push(`${n(prefixes.length)} folders in s3://${e.bucket}/`);
  if (e.keyCount) parts.push(`${n(e.keyCount)} ${e.keyCount === 1 ? 'object' : 'objects'}${prefixes.length === 0 ? ` in s3://${e.bucket}/` : ''}`);
  return parts.join(' and ') || `s3://${e.bucket}/`;
}

/** The result counts of an entry, e.g. "4,990 restored · 10 failed". */
export function entryResult(e: ActivityEntry): string {
  if (!e.result) return e.detail ?? '';
  const counts = Object.entries(e.result)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${n(v)} ${k}`)
    .join(' · ');
  return [counts, e.detail].filter(Boolean).join(' — ');
}

/** The dialog; open while `activityOpen`. */
export function ActivityDialog() {
  const open = useAppStore((s) => s.activityOpen);
  const close = useAppStore((s) => s.closeActivity);
  const activity = useAppStore((s) => s.activity);
  const load = useAppStore((s) => s.loadActivity);
  const exportActivity = useAppStore((s) => s.exportActivity);
  const notify = useAppStore((s) => s.notify);
  const [text, setText] = useState('');

  useEffect(() => {
    if (!open) setText('');
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const current = activity.status === 'idle' ? null : activity.text;
    if (current === text) return;
    const t = setTimeout(() => void load(text), FILTER_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [open, text, activity, load]);

  const onExport = async (format: 'csv' | 'json') => {
    const res = await exportActivity(format, text);
    if (res) notify('success', `Exported ${n(res.count)} ${res.count === 1 ? 'entry' : 'entries'}`, { detail: res.path });
  };

  let body: ReactElement;
  if (activity.status === 'loaded') {
    body =
      activity.entries.length === 0 ? (
        <p className="activity-empty">{activity.text ? 'No entry matches the filter.' : 'Nothing logged yet. Restores and share links are recorded here.'}</p>
      ) : (
        <div className="activity-scroll">
          <table className="activity-table" data-testid="activity-table">
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Action</th>
                <th scope="col">What</th>
                <th scope="col">Objects</th>
                <th scope="col">Est. cost</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {activity.entries.map((e) => (
                <tr key={e.id}>
                  <td className="when">{formatUtcDateTime(e.at)}</td>
                  <td>
                    {e.action === 'restore' ? 'Restore' : 'Share link'}
                    {e.tier && <span className="activity-sub">{e.days ? `${e.tier} · ${e.days} d` : e.tier}</span>}
                  </td>
                  <td className="activity-what">
                    <span className="mono">{entryScope(e)}</span>
                    <span className="activity-sub">
                      {e.connectionName}
                      {e.identity ? ` · ${e.identity}` : ''}
                    </span>
                  </td>
                  <td className="num">
                    {e.objects !== undefined ? n(e.objects) : '—'}
                    {e.bytes !== undefined && <span className="activity-sub">{humanSize(e.bytes)}</span>}
                  </td>
                  <td className="num">{e.estimatedCostUsd !== undefined ? formatUsd(e.estimatedCostUsd) : '—'}</td>
                  <td>
                    <span className={`outcome-${e.outcome}`}>{OUTCOME_LABEL[e.outcome]}</span>
                    {entryResult(e) && <span className="activity-sub">{entryResult(e)}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  } else if (activity.status === 'failed') {
    body = (
      <p className="activity-empty" role="alert">
        The activity log could not be read: {describeError(activity.error).title}
      </p>
    );
  } else {
    body = (
      <p className="activity-empty">
        <Spinner label="Loading the activity log" />
      </p>
    );
  }

  return (
    <ModalDialog
      open={open}
      title="Activity"
      onClose={close}
      className="dialog-activity"
      footer={
        <>
          <Button onClick={() => void onExport('csv')}>Export CSV…</Button>
          <Button onClick={() => void onExport('json')}>Export JSON…</Button>
          <Button variant="primary" onClick={close}>
            Close
          </Button>
        </>
      }
    >
      <div className="activity-head">
        <input
          className="text-input"
          type="search"
          placeholder="Filter by bucket, prefix, key or identity"
          aria-label="Filter the activity log"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {activity.status === 'loaded' && (
          <span className="activity-count" data-testid="activity-count">
            {activity.entries.length < activity.total ? `newest ${n(activity.entries.length)} of ${n(activity.total)}` : `${n(activity.total)} ${activity.total === 1 ? 'entry' : 'entries'}`}
          </span>
        )}
      </div>
      {activity.status === 'loaded' && activity.problem && <p className="settings-problem">{activity.problem}</p>}
      {body}
    </ModalDialog>
  );
}
