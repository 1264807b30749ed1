/**
 * HeadObject details of the inspected object, with actions (download, share,
 * restore, edit metadata & tags), the metadata editor, and the raw header
 * list on demand.
 */
import { useState, type ReactNode } from 'react';
import { Button, KeyValueList, SnowflakeIcon, Spinner, type KeyValue } from '../../kit';
import { keyFolder, useAppStore, useAppStoreApi, writeRefusal } from '../../store';
import { editMetadataOf } from '../actions/object-actions';
import { restoreObject } from '../restore/restore-actions';
import { StorageClassBadge } from '../browse/badges';
import { CopyIcon, DownloadIcon, LinkIcon } from '../browse/browse-icons';
import { MetadataEditor } from './metadata-editor';
import { formatUtcDateTime, humanSize } from '../browse/format';
import { s3Uri } from '../../../../shared/s3-uri';
import { storageClassIndex } from '../../../../shared/ipc/listing';
import type { ObjectDetails } from '../../../../shared/ipc/browse';

const RESTORE_TONE: Record<ObjectDetails['restore']['state'], string> = {
  none: 'rs-none',
  archived: 'rs-archived',
  'in-progress': 'rs-restoring',
  restored: 'rs-restored',
};

/** Builds the key/value rows of the details list, skipping what S3 did not send. */
export function detailRows(d: ObjectDetails): KeyValue[] {
  const items: KeyValue[] = [];
  const add = (key: string, value: ReactNode | undefined, mono = false) => {
    if (value !== undefined && value !== '') items.push({ key, value, mono });
  };
  add('Size', <span title={`${d.size.toLocaleString()} bytes`}>{`${humanSize(d.size)} (${d.size.toLocaleString()} bytes)`}</span>);
  add('Last modified', d.lastModified ? formatUtcDateTime(d.lastModified) : undefined);
  add('ETag', d.etag, true);
  add('Content type', d.contentType, true);
  add('Content encoding', d.contentEncoding, true);
  add('Cache control', d.cacheControl, true);
  add('Content disposition', d.contentDisposition, true);
  add('Storage class', <StorageClassBadge classIndex={storageClassIndex(d.storageClass)} />);
  add('Archive status', d.archiveStatus, true);
  add('Restore', d.restore.state === 'none' ? undefined : <span className={`rs-text ${RESTORE_TONE[d.restore.state]}`}>{d.restore.sentence}</span>);
  add('Encryption', d.serverSideEncryption, true);
  add('KMS key', d.kmsKeyId, true);
  for (const [alg, value] of Object.entries(d.checksums)) add(`Checksum ${alg}`, value, true);
  add('Checksum type', d.checksumType, true);
  add('Parts', d.partsCount?.toLocaleString());
  add('Version', d.versionId, true);
  return items;
}

/** Metadata of the inspected object. */
export function ObjectDetailsView() {
  const inspected = useAppStore((s) => s.inspected);
  const details = useAppStore((s) => s.details);
  const copyText = useAppStore((s) => s.copyText);
  const openShare = useAppStore((s) => s.openShareDialog);
  const readOnly = useAppStore((s) => s.connections.find((c) => c.id === s.activeConnectionId)?.readOnly === true);
  const writeOff = useAppStore((s) => writeRefusal(s));
  const editing = useAppStore((s) => s.metadataEditing);
  const connectionId = useAppStore((s) => s.activeConnectionId);
  const planDownload = useAppStore((s) => s.planDownload);
  const store = useAppStoreApi();
  const [raw, setRaw] = useState(false);
  if (!inspected) return null;
  const isEditing = editing !== null && editing.bucket === inspected.bucket && editing.key === inspected.key;
  const archived = details.status === 'loaded' && (details.data.restore.state === 'archived' || details.data.restore.state === 'in-progress');
  const name = inspected.key.slice(inspected.key.lastIndexOf('/') + 1) || inspected.key;

  return (
    <div className="insp-section" data-testid="object-details">
      <h3 className="insp-title" title={inspected.key}>
        {name}
      </h3>
      <p className="insp-path mono">{s3Uri(inspected.bucket, inspected.key)}</p>
      <div className="insp-actions">
        {connectionId && (
          <Button
            icon={<DownloadIcon />}
            disabled={archived}
            title={archived ? 'Archived: restore it before downloading' : 'Download this object to a folder'}
            onClick={() => void planDownload({ connectionId, bucket: inspected.bucket, prefixes: [], keys: [{ key: inspected.key }], base: keyFolder(inspected.key) })}
            data-testid="inspector-download"
          >
            Download…
          </Button>
        )}
        <Button icon={<CopyIcon />} onClick={() => void copyText(s3Uri(inspected.bucket, inspected.key), 'S3 URI')}>
          Copy URI
        </Button>
        <Button icon={<LinkIcon />} onClick={() => openShare(inspected)}>
          Share link…
        </Button>
        {details.status === 'loaded' && (details.data.restore.state === 'archived' || details.data.restore.state === 'restored') && (
          <Button
            icon={<SnowflakeIcon />}
            disabled={readOnly}
            title={readOnly ? 'This connection is read-only' : undefined}
            onClick={() => restoreObject(store.getState(), inspected)}
            data-testid="inspector-restore"
          >
            {details.data.restore.state === 'restored' ? 'Extend restore…' : 'Restore…'}
          </Button>
        )}
      </div>
      {details.status === 'loading' && (
        <p className="insp-note">
          <Spinner label="Loading details" /> Reading metadata…
        </p>
      )}
      {details.status === 'failed' && (
        <p className="insp-note insp-error" role="alert">
          {details.error.message}
        </p>
      )}
      {details.status === 'loaded' && (
        <>
          <KeyValueList items={detailRows(details.data)} className="insp-kv" />
          {isEditing ? (
            <MetadataEditor details={details.data} key={`${details.data.key}:${details.data.etag ?? ''}`} />
          ) : (
            <>
              <MapSection title="User metadata" entries={details.data.metadata} empty="None" prefix="x-amz-meta-" />
              {details.data.tags ? (
                <MapSection title="Tags" entries={details.data.tags} empty="None" />
              ) : (
                <p className="insp-note">Tags: {details.data.tagsReason ?? 'could not be read'}</p>
              )}
              <button
                type="button"
                className="insp-toggle insp-edit-toggle"
                disabled={writeOff !== null}
                title={writeOff ?? 'Change the user metadata, content type and tags'}
                onClick={() => editMetadataOf(store.getState(), inspected)}
                data-testid="inspector-edit-metadata"
              >
                Edit metadata &amp; tags…
              </button>
            </>
          )}
          <button type="button" className="insp-toggle" aria-expanded={raw} onClick={() => setRaw(!raw)}>
            {raw ? 'Hide raw headers' : 'Show raw headers'}
          </button>
          {raw && <MapSection title="Response headers" entries={details.data.rawHeaders} empty="None" />}
        </>
      )}
    </div>
  );
}

function MapSection({ title, entries, empty, prefix = '' }: { title: string; entries: Record<string, string>; empty: string; prefix?: string }) {
  const list = Object.entries(entries);
  return (
    <div className="insp-map">
      <h4 className="insp-subtitle">{title}</h4>
      {list.length === 0 ? (
        <p className="insp-note">{empty}</p>
      ) : (
        <KeyValueList items={list.map(([k, v]) => ({ key: `${prefix}${k}`, value: v, mono: true }))} className="insp-kv insp-kv-map" />
      )}
    </div>
  );
}
