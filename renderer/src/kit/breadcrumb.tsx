/**
 * A path of segments (connection › bucket › prefix/…), the last one current.
 */
import { Fragment, type ReactNode } from 'react';
import { ChevronRightIcon } from './icons';

/** One step of a breadcrumb; clickable when it has `onSelect`. */
export interface Crumb {
  key: string;
  label: string;
  icon?: ReactNode;
  onSelect?: () => void;
}

/** Renders the segments with chevrons between; the last is marked `aria-current`. */
export function Breadcrumb({ segments, empty }: { segments: Crumb[]; empty?: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <ol>
        {segments.length === 0 && empty && <li className="crumb-muted">{empty}</li>}
        {segments.map((s, i) => {
          const last = i === segments.length - 1;
          const body = (
            <>
              {s.icon}
              <span>{s.label}</span>
            </>
          );
          return (
            <Fragment key={s.key}>
              {i > 0 && (
                <li className="crumb-sep" aria-hidden="true">
                  <ChevronRightIcon size={12} />
                </li>
              )}
              <li aria-current={last ? 'location' : undefined} className="crumb">
                {s.onSelect && !last ? (
                  <button type="button" className="crumb-link" onClick={s.onSelect}>
                    {body}
                  </button>
                ) : (
                  body
                )}
              </li>
            </Fragment>
          );
        })}
      </ol>
    </nav>
  );
}
