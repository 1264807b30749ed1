/** Channels about connections: where Thaw talks S3 to and as whom. */
import { z } from 'zod';
import { call } from './define';

/** Where a connection's credentials come from. */
export type ConnectionKind = 'sandbox' | 'profile' | 'environment' | 'custom';

/**
 * A connection as the renderer sees it: names, regions and endpoints only.
 * Never a secret, token or signature.
 */
export interface ConnectionSummary {
  id: string;
  name: string;
  kind: ConnectionKind;
  region?: string;
  endpoint?: string;
  readOnly: boolean;
  /** Human detail such as the profile's credential type ("SSO", "role", "static keys"). */
  detail?: string;
}

/** Identifies a connection by the id from `connections:list`. */
export const connectionId = z.string().min(1).max(200);

export const connectionCalls = {
  /** Every connection Thaw knows: the built-in sandbox, AWS profiles, the environment, app-defined ones. */
  'connections:list': call<ConnectionSummary[]>()(z.strictObject({})),
};
