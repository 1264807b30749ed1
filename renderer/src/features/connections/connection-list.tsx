/**
 * The sidebar's connection list: a single-select listbox.
 *
 * Arrow keys move the selection (the list holds focus and points at the
 * active option with aria-activedescendant), the way Finder's sidebar does.
 */
import type { KeyboardEvent } from 'react';
import type { ConnectionSummary } from '../../../../shared/ipc/connections';
import { Badge, DatabaseIcon, PaneHeader, SandboxIcon, cx } from '../../kit';
import { useAppStore } from '../../store';
import { connectionSubtitle } from './connection-labels';

const optionId = (id: string) => `connection-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** Lists every connection from `connections:list` and selects the active one. */
export function ConnectionList() {
  const connections = useAppStore((s) => s.connections);
  const activeId = useAppStore((s) => s.activeConnectionId);
  const select = useAppStore((s) => s.selectConnection);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (connections.length === 0) return;
    const index = connections.findIndex((c) => c.id === activeId);
    let next = -1;
    if (event.key === 'ArrowDown') next = Math.min(connections.length - 1, index + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = connections.length - 1;
    const target = connections[next];
    if (target) {
      event.preventDefault();
      select(target.id);
    }
  };

  return (
    <section className="sidebar-section">
      <PaneHeader title="Connections" id="connections-heading" />
      {connections.length === 0 ? (
        <p className="sidebar-note">No connections found.</p>
      ) : (
        <ul
          className="nav-list"
          role="listbox"
          aria-labelledby="connections-heading"
          tabIndex={0}
          aria-activedescendant={activeId ? optionId(activeId) : undefined}
          onKeyDown={onKeyDown}
        >
          {connections.map((c) => (
            <ConnectionItem key={c.id} connection={c} selected={c.id === activeId} onSelect={() => select(c.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ConnectionItem({ connection, selected, onSelect }: { connection: ConnectionSummary; selected: boolean; onSelect(): void }) {
  const Icon = connection.kind === 'sandbox' ? SandboxIcon : DatabaseIcon;
  return (
    <li
      id={optionId(connection.id)}
      role="option"
      aria-selected={selected}
      className={cx('nav-item', selected && 'is-selected')}
      onClick={onSelect}
      title={connection.detail ?? connection.name}
    >
      <Icon className="nav-icon" />
      <span className="nav-text">
        <span className="nav-name">{connection.name}</span>
        <span className="nav-sub">{connectionSubtitle(connection)}</span>
      </span>
      {connection.readOnly && <Badge>Read-only</Badge>}
    </li>
  );
}
