/**
 * "Upload link…": a presigned PUT URL for one key, for a collaborator who
 * has no credentials, with a chosen lifetime (capped like share links) and
 * the headers the upload must send.
 *
 * The URL carries a signature, so it is shown in a read-only field, copied
 * to the clipboard and never logged; closing the dialog forgets it.
 */
import { useState } from 'react';
import { Button, ModalDialog } from '../../kit';
import { nameProblem, useAppStore, type UploadLink } from '../../store';
import { formatUtcDateTime } from '../browse/format';
import { SHARE_TTLS } from '../inspector/share-link-dialog';
import './transfers.css';

/** The dialog; open while `uploadLinkTarget` is set. */
export function UploadLinkDialog() {
  const target = useAppStore((s) => s.uploadLinkTarget);
  if (!target) return null;
  return <UploadLinkForm bucket={target.bucket} initialKey={target.key} key={`${target.bucket}/${target.key}`} />;
}

/** A shell-quoted argument for the example command. */
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function UploadLinkForm({ bucket, initialKey }: { bucket: string; initialKey: string }) {
  const close = useAppStore((s) => s.closeUploadLink);
  const create = useAppStore((s) => s.createUploadLink);
  const copyText = useAppStore((s) => s.copyText);
  const folder = initialKey.endsWith('/') ? initialKey : initialKey.slice(0, initialKey.lastIndexOf('/') + 1);
  const [name, setName] = useState(initialKey.endsWith('/') ? '' : initialKey.slice(folder.length));
  const [ttl, setTtl] = useState(3600);
  const [contentType, setContentType] = useState('');
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<UploadLink | null>(null);
  const problem = nameProblem(name);
  const key = folder + name;

  const curl = link
    ? ['curl -X PUT', ...Object.entries(link.headers).map(([h, v]) => `-H ${quote(`${h}: ${v}`)}`), '-T FILE', quote(link.url)].join(' ')
    : '';

  return (
    <ModalDialog
      open
      title="Upload link"
      onClose={close}
      className="dialog-narrow dialog-upload-link"
      footer={
        <>
          <Button onClick={close}>{link ? 'Done' : 'Cancel'}</Button>
          {!link && (
            <Button
              variant="primary"
              disabled={busy || problem !== null}
              onClick={() => {
                setBusy(true);
                void create({ bucket, key }, ttl, contentType.trim() || undefined).then((made) => {
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
      <p className="share-lead">Anyone with the link can upload one file to this key until it expires, without credentials. An existing object there is replaced.</p>
      <div className="transfer-field">
        <label htmlFor="upload-link-key">Key</label>
        <div className="transfer-key">
          <span className="mono transfer-muted" title={`s3://${bucket}/${folder}`}>
            {folder || '/'}
          </span>
          <input id="upload-link-key" className="text-input mono" value={name} disabled={Boolean(link)} spellCheck={false} onChange={(e) => setName(e.target.value)} />
        </div>
        {name !== '' && problem && <p className="transfer-problem">{problem}</p>}
      </div>
      <div className="transfer-field">
        <label htmlFor="upload-link-type">Content type (optional)</label>
        <input id="upload-link-type" className="text-input mono" placeholder="application/octet-stream" value={contentType} disabled={Boolean(link)} onChange={(e) => setContentType(e.target.value)} />
      </div>
      <fieldset className="share-ttl" disabled={Boolean(link)}>
        <legend>Link expires after</legend>
        {SHARE_TTLS.map((t) => (
          <label key={t.seconds} className="share-ttl-option">
            <input type="radio" name="upload-link-ttl" value={t.seconds} checked={ttl === t.seconds} onChange={() => setTtl(t.seconds)} />
            {t.label}
          </label>
        ))}
      </fieldset>
      {link && (
        <div className="share-result" data-testid="upload-link-result">
          <label htmlFor="upload-link-url" className="share-label">
            Link (copied to the clipboard)
          </label>
          <div className="share-url-row">
            <input id="upload-link-url" className="text-input mono" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
            <Button onClick={() => void copyText(link.url, 'upload link')}>Copy</Button>
          </div>
          <p className="share-expiry">Expires {formatUtcDateTime(link.expiresAt)}</p>
          <p className="transfer-muted">The upload must be an HTTP PUT{Object.keys(link.headers).length > 0 ? ' with these headers' : ''}, for example:</p>
          <pre className="transfer-curl mono">{curl}</pre>
          <Button onClick={() => void copyText(curl, 'upload command')}>Copy command</Button>
        </div>
      )}
    </ModalDialog>
  );
}
