/**
 * "Edit metadata & tags" in the inspector: the object's user metadata,
 * content type and tags as editable rows, saved with `objects:update-metadata`
 * (S3 replaces metadata by copying the object onto itself).
 *
 * Tags are sent only when they could be read and were changed, so a save
 * never wipes tags Thaw could not see.
 */
import { useState } from 'react';
import type { ObjectDetails } from '../../../../shared/ipc/browse';
import type { IpcError } from '../../../../shared/ipc/result';
import { Button, PairsEditor, type Pair } from '../../kit';
import { ErrorLine } from '../../notify/error-line';
import { useAppStore } from '../../store';
import { checkMetadata } from '../transfers/transfer-view';
import './metadata-editor.css';

const toRows = (map: Record<string, string>): Pair[] => Object.entries(map).map(([name, value]) => ({ name, value }));

/** Checks tag rows: S3 allows 10, keys of 1–128 characters, values up to 256. */
export function checkTags(rows: readonly Pair[]): { problems: Array<string | null>; tags: Record<string, string> | null } {
  const seen = new Set<string>();
  const tags: Record<string, string> = {};
  let ok = true;
  const problems = rows.map((row) => {
    const name = row.name.trim();
    if (name === '' && row.value === '') return null;
    let problem: string | null = null;
    if (name === '') problem = 'Give the tag a key.';
    else if (name.length > 128) problem = 'Tag keys are at most 128 characters.';
    else if (seen.has(name)) problem = 'This key is used twice.';
    else if (row.value.length > 256) problem = 'Tag values are at most 256 characters.';
    seen.add(name);
    if (problem) ok = false;
    else tags[name] = row.value;
    return problem;
  });
  if (Object.keys(tags).length > 10) return { problems, tags: null };
  return { problems, tags: ok ? tags : null };
}

const same = (a: Record<string, string>, b: Record<string, string>) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
};

/** The editor for one loaded object. */
export function MetadataEditor({ details }: { details: ObjectDetails }) {
  const save = useAppStore((s) => s.saveMetadata);
  const cancel = useAppStore((s) => s.editMetadata);
  const [meta, setMeta] = useState<Pair[]>(() => toRows(details.metadata));
  const [tagRows, setTagRows] = useState<Pair[]>(() => toRows(details.tags ?? {}));
  const [contentType, setContentType] = useState(details.contentType ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const metaCheck = checkMetadata(meta);
  const tagCheck = checkTags(tagRows);
  const tagsReadable = details.tags !== null;
  const valid = metaCheck.metadata !== null && (!tagsReadable || tagCheck.tags !== null);

  const onSave = async () => {
    if (!valid || !metaCheck.metadata) return;
    setBusy(true);
    setError(null);
    const tagsChanged = tagsReadable && tagCheck.tags !== null && !same(tagCheck.tags, details.tags ?? {});
    const failed = await save(
      { bucket: details.bucket, key: details.key },
      {
        metadata: metaCheck.metadata,
        ...(contentType.trim() ? { contentType: contentType.trim() } : {}),
        ...(tagsChanged && tagCheck.tags ? { tags: tagCheck.tags } : {}),
      },
    );
    setBusy(false);
    if (failed) setError(failed);
  };

  return (
    <form
      className="insp-edit"
      data-testid="metadata-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void onSave();
      }}
    >
      <h4 className="insp-subtitle">Edit metadata &amp; tags</h4>
      <label className="insp-edit-field">
        <span>Content type</span>
        <input className="text-input mono" value={contentType} spellCheck={false} onChange={(e) => setContentType(e.target.value)} />
      </label>
      <span className="insp-edit-label">User metadata</span>
      <PairsEditor rows={meta} onChange={setMeta} problems={metaCheck.problems} placeholder={{ name: 'sample-count', value: '12000' }} addLabel="Add metadata" nameLabel="Metadata name" valueLabel="Metadata value" />
      <span className="insp-edit-label">Tags</span>
      {tagsReadable ? (
        <PairsEditor rows={tagRows} onChange={setTagRows} problems={tagCheck.problems} placeholder={{ name: 'project', value: 'vision' }} addLabel="Add tag" nameLabel="Tag key" valueLabel="Tag value" max={10} />
      ) : (
        <p className="insp-note">Tags could not be read ({details.tagsReason ?? 'no permission'}), so they are left as they are.</p>
      )}
      <p className="insp-note">Saving copies the object onto itself with the new metadata; on a versioned bucket that makes a new version.</p>
      {error && <ErrorLine error={error} />}
      <div className="insp-actions">
        <Button onClick={() => cancel(null)}>Cancel</Button>
        <Button variant="primary" type="submit" disabled={!valid || busy} data-testid="metadata-save">
          {busy ? 'Saving…' : 'Save'}
        </Button>
      </div>
    </form>
  );
}
