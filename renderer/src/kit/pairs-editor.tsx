/**
 * Rows of name/value text fields with add and remove: user metadata, tags.
 *
 * The caller validates (`problems[i]` is shown under row i) and owns the rows.
 */
import { Button, IconButton } from './button';
import { CloseIcon } from './icons';

/** One name/value row. */
export interface Pair {
  name: string;
  value: string;
}

/** Props of `PairsEditor`. */
export interface PairsEditorProps {
  rows: Pair[];
  onChange(rows: Pair[]): void;
  problems?: ReadonlyArray<string | null>;
  /** Placeholders of an empty row, e.g. `sample-count` / `12000`. */
  placeholder?: Pair;
  /** Label of the add button, e.g. "Add metadata". */
  addLabel: string;
  /** Accessible names of the two fields, e.g. "Metadata name". */
  nameLabel: string;
  valueLabel: string;
  /** At most this many rows. */
  max?: number;
  /** Text before each name, e.g. `x-amz-meta-`. */
  prefix?: string;
}

/** The rows, each with its problem, and an add button. */
export function PairsEditor({ rows, onChange, problems = [], placeholder, addLabel, nameLabel, valueLabel, max = 50, prefix }: PairsEditorProps) {
  const update = (i: number, patch: Partial<Pair>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="pairs">
      {rows.map((row, i) => (
        <div key={i} className="pairs-row">
          <div className="pairs-fields">
            {prefix && <span className="pairs-prefix mono">{prefix}</span>}
            <input
              className="text-input mono"
              aria-label={`${nameLabel} ${i + 1}`}
              placeholder={placeholder?.name}
              value={row.name}
              spellCheck={false}
              aria-invalid={Boolean(problems[i])}
              onChange={(e) => update(i, { name: e.target.value })}
            />
            <input
              className="text-input mono"
              aria-label={`${valueLabel} ${i + 1}`}
              placeholder={placeholder?.value}
              value={row.value}
              spellCheck={false}
              onChange={(e) => update(i, { value: e.target.value })}
            />
            <IconButton label={`Remove row ${i + 1}`} icon={<CloseIcon size={12} />} onClick={() => onChange(rows.filter((_, j) => j !== i))} />
          </div>
          {problems[i] && <p className="pairs-problem">{problems[i]}</p>}
        </div>
      ))}
      {rows.length < max && (
        <Button variant="ghost" className="pairs-add" onClick={() => onChange([...rows, { name: '', value: '' }])}>
          + {addLabel}
        </Button>
      )}
    </div>
  );
}
