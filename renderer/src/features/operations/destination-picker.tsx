/**
 * Where a copy or move goes: a bucket of the same connection and a prefix,
 * typed or picked by walking the bucket's folders.
 */
import { useEffect } from 'react';
import { Spinner } from '../../kit';
import { parentPrefix, useAppStore, type OperationDestination } from '../../store';
import { FolderIcon, UpIcon } from '../browse/browse-icons';

/** The picker; the parent owns the destination. */
export function DestinationPicker({ value, onChange }: { value: OperationDestination; onChange(next: OperationDestination): void }) {
  const buckets = useAppStore((s) => (s.buckets.status === 'loaded' ? s.buckets.buckets : []));
  const picker = useAppStore((s) => s.pickerFolders);
  const load = useAppStore((s) => s.loadPickerFolders);
  const prefixValid = value.prefix === '' || value.prefix.endsWith('/');

  useEffect(() => {
    if (!prefixValid) return;
    void load(value.bucket, value.prefix);
  }, [value.bucket, value.prefix, prefixValid, load]);

  const names = buckets.map((b) => b.name);
  if (!names.includes(value.bucket)) names.unshift(value.bucket);
  const shown = picker && picker.bucket === value.bucket && picker.prefix === value.prefix ? picker : null;

  return (
    <div className="dest-picker" data-testid="destination-picker">
      <div className="dest-row">
        <label className="dest-field">
          <span>Bucket</span>
          <select value={value.bucket} onChange={(e) => onChange({ bucket: e.target.value, prefix: '' })} data-testid="destination-bucket">
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="dest-field dest-prefix">
          <span>Folder</span>
          <input
            className="text-input mono"
            value={value.prefix}
            placeholder="(bucket root)"
            spellCheck={false}
            aria-invalid={!prefixValid}
            onChange={(e) => onChange({ ...value, prefix: e.target.value })}
            data-testid="destination-prefix"
          />
        </label>
      </div>
      {!prefixValid && <p className="transfer-problem">A folder ends in “/”.</p>}
      <div className="dest-folders" role="listbox" aria-label="Folders">
        {value.prefix !== '' && (
          <button type="button" className="dest-folder" onClick={() => onChange({ ...value, prefix: parentPrefix(value.prefix) })}>
            <UpIcon /> Up one level
          </button>
        )}
        {shown?.status === 'loading' && (
          <p className="dest-note">
            <Spinner label="Loading folders" /> Loading folders…
          </p>
        )}
        {shown?.status === 'failed' && <p className="dest-note transfer-problem">{shown.error?.message ?? 'Could not list folders.'}</p>}
        {shown?.status === 'loaded' && shown.folders.length === 0 && <p className="dest-note">No folders here.</p>}
        {shown?.folders.map((f) => (
          <button key={f} type="button" role="option" aria-selected={false} className="dest-folder" onClick={() => onChange({ ...value, prefix: f })}>
            <FolderIcon className="t-icon-folder" /> {f.slice(value.prefix.length)}
          </button>
        ))}
        {shown?.more && <p className="dest-note">More folders exist: type the folder’s name.</p>}
      </div>
      <p className="transfer-muted mono" data-testid="destination-uri">
        → s3://{value.bucket}/{value.prefix}
      </p>
    </div>
  );
}
