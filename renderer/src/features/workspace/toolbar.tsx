/**
 * The main pane's toolbar: where you are (breadcrumb) and pane toggles.
 *
 * The browsing screens extend `crumbs` with bucket and prefix segments.
 */
import { Breadcrumb, DatabaseIcon, IconButton, SandboxIcon, SidePanelIcon, type Crumb } from '../../kit';
import { useAppStore } from '../../store';

/** Breadcrumb of the active connection, plus the inspector toggle. */
export function Toolbar() {
  const active = useAppStore((s) => s.connections.find((c) => c.id === s.activeConnectionId));
  const inspectorOpen = useAppStore((s) => s.inspectorOpen);
  const toggleInspector = useAppStore((s) => s.toggleInspector);

  const crumbs: Crumb[] = active
    ? [
        {
          key: `connection:${active.id}`,
          label: active.name,
          icon: active.kind === 'sandbox' ? <SandboxIcon className="crumb-icon" /> : <DatabaseIcon className="crumb-icon" />,
        },
      ]
    : [];

  return (
    <div className="toolbar">
      <Breadcrumb segments={crumbs} empty="No connection selected" />
      <div className="toolbar-actions">
        <IconButton
          label={inspectorOpen ? 'Hide inspector' : 'Show inspector'}
          pressed={inspectorOpen}
          icon={<SidePanelIcon />}
          onClick={toggleInspector}
        />
      </div>
    </div>
  );
}
