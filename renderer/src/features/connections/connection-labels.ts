/**
 * Words for connection kinds, shared by the sidebar, toolbar and overview.
 */
import type { ConnectionKind, ConnectionSummary } from '../../../../shared/ipc/connections';

const KIND_LABEL: Record<ConnectionKind, string> = {
  sandbox: 'Sandbox',
  profile: 'AWS profile',
  environment: 'Environment',
  custom: 'Custom endpoint',
};

/** "AWS profile", "Sandbox", … */
export function kindLabel(kind: ConnectionKind): string {
  return KIND_LABEL[kind] ?? kind;
}

/** The one-line summary under a connection's name: its kind and region. */
export function connectionSubtitle(c: ConnectionSummary): string {
  return [kindLabel(c.kind), c.region].filter(Boolean).join(' · ');
}
