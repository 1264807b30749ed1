/**
 * The `objects:*` operation calls. Placeholder while the object-operations service is built.
 */
import type { CallName } from '../../../shared/ipc/contract';
import { ThawError } from '../errors';
import type { Handlers } from '../types';

type ObjectOpCall = Extract<CallName, `objects:${'plan-operation' | 'start-operation' | 'rename' | 'create-folder' | 'update-metadata' | 'versions' | 'list-versions' | 'promote-version' | 'undelete' | 'delete-version' | 'restore-version'}`>;

const notYet = async (): Promise<never> => {
  throw new ThawError('Internal', 'This operation is not available yet.');
};

/** Handlers for the object operations. */
export function createObjectHandlers(): Pick<Handlers, ObjectOpCall> {
  return {
    'objects:plan-operation': notYet,
    'objects:start-operation': notYet,
    'objects:rename': notYet,
    'objects:create-folder': notYet,
    'objects:update-metadata': notYet,
    'objects:versions': notYet,
    'objects:list-versions': notYet,
    'objects:promote-version': notYet,
    'objects:undelete': notYet,
    'objects:delete-version': notYet,
    'objects:restore-version': notYet,
  };
}
