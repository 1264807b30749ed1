/**
 * The preview under the inspector: text and JSON as inert text in a <pre>,
 * JSONL as its first lines, images as a data: URL, archived objects explained.
 *
 * Nothing here ever becomes HTML: text goes through React's text escaping
 * and images through an <img> whose src is built from base64 main checked.
 */
import { Spinner } from '../../kit';
import { useAppStore } from '../../store';
import { humanSize } from '../browse/format';
import type { Preview } from '../../../../shared/ipc/browse';

/** The preview section for the inspected object. */
export function ObjectPreview() {
  const preview = useAppStore((s) => s.preview);
  return (
    <div className="insp-section insp-preview" data-testid="preview">
      <h4 className="insp-subtitle">Preview</h4>
      {preview.status === 'loading' && (
        <p className="insp-note">
          <Spinner label="Loading preview" /> Loading preview…
        </p>
      )}
      {preview.status === 'failed' && <p className="insp-note insp-error">{preview.error.message}</p>}
      {preview.status === 'loaded' && <PreviewBody preview={preview.data} />}
    </div>
  );
}

/** Renders one preview by kind. */
export function PreviewBody({ preview }: { preview: Preview }) {
  switch (preview.kind) {
    case 'text':
    case 'json':
      return (
        <>
          <pre className="preview-text" data-kind={preview.kind}>
            {preview.text}
          </pre>
          {preview.truncated && <p className="insp-note">First 64 KB of {humanSize(preview.size)}.</p>}
        </>
      );
    case 'jsonl':
      return (
        <>
          <ol className="preview-jsonl" data-kind="jsonl">
            {preview.lines.map((line, i) => (
              <li key={i} className={line.valid ? undefined : 'is-invalid'} title={line.valid ? undefined : 'Not valid JSON'}>
                <pre>{line.text}</pre>
              </li>
            ))}
          </ol>
          <p className="insp-note">
            First {preview.lines.length.toLocaleString()} lines{preview.truncated ? ` of ${humanSize(preview.size)}` : ''}.
          </p>
        </>
      );
    case 'image':
      return (
        <figure className="preview-image">
          <img src={`data:${preview.mime};base64,${preview.base64}`} alt={`Preview of ${preview.key}`} data-kind="image" />
          <figcaption className="insp-note">
            {preview.mime}, {humanSize(preview.size)}
          </figcaption>
        </figure>
      );
    case 'archived':
      return (
        <p className="insp-note preview-archived" data-kind="archived">
          {preview.message}
        </p>
      );
    case 'unsupported':
      return (
        <p className="insp-note" data-kind="unsupported">
          {preview.reason}
        </p>
      );
  }
}
