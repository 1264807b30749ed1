/** The facts a download or upload dialog opens with: files, size, largest file, destination. */
import { humanSize } from '../browse/format';

const n = (v: number) => v.toLocaleString('en-US');

export function TransferFacts({ plan, testid }: { plan: { files: number; bytes: number; largest: number; destination: string }; testid: 'download' | 'upload' }) {
  return (
    <dl className="transfer-facts">
      <div>
        <dt>Files</dt>
        <dd data-testid={`${testid}-files`}>{n(plan.files)}</dd>
      </div>
      <div>
        <dt>Size</dt>
        <dd title={`${n(plan.bytes)} bytes`}>{humanSize(plan.bytes)}</dd>
      </div>
      <div>
        <dt>Largest</dt>
        <dd>{humanSize(plan.largest)}</dd>
      </div>
      <div className="transfer-fact-wide">
        <dt>To</dt>
        <dd className="mono" title={plan.destination} data-testid={`${testid}-destination`}>
          {plan.destination}
        </dd>
      </div>
    </dl>
  );
}
