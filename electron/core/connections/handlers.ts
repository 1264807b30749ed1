import type { ConnectionSummary } from '../../../shared/ipc/connections';
import type { CoreAdapters, Handlers } from '../types';

/** The built-in connection to the local sandbox; always present. */
export const SANDBOX_CONNECTION: ConnectionSummary = {
  id: 'sandbox',
  name: 'Local sandbox',
  kind: 'sandbox',
  region: 'us-east-1',
  readOnly: false,
  detail: 'Built-in S3 sandbox with demo training data; no AWS account needed',
};

/** `connections:*` calls. Placeholder until profiles and custom connections land. */
export function createConnectionHandlers(
  _a: CoreAdapters,
  _onDispose: (fn: () => Promise<void> | void) => void,
): Pick<Handlers, 'connections:list'> {
  return {
    'connections:list': async () => [SANDBOX_CONNECTION],
  };
}
