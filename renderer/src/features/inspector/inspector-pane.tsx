/**
 * The right-hand inspector. Empty until the browsing screens give it a selection.
 */
import { EmptyState, InspectIcon, PaneHeader } from '../../kit';

/** The inspector region's content. */
export function InspectorPane() {
  return (
    <div className="pane">
      <PaneHeader title="Inspector" />
      <EmptyState icon={<InspectIcon size={28} />} title="Nothing selected" hint="Select an object to see its metadata, storage class and restore status." />
    </div>
  );
}
