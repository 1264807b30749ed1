import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { storageClassIndex } from '../../../../shared/ipc/listing';
import { selectionTotals } from './multi-summary';
import { PreviewBody } from './object-preview';

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

function renderPreview(node: Parameters<typeof PreviewBody>[0]['preview']): HTMLElement {
  const el = document.createElement('div');
  document.body.append(el);
  const root = createRoot(el);
  act(() => root.render(<PreviewBody preview={node} />));
  return el;
}

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

describe('preview', () => {
  it('renders text, JSON and JSONL as inert text, never as markup', () => {
    for (const kind of ['text', 'json'] as const) {
      const el = kind === 'text'
        ? renderPreview({ kind, key: 'k', size: 10, text: HOSTILE, truncated: false })
        : renderPreview({ kind, key: 'k', size: 10, text: HOSTILE, pretty: false, truncated: true });
      expect(el.querySelector('pre')?.textContent).toBe(HOSTILE);
      expect(el.querySelector('img, script')).toBeNull();
    }
    const el = renderPreview({ kind: 'jsonl', key: 'k', size: 10, truncated: false, lines: [{ text: '{"a":1}', valid: true }, { text: HOSTILE, valid: false }] });
    expect([...el.querySelectorAll('li pre')].map((p) => p.textContent)).toEqual(['{"a":1}', HOSTILE]);
    expect(el.querySelector('li.is-invalid')).not.toBeNull();
    expect(el.querySelector('img, script')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows images as a data: URL of the checked type, and explains archived objects', () => {
    const img = renderPreview({ kind: 'image', key: 'a.png', size: 3, mime: 'image/png', base64: 'iVBORw0KGgo=' }).querySelector('img');
    expect(img?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    const archived = renderPreview({ kind: 'archived', key: 'a', size: 1, message: 'Archived in Deep Archive: restore it first.' });
    expect(archived.textContent).toContain('restore it first');
  });
});

describe('selectionTotals', () => {
  it('counts objects and bytes per storage class, folders apart', () => {
    const std = storageClassIndex('STANDARD');
    const deep = storageClassIndex('DEEP_ARCHIVE');
    const rows = {
      isFolder: (i: number) => i === 0,
      size: (i: number) => [0, 100, 200, 5000][i] ?? 0,
      storageClass: (i: number) => [0, std, std, deep][i] ?? 0,
    };
    expect(selectionTotals([0, 1, 2, 3], rows)).toEqual({
      count: 4,
      folders: 1,
      bytes: 5300,
      byClass: [
        { classIndex: deep, count: 1, bytes: 5000 },
        { classIndex: std, count: 2, bytes: 300 },
      ],
    });
  });
});
