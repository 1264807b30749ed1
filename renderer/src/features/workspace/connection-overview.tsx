/**
 * The main pane before any bucket is open: what the active connection is.
 */
import { Badge, DatabaseIcon, EmptyState, KeyValueList, SandboxIcon, type KeyValue } from '../../kit';
import { useAppStore } from '../../store';
import { kindLabel } from '../connections/connection-labels';

/** Name, kind, region, endpoint and access of the active connection. */
export function ConnectionOverview() {
  const active = useAppStore((s) => s.connections.find((c) => c.id === s.activeConnectionId));
  if (!active) {
    return <EmptyState icon={<DatabaseIcon size={28} />} title="No connection selected" hint="Choose a connection in the sidebar." />;
  }
  const Icon = active.kind === 'sandbox' ? SandboxIcon : DatabaseIcon;
  const items: KeyValue[] = [
    { key: 'Kind', value: kindLabel(active.kind) },
    { key: 'Region', value: active.region ?? 'Not set', mono: Boolean(active.region) },
    { key: 'Endpoint', value: active.endpoint ?? (active.kind === 'sandbox' ? 'Built in (local)' : 'AWS'), mono: Boolean(active.endpoint) },
    { key: 'Access', value: active.readOnly ? 'Read-only' : 'Read and write' },
  ];
  return (
    <div className="overview">
      <div className="overview-head">
        <Icon size={28} className="overview-icon" />
        <div>
          <h1 className="overview-title">{active.name}</h1>
          {active.detail && <p className="overview-detail">{active.detail}</p>}
        </div>
        {active.readOnly && (
          <div className="overview-badges">
            <Badge tone="warning">Read-only</Badge>
          </div>
        )}
      </div>
      <KeyValueList items={items} className="overview-kv" />
    </div>
  );
}
