/**
 * The right-hand inspector: what the selection is.
 *
 * One object: its HeadObject details, its versions and a preview. One folder: its path.
 * Several rows: count, total size and the breakdown by storage class,
 * computed from the columnar rows without a request.
 */
import { EmptyState, InspectIcon, PaneHeader } from '../../kit';
import { useAppStore } from '../../store';
import { MultiSummary } from './multi-summary';
import { ObjectDetailsView } from './object-details';
import { ObjectPreview } from './object-preview';
import { ShareLinkDialog } from './share-link-dialog';
import { VersionsSection } from '../versions/versions-section';

/** The inspector region's content. */
export function InspectorPane() {
  const selectionSize = useAppStore((s) => s.selectionSize);
  const inspected = useAppStore((s) => s.inspected);
  const folder = useAppStore((s) => {
    if (s.selectionSize !== 1 || !s.location) return null;
    const [row] = s.getSelection().all();
    const rows = s.getRows();
    return row !== undefined && rows.isFolder(row) ? s.location.prefix + rows.name(row) : null;
  });
  const bucket = useAppStore((s) => s.location?.bucket);
  const sharing = useAppStore((s) => s.shareTarget !== null);

  let body;
  if (selectionSize > 1) body = <MultiSummary />;
  else if (folder !== null && bucket) body = <FolderSummary bucket={bucket} prefix={folder} />;
  else if (inspected) {
    body = (
      <>
        <ObjectDetailsView />
        <VersionsSection bucket={inspected.bucket} objectKey={inspected.key} />
        <ObjectPreview />
      </>
    );
  } else {
    body = <EmptyState icon={<InspectIcon size={28} />} title="Nothing selected" hint="Select an object to see its metadata, storage class and restore status." />;
  }

  return (
    <div className="pane inspector" data-testid="inspector">
      <PaneHeader title="Inspector" />
      <div className="inspector-body">{body}</div>
      {/* Mounted only while open, so no empty <dialog> sits in the page. */}
      {sharing && <ShareLinkDialog />}
    </div>
  );
}

function FolderSummary({ bucket, prefix }: { bucket: string; prefix: string }) {
  const navigate = useAppStore((s) => s.navigate);
  return (
    <div className="insp-section">
      <h3 className="insp-title" title={prefix}>
        {prefix.slice(0, -1).split('/').pop()}/
      </h3>
      <p className="insp-path mono">
        s3://{bucket}/{prefix}
      </p>
      <button type="button" className="btn btn-default insp-action" onClick={() => navigate({ bucket, prefix })}>
        Open folder
      </button>
    </div>
  );
}
