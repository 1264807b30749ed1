import { describe, expect, it } from 'vitest';
import { createFakeThaw } from '../testing/fake-thaw';
import { ThawCallError, asIpcError, callThaw, unwrap } from './api';

describe('unwrap', () => {
  it('returns data on success', () => {
    expect(unwrap({ ok: true, data: [1, 2] })).toEqual([1, 2]);
  });

  it('throws a ThawCallError that keeps code, message and details', () => {
    let thrown: unknown;
    try {
      unwrap({ ok: false, error: { code: 'NoSuchBucket', message: 'gone', details: { bucket: 'b' } } });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ThawCallError);
    expect(asIpcError(thrown)).toEqual({ code: 'NoSuchBucket', message: 'gone', details: { bucket: 'b' } });
  });
});

describe('asIpcError', () => {
  it('keeps a known code from a plain object, and maps anything else to Internal', () => {
    expect(asIpcError({ code: 'AccessDenied', message: 'no' })).toEqual({ code: 'AccessDenied', message: 'no' });
    expect(asIpcError({ code: 'EACCES', message: 'fs' })).toEqual({ code: 'Internal', message: 'fs' });
    expect(asIpcError(new TypeError('x is undefined'))).toEqual({ code: 'Internal', message: 'x is undefined' });
    expect(asIpcError('plain')).toEqual({ code: 'Internal', message: 'plain' });
  });
});

describe('callThaw', () => {
  it('unwraps results and converts transport failures into ThawCallError', async () => {
    const fake = createFakeThaw({ connections: ['list'] });
    fake.answer('connections.list', () => ({ ok: true, data: ['x'] }));
    await expect(callThaw(() => fake.api, (api) => api.connections.list({}))).resolves.toEqual(['x']);

    fake.answer('connections.list', () => Promise.reject(new Error('IPC closed')));
    await expect(callThaw(() => fake.api, (api) => api.connections.list({}))).rejects.toMatchObject({ name: 'ThawCallError', code: 'Internal', message: 'IPC closed' });

    const missing = () => {
      throw new ThawCallError({ code: 'Internal', message: 'bridge missing' });
    };
    await expect(callThaw(missing, (api) => api.connections.list({}))).rejects.toMatchObject({ message: 'bridge missing' });
  });
});
