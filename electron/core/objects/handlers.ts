/**
 * The `objects:*` operation calls: bulk plans and jobs, single-object edits, and versions.
 */
import type { CallName } from '../../../shared/ipc/contract';
import type { Handlers } from '../types';
import type { ObjectService } from './service';

type ObjectOpCall = Extract<
  CallName,
  `objects:${
    | 'plan-operation'
    | 'start-operation'
    | 'cancel-operation'
    | 'resume-operation'
    | 'rename'
    | 'create-folder'
    | 'update-metadata'
    | 'versions'
    | 'list-versions'
    | 'promote-version'
    | 'undelete'
    | 'delete-version'
    | 'restore-version'}`
>;

/** Handlers for the object operations. */
export function createObjectHandlers(objects: ObjectService): Pick<Handlers, ObjectOpCall> {
  return {
    'objects:plan-operation': (input) => objects.plan(input),
    'objects:start-operation': (input) => objects.start(input),
    'objects:cancel-operation': async ({ jobId }) => ({ cancelled: await (await objects.job(jobId)).cancel() }),
    'objects:resume-operation': async ({ jobId }) => ({ resumed: await (await objects.job(jobId)).resume() }),
    'objects:rename': (input) => objects.rename(input),
    'objects:create-folder': (input) => objects.createFolder(input),
    'objects:update-metadata': (input) => objects.updateMetadata(input),
    'objects:versions': (input) => objects.versions(input),
    'objects:list-versions': (input) => objects.listVersions(input),
    'objects:promote-version': (input) => objects.promoteVersion(input),
    'objects:undelete': (input) => objects.undelete(input),
    'objects:delete-version': (input) => objects.deleteVersion(input),
    'objects:restore-version': (input) => objects.restoreVersion(input),
  };
}
