/**
 * "Restore…": plans the selection, shows what it holds, prices every tier,
 * and starts the restore as a job.
 *
 * While the plan runs the dialog shows live counts and Cancel stops it; a
 * finished plan lists its groups, and the user picks a tier (each priced and
 * timed) and the days. Above the cost threshold in settings the amount must
 * be typed to confirm. Closing the dialog cancels the plan.
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, ModalDialog, Spinner } from '../../kit';
import { restoreRefusal, useAppStore } from '../../store';
import type { RestorePlan } from '../../../../shared/ipc/restore';
import { MAX_RESTORE_DAYS, OFFERED_RESTORE_DAYS } from '../../../../shared/restore-rules';
import { describeError } from '../../notify/error-text';
import { formatUtcDate, humanSize } from '../browse/format';
import {
  confirmAmount,
  expiryFor,
  extendableCount,
  formatUsd,
  initialTier,
  planNeedsDays,
  planRows,
  requestCount,
  scopeSentence,
  tableFor,
  tierOptions,
  typedConfirmation,
} from './restore-view';
import './restore.css';

const n = (v: number) => v.toLocaleString('en-US');

/** The dialog; open while `restoreDialog` is set. */
export function RestoreDialog() {
  const dialog = useAppStore((s) => s.restoreDialog);
  const close = useAppStore((s) => s.closeRestore);
  const replan = useAppStore((s) => s.replanRestore);
  const refusal = useAppStore((s) => restoreRefusal(s));
  const plan = dialog?.plan;

  let body = null;
  let footer = <Button onClick={close}>Close</Button>;
  if (dialog && refusal) {
    body = <p className="restore-refusal">{refusal}</p>;
  } else if (plan?.status === 'planning') {
    const p = plan.progress;
    body = (
      <div className="restore-planning" data-testid="restore-planning">
        <Spinner label="Planning the restore" />
        <div>
          <p className="restore-planning-title">Finding archived objects…</p>
          <p className="restore-planning-counts" aria-live="polite">
            {p ? `${n(p.scanned)} examined · ${n(p.archived)} archived` : 'Starting…'}
            {p && p.headsDone + p.headsPending > 0 ? ` · checked ${n(p.headsDone)} of ${n(p.headsDone + p.headsPending)} Intelligent-Tiering tiers` : ''}
          </p>
        </div>
      </div>
    );
    footer = <Button onClick={close}>Cancel</Button>;
  } else if (plan?.status === 'failed') {
    const { title, detail } = describeError(plan.error);
    body = (
      <div className="restore-error" role="alert">
        <p>{title}</p>
        {detail && <p className="restore-muted">{detail}</p>}
      </div>
    );
    footer = (
      <>
        <Button onClick={close}>Close</Button>
        <Button variant="primary" onClick={replan}>
          Try again
        </Button>
      </>
    );
  } else if (plan?.status === 'cancelled') {
    body = <p>The plan was cancelled.</p>;
  }

  if (dialog && !refusal && plan?.status === 'ready') {
    return <ReadyDialog plan={plan.plan} key={plan.plan.planId} />;
  }
  return (
    <ModalDialog open={dialog !== null} title="Restore from archive" onClose={close} className="dialog-restore" footer={footer}>
      {body}
    </ModalDialog>
  );
}

/** The dialog once the plan is known: groups, tiers, days, cost and start. */
function ReadyDialog({ plan }: { plan: RestorePlan }) {
  const dialog = useAppStore((s) => s.restoreDialog);
  const close = useAppStore((s) => s.closeRestore);
  const start = useAppStore((s) => s.startRestore);
  const openRestore = useAppStore((s) => s.openRestore);
  const settings = useAppStore((s) => s.settings);
  const [tier, setTier] = useState(() => initialTier(plan, settings.restore.defaultTier));
  const [daysText, setDaysText] = useState(String(settings.restore.defaultDays));
  const [extend, setExtend] = useState(false);
  const [typed, setTyped] = useState('');
  const [now] = useState(() => Date.now());

  const table = useMemo(() => tableFor(plan, settings), [plan, settings]);
  const days = Number(daysText);
  const daysValid = Number.isInteger(days) && days >= 1 && days <= MAX_RESTORE_DAYS;
  const options = useMemo(() => tierOptions(plan, daysValid ? days : 1, extend, table), [plan, days, daysValid, extend, table]);
  const chosen = options.find((o) => o.tier === tier)?.estimate;
  const rows = planRows(plan);
  const requests = requestCount(plan) + (extend ? extendableCount(plan) : 0);
  const restoring = plan.restoring.reduce((s, g) => s + g.objects, 0);
  const withDays = planNeedsDays(plan, extend);
  const confirmation = chosen?.ok ? typedConfirmation(chosen.total, settings.restore.confirmAboveUsd, typed) : { needed: false as const };
  useEffect(() => setTyped(''), [tier, daysText, extend]);

  const nothing = requests === 0 && restoring === 0;
  const canStart = !nothing && chosen?.ok === true && (!withDays || daysValid) && (!confirmation.needed || confirmation.acknowledged !== null) && !dialog?.starting;
  const onStart = () => {
    if (!canStart) return;
    void start({
      tier,
      extendRestored: extend,
      ...(withDays ? { days } : {}),
      ...(confirmation.needed && confirmation.acknowledged !== null ? { acknowledgedCostUsd: confirmation.acknowledged } : {}),
    });
  };

  return (
    <ModalDialog
      open
      title="Restore from archive"
      onClose={close}
      className="dialog-restore"
      footer={
        <>
          <Button onClick={close}>{nothing ? 'Close' : 'Cancel'}</Button>
          {!nothing && (
            <Button variant="primary" disabled={!canStart} onClick={onStart} data-testid="restore-start">
              {dialog?.starting ? 'Starting…' : requests > 0 ? `Restore ${n(requests)} ${requests === 1 ? 'object' : 'objects'}` : 'Track restores'}
            </Button>
          )}
        </>
      }
    >
      <form
        className="restore-form"
        onSubmit={(e) => {
          e.preventDefault();
          onStart();
        }}
      >
        <p className="restore-scope mono" title={scopeSentence(plan)}>
          {scopeSentence(plan)}
        </p>
        <p className="restore-muted">
          Examined {n(plan.scanned)} {plan.scanned === 1 ? 'object' : 'objects'} in {plan.seconds < 10 ? plan.seconds.toFixed(1) : Math.round(plan.seconds)} s
          {plan.headRequests > 0 ? ` (${n(plan.headRequests)} HEAD requests for Intelligent-Tiering tiers)` : ''}.
        </p>
        <PlanTable plan={plan} rows={rows} />
        {plan.unchecked.length > 0 && dialog && (
          <p className="restore-note" data-testid="restore-unchecked">
            Intelligent-Tiering access tiers were not checked for {n(plan.unchecked.reduce((s, g) => s + g.objects, 0))} objects (a HEAD request each); the estimate assumes the slowest tier.{' '}
            <button type="button" className="link-button" onClick={() => openRestore({ ...dialog.target, checkTiers: true })}>
              Check tiers exactly
            </button>
          </p>
        )}
        {!plan.restoreStatusSupported && <p className="restore-note">This endpoint does not report restore status in listings; Thaw read it with HEAD requests.</p>}
        {nothing ? (
          <p className="restore-nothing" data-testid="restore-nothing">
            Nothing to restore: every selected object is readable already{extendableCount(plan) > 0 ? ' (restored copies can be extended below)' : ''}.
          </p>
        ) : null}
        {(!nothing || extendableCount(plan) > 0) && (
          <>
            {extendableCount(plan) > 0 && (
              <label className="restore-check">
                <input type="checkbox" checked={extend} onChange={(e) => setExtend(e.target.checked)} />
                <span>
                  Also extend the {n(extendableCount(plan))} restored {extendableCount(plan) === 1 ? 'copy' : 'copies'}
                  {plan.restoredEarliestExpiry ? ` (earliest expires ${formatUtcDate(plan.restoredEarliestExpiry)})` : ''}: a new request moves the expiry to the days chosen.
                </span>
              </label>
            )}
            <fieldset className="restore-tiers">
              <legend>Retrieval tier</legend>
              {options.map(({ tier: t, estimate }) => (
                <label key={t} className={`restore-tier${t === tier ? ' is-chosen' : ''}${estimate.ok ? '' : ' is-invalid'}`} data-testid={`tier-${t}`}>
                  <input type="radio" name="restore-tier" value={t} checked={t === tier} disabled={!estimate.ok} onChange={() => setTier(t)} />
                  <span className="restore-tier-name">{t}</span>
                  {estimate.ok ? (
                    <>
                      <span className="restore-tier-time">{estimate.time?.label ?? '—'}</span>
                      <span className="restore-tier-cost">{formatUsd(estimate.total)}</span>
                    </>
                  ) : (
                    <span className="restore-tier-reason">{estimate.message}</span>
                  )}
                </label>
              ))}
            </fieldset>
            {withDays && (
              <div className="restore-days">
                <label htmlFor="restore-days">Keep restored copies for</label>
                <input
                  id="restore-days"
                  className="text-input"
                  type="number"
                  min={1}
                  max={MAX_RESTORE_DAYS}
                  value={daysText}
                  aria-invalid={!daysValid}
                  onChange={(e) => setDaysText(e.target.value)}
                />
                <span>days</span>
                <span className="restore-muted">
                  {daysValid
                    ? `readable until about ${formatUtcDate(expiryFor(now, days))}${days > OFFERED_RESTORE_DAYS ? '; every day costs Standard storage for the copy' : ''}`
                    : `a whole number from 1 to ${MAX_RESTORE_DAYS}`}
                </span>
              </div>
            )}
            {chosen?.ok && <CostLines estimate={chosen} />}
            {confirmation.needed && chosen?.ok && (
              <div className="restore-confirm" data-testid="restore-confirm">
                <label htmlFor="restore-confirm">
                  This is above your confirmation threshold of {formatUsd(settings.restore.confirmAboveUsd)}. Type <strong className="mono">{confirmAmount(chosen.total)}</strong> to confirm the
                  cost.
                </label>
                <input id="restore-confirm" className="text-input mono" inputMode="decimal" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
              </div>
            )}
          </>
        )}
        {dialog?.startError && (
          <p className="restore-error" role="alert">
            {dialog.startError.message}
          </p>
        )}
      </form>
    </ModalDialog>
  );
}

function PlanTable({ plan, rows }: { plan: RestorePlan; rows: ReturnType<typeof planRows> }) {
  if (rows.length === 0) return <p className="restore-muted">The selection holds no objects.</p>;
  return (
    <table className="restore-groups" data-testid="restore-groups">
      <thead>
        <tr>
          <th scope="col">Found</th>
          <th scope="col">Objects</th>
          <th scope="col">Size</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className={`tone-${r.tone}`}>
            <th scope="row">
              {r.label}
              {r.tone === 'restored' && plan.restoredEarliestExpiry ? <span className="restore-row-note">Readable now; the earliest copy expires {formatUtcDate(plan.restoredEarliestExpiry)}.</span> : null}
              {r.note && <span className="restore-row-note">{r.note}</span>}
            </th>
            <td>{n(r.objects)}</td>
            <td title={`${n(r.bytes)} bytes`}>{humanSize(r.bytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CostLines({ estimate }: { estimate: Extract<ReturnType<typeof tierOptions>[number]['estimate'], { ok: true }> }) {
  const priced = `${estimate.pricesOverridden ? 'Your negotiated prices' : 'AWS list prices'} for ${estimate.estimatedFrom ?? estimate.region}, as of ${estimate.sourceDate}`;
  return (
    <div className="restore-cost" data-testid="restore-cost">
      <dl className="kv">
        {estimate.lines
          .filter((l) => l.inTotal && l.usd > 0)
          .map((l) => (
            <div className="kv-row" key={`${l.key}-${l.label}`}>
              <dt>{l.label}</dt>
              <dd>{formatUsd(l.usd)}</dd>
            </div>
          ))}
        <div className="kv-row restore-total">
          <dt>Estimated total</dt>
          <dd data-testid="restore-total">{formatUsd(estimate.total)}</dd>
        </div>
      </dl>
      <p className="restore-muted">
        {priced}
        {estimate.estimatedFrom ? ` (no prices for ${estimate.region} yet: the real price may differ)` : ''}. Archive storage of these objects stays at {formatUsd(estimate.archiveStorageMonthly)} a
        month either way.{estimate.time ? ` Typically ready ${estimate.time.label.startsWith('within') ? estimate.time.label : `in ${estimate.time.label}`}.` : ''}
      </p>
    </div>
  );
}
