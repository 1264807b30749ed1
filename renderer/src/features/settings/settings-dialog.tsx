/**
 * Settings: restore defaults and limits, files per transfer job, notifications, activity-log retention.
 *
 * The form edits a draft; Save sends only what changed as one `settings:set`
 * patch, checked first against the same schema the core uses, so a bad
 * value is named beside its field and nothing is sent. Every setting applies
 * at once (the core reads settings on every use).
 */
import { useEffect, useState, type ReactElement } from 'react';
import { settingsPatch, type Settings } from '../../../../shared/ipc/settings';
import { MAX_RESTORE_DAYS, RESTORE_TIERS } from '../../../../shared/restore-rules';
import { Button, ModalDialog } from '../../kit';
import { describeError } from '../../notify/error-text';
import { useAppStore, type SettingsPatch } from '../../store';
import './settings.css';

/** The form's fields as typed (numbers stay text until saved). */
interface Draft {
  defaultTier: Settings['restore']['defaultTier'];
  defaultDays: string;
  confirmAboveUsd: string;
  requestsPerSecond: string;
  concurrency: string;
  filesAtOnce: string;
  notifications: boolean;
  activityRetentionDays: string;
}

function draftOf(s: Settings): Draft {
  return {
    defaultTier: s.restore.defaultTier,
    defaultDays: String(s.restore.defaultDays),
    confirmAboveUsd: String(s.restore.confirmAboveUsd),
    requestsPerSecond: String(s.restore.requestsPerSecond),
    concurrency: String(s.restore.concurrency),
    filesAtOnce: String(s.transfers.filesAtOnce),
    notifications: s.notifications,
    activityRetentionDays: String(s.activityRetentionDays),
  };
}

const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/**
 * The patch a draft makes against `current` (changed fields only), or the
 * problem of each field the schema refuses.
 */
export function patchFromDraft(draft: Draft, current: Settings): { ok: true; patch: SettingsPatch } | { ok: false; problems: Partial<Record<keyof Draft, string>> } {
  const restore: Record<string, unknown> = {};
  const r = current.restore;
  if (draft.defaultTier !== r.defaultTier) restore.defaultTier = draft.defaultTier;
  for (const field of ['defaultDays', 'confirmAboveUsd', 'requestsPerSecond', 'concurrency'] as const) {
    const v = num(draft[field]);
    if (v !== r[field]) restore[field] = v;
  }
  const patch: Record<string, unknown> = {};
  if (Object.keys(restore).length > 0) patch.restore = restore;
  const filesAtOnce = num(draft.filesAtOnce);
  if (filesAtOnce !== current.transfers.filesAtOnce) patch.transfers = { filesAtOnce };
  if (draft.notifications !== current.notifications) patch.notifications = draft.notifications;
  const retention = num(draft.activityRetentionDays);
  if (retention !== current.activityRetentionDays) patch.activityRetentionDays = retention;
  const parsed = settingsPatch.safeParse(patch);
  if (parsed.success) return { ok: true, patch: parsed.data };
  const problems: Partial<Record<keyof Draft, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[issue.path.length - 1] as keyof Draft;
    problems[field] ??= issue.message.replace(/^Invalid input: /, '');
  }
  return { ok: false, problems };
}

/** The dialog; open while `settingsOpen`. */
export function SettingsDialog() {
  const open = useAppStore((s) => s.settingsOpen);
  const close = useAppStore((s) => s.closeSettings);
  const settings = useAppStore((s) => s.settings);
  const problem = useAppStore((s) => s.settingsProblem);
  const loadError = useAppStore((s) => s.settingsError);
  const save = useAppStore((s) => s.saveSettings);
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [problems, setProblems] = useState<Partial<Record<keyof Draft, string>>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setDraft(draftOf(settings));
      setProblems({});
    }
  }, [open, settings]);

  const edit = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    // A field's problem is about the value it had; editing it clears the sentence until the next Save.
    setProblems(({ [key]: _gone, ...rest }) => rest);
  };
  const onSave = async () => {
    const result = patchFromDraft(draft, settings);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems({});
    if (Object.keys(result.patch).length === 0) return close();
    setBusy(true);
    const saved = await save(result.patch);
    setBusy(false);
    if (saved) close();
  };

  const field = (key: keyof Draft, label: string, hint: string, input: ReactElement) => (
    <div className="settings-field">
      <label htmlFor={`settings-${key}`}>{label}</label>
      {input}
      <p className={problems[key] ? 'field-problem' : 'settings-hint'} id={`settings-${key}-hint`}>
        {problems[key] ?? hint}
      </p>
    </div>
  );
  const numberInput = (key: keyof Draft, step = '1') => (
    <input
      id={`settings-${key}`}
      className="text-input"
      type="number"
      step={step}
      value={draft[key] as string}
      aria-invalid={Boolean(problems[key])}
      aria-describedby={`settings-${key}-hint`}
      onChange={(e) => edit(key, e.target.value as never)}
    />
  );

  return (
    <ModalDialog
      open={open}
      title="Settings"
      onClose={close}
      className="dialog-settings"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" disabled={busy} onClick={() => void onSave()} data-testid="settings-save">
            Save
          </Button>
        </>
      }
    >
      {problem && (
        <p className="settings-problem" role="status">
          {problem}
        </p>
      )}
      {loadError && (
        <p className="settings-problem" role="alert">
          Settings could not be read ({describeError(loadError).title}); the defaults are shown.
        </p>
      )}
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void onSave();
        }}
      >
        <fieldset>
          <legend>Restore</legend>
          {field(
            'defaultTier',
            'Default tier',
            'Preselected when valid for the selection.',
            <select id="settings-defaultTier" value={draft.defaultTier} onChange={(e) => edit('defaultTier', e.target.value as Draft['defaultTier'])}>
              {RESTORE_TIERS.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>,
          )}
          {field('defaultDays', 'Default days', `How long restored copies stay readable, 1–${MAX_RESTORE_DAYS}.`, numberInput('defaultDays'))}
          {field('confirmAboveUsd', 'Confirm above (USD)', 'Restores estimated above this ask you to type the amount.', numberInput('confirmAboveUsd', '0.01'))}
          {field('requestsPerSecond', 'Requests per second', 'S3 allows about 1,000 a second per account, shared with everyone using it.', numberInput('requestsPerSecond'))}
          {field('concurrency', 'Requests at once', 'Restore requests in flight at the same time.', numberInput('concurrency'))}
        </fieldset>
        <fieldset>
          <legend>Downloads and uploads</legend>
          {field('filesAtOnce', 'Files at once', 'Files each transfer job moves at the same time, 1–256; running jobs follow a change.', numberInput('filesAtOnce'))}
        </fieldset>
        <fieldset>
          <legend>General</legend>
          <label className="settings-check">
            <input type="checkbox" checked={draft.notifications} onChange={(e) => edit('notifications', e.target.checked)} />
            Desktop notification when a long job finishes or fails
          </label>
          {field('activityRetentionDays', 'Keep activity for (days)', 'Older entries of the activity log are dropped.', numberInput('activityRetentionDays'))}
        </fieldset>
      </form>
    </ModalDialog>
  );
}
