/**
 * "Share link…": a presigned GET URL for a chosen lifetime, copied to the clipboard.
 *
 * The URL carries a signature, so it is shown in a read-only field for the
 * user and never logged; closing the dialog forgets it.
 */
import { useEffect, useState } from 'react';
import { Button, ModalDialog } from '../../kit';
import { useAppStore } from '../../store';
import { formatUtcDateTime } from '../browse/format';
import type { ShareLink } from '../../../../shared/ipc/browse';

/** Lifetimes offered; 10 minutes is the default, 7 days the most S3 allows. */
export const SHARE_TTLS: Array<{ seconds: number; label: string }> = [
  { seconds: 600, label: '10 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '1 day' },
  { seconds: 604_800, label: '7 days' },
];

/** The dialog; open while `shareTarget` is set. */
export function ShareLinkDialog() {
  const target = useAppStore((s) => s.shareTarget);
  const close = useAppStore((s) => s.closeShareDialog);
  const create = useAppStore((s) => s.createShareLink);
  const copyText = useAppStore((s) => s.copyText);
  const [ttl, setTtl] = useState(600);
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<ShareLink | null>(null);

  useEffect(() => {
    setLink(null);
    setTtl(600);
  }, [target]);

  const name = target ? target.key.slice(target.key.lastIndexOf('/') + 1) : '';
  return (
    <ModalDialog
      open={target !== null}
      title="Share link"
      onClose={close}
      className="dialog-narrow"
      footer={
        <>
          <Button onClick={close}>{link ? 'Done' : 'Cancel'}</Button>
          {!link && (
            <Button
              variant="primary"
              disabled={busy}
              onClick={() => {
                if (!target) return;
                setBusy(true);
                void create(target, ttl).then((made) => {
                  setBusy(false);
                  setLink(made);
                });
              }}
            >
              Create and copy link
            </Button>
          )}
        </>
      }
    >
      <p className="share-lead">
        Anyone with the link can download <strong>{name}</strong> until it expires, without credentials.
      </p>
      <fieldset className="share-ttl" disabled={Boolean(link)}>
        <legend>Link expires after</legend>
        {SHARE_TTLS.map((t) => (
          <label key={t.seconds} className="share-ttl-option">
            <input type="radio" name="share-ttl" value={t.seconds} checked={ttl === t.seconds} onChange={() => setTtl(t.seconds)} />
            {t.label}
          </label>
        ))}
      </fieldset>
      {link && (
        <div className="share-result" data-testid="share-result">
          <label htmlFor="share-url" className="share-label">
            Link (copied to the clipboard)
          </label>
          <div className="share-url-row">
            <input id="share-url" className="text-input mono" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
            <Button onClick={() => void copyText(link.url, 'share link')}>Copy</Button>
          </div>
          <p className="share-expiry" data-testid="share-expiry">
            Expires {formatUtcDateTime(link.expiresAt)}
            {link.clampedReason ? ` — ${link.clampedReason}` : ''}
          </p>
        </div>
      )}
    </ModalDialog>
  );
}
