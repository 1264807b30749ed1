import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { button, cleanup, click, render, storeWithFake, tick, type } from '../../testing/app-harness';
import { operationPlan } from '../../testing/jobs-fixtures';
import { NameDialog } from './name-dialog';
import { OperationDialog } from './operation-dialog';
import { planWarnings, startLabel } from './operation-view';

afterEach(cleanup);
const selection = { connectionId: 'sandbox', bucket: 'bucket', prefixes: ['runs/old/'], keys: [], base: 'runs/' };

describe('operation view', () => {
  it('highlights the early-deletion charge and what a move keeps, under the core’s summary', () => {
    expect(planWarnings(operationPlan({ minimumDuration: { objects: 2, chargeUsd: 1.5 } }))).toEqual([
      { tone: 'warning', text: 'Early-deletion charge: about $1.50, for 2 objects still inside the minimum storage duration of their class.' },
    ]);
    expect(planWarnings(operationPlan({ minimumDuration: { objects: 1, chargeUsd: 0.000009 } }))[0]?.text).toMatch(/^Early-deletion charge: less than \$0\.01, for 1 object still inside .* its class\.$/);
    expect(planWarnings(operationPlan())).toEqual([]);
    expect(planWarnings(operationPlan({ op: 'move' })).map((w) => w.text)).toEqual(['Each object is deleted from its old place only after its copy exists, so nothing is lost if the job stops half-way.']);
    expect(startLabel(operationPlan())).toBe('Delete 20 objects');
    expect(startLabel(operationPlan({ op: 'copy', archived: { objects: 5, bytes: 1 } }))).toBe('Copy 15 objects');
    expect(startLabel(operationPlan({ op: 'storage-class' }), 'DEEP_ARCHIVE')).toBe('Change to Deep Archive');
  });
});

describe('operation dialog', () => {
  it('confirms a delete with the plan’s count, bytes and charge, then starts it', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.planOperation', () => ({ ok: true, data: operationPlan({ minimumDuration: { objects: 2, chargeUsd: 0.42 } }) }));
    fake.answer('objects.startOperation', () => ({ ok: true, data: { jobId: 'O1' } }));
    const el = render(<OperationDialog />, store);
    act(() => store.getState().openOperation('delete', selection, 'everything in runs/old/'));
    expect(el.querySelector('[data-testid="operation-planning"]')?.textContent).toContain('Counting what everything in runs/old/ holds');
    await tick();
    expect(el.querySelector('[data-testid="operation-objects"]')?.textContent).toBe('20');
    expect(el.querySelector('[data-testid="operation-bytes"]')?.textContent).toBe('20.0 MB');
    const summary = el.querySelector('[data-testid="operation-summary"]')!;
    expect(summary.textContent).toMatch(/cannot be undone/);
    expect(summary.getAttribute('role')).toBe('alert');
    expect(el.textContent).toContain('Early-deletion charge: about $0.42');
    const start = el.querySelector<HTMLButtonElement>('[data-testid="operation-start"]')!;
    expect(start.className).toContain('btn-danger');
    expect(start.textContent).toBe('Delete 20 objects');
    click(start);
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.startOperation')?.input).toEqual({ planId: 'o1', confirmedObjects: 20 });
    expect(el.querySelector('[data-testid="operation-dialog"]')).toBeNull();
  });

  it('moves to a folder picked in another bucket, not to where the selection is', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('buckets.list', () => ({ ok: true, data: { buckets: [{ name: 'bucket' }, { name: 'backup' }], listDenied: false } }));
    fake.answer('browse.children', (input) => ({ ok: true, data: { folders: (input as { prefix: string }).prefix === '' ? ['2025/', '2026/'] : [], objectCount: 0 } }));
    fake.answer('objects.planOperation', () => ({ ok: true, data: operationPlan({ op: 'move', summary: 'Move 20 objects (20 MiB) to s3://backup/2026/.' }) }));
    await store.getState().loadBuckets('sandbox');
    const el = render(<OperationDialog />, store);
    act(() => store.getState().openOperation('move', selection, '1 folder with everything in it'));
    await tick();
    const next = el.querySelector<HTMLButtonElement>('[data-testid="operation-continue"]')!;
    expect(next.disabled).toBe(true);
    expect(el.textContent).toContain('this is where the selection is now');
    type(el.querySelector<HTMLSelectElement>('[data-testid="destination-bucket"]'), 'backup');
    await tick();
    click(button(el, /2026\//));
    await tick();
    expect(el.querySelector('[data-testid="destination-uri"]')?.textContent).toBe('→ s3://backup/2026/');
    click(next);
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.planOperation')?.input).toMatchObject({ op: 'move', base: 'runs/', target: { connectionId: 'sandbox', bucket: 'backup', prefix: '2026/' } });
    expect(el.querySelector('[data-testid="operation-start"]')?.textContent).toBe('Move 20 objects');
    expect(el.textContent).toContain('deleted from its old place only after its copy exists');
    click(button(el, 'Back'));
    expect(el.querySelector<HTMLInputElement>('[data-testid="destination-prefix"]')?.value).toBe('2026/');
  });

  it('changes the storage class with the archived and early-deletion warnings', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.planOperation', () => ({ ok: true, data: operationPlan({ op: 'storage-class', archived: { objects: 3, bytes: 3072 }, minimumDuration: { objects: 1, chargeUsd: 0.05 } }) }));
    const el = render(<OperationDialog />, store);
    act(() => store.getState().openOperation('storage-class', selection, 'x'));
    click(el.querySelector('input[name="op-class"][value="DEEP_ARCHIVE"]'));
    click(el.querySelector('[data-testid="operation-continue"]'));
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.planOperation')?.input).toMatchObject({ storageClass: 'DEEP_ARCHIVE' });
    expect(el.querySelector('.transfer-facts')?.textContent).toContain('Archived3');
    expect(el.textContent).toContain('Early-deletion charge: about $0.05');
    expect(el.querySelector('[data-testid="operation-start"]')?.textContent).toBe('Change to Deep Archive');
  });
});

describe('name dialog', () => {
  it('renames in place, checking the name first', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.rename', () => ({ ok: true, data: { key: 'runs/b.bin' } }));
    const el = render(<NameDialog />, store);
    act(() => store.getState().openNameDialog({ kind: 'rename', bucket: 'bucket', key: 'runs/a.bin' }));
    const input = el.querySelector<HTMLInputElement>('[data-testid="name-input"]')!;
    expect(input.value).toBe('a.bin');
    type(input, 'sub/b.bin');
    expect(el.textContent).toContain('cannot contain “/”');
    expect(el.querySelector<HTMLButtonElement>('[data-testid="name-submit"]')!.disabled).toBe(true);
    type(input, 'b.bin');
    click(el.querySelector('[data-testid="name-submit"]'));
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.rename')?.input).toMatchObject({ key: 'runs/a.bin', newKey: 'runs/b.bin' });
    expect(el.querySelector('[data-testid="name-input"]')).toBeNull();
  });

  it('shows why a new folder failed and stays open', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.createFolder', () => ({ ok: false, error: { code: 'AccessDenied', message: 'Not allowed: s3:PutObject on bucket' } }));
    const el = render(<NameDialog />, store);
    act(() => store.getState().openNameDialog({ kind: 'new-folder', bucket: 'bucket', prefix: 'runs/' }));
    type(el.querySelector<HTMLInputElement>('[data-testid="name-input"]'), 'new');
    click(el.querySelector('[data-testid="name-submit"]'));
    await tick();
    expect(el.querySelector('[role="alert"]')?.textContent).toMatch(/Access denied.*s3:PutObject/);
    expect(el.querySelector('[data-testid="name-input"]')).not.toBeNull();
  });
});
