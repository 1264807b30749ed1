/**
 * The sidebar below the connections: the active connection's buckets, and
 * the lazy prefix tree of the open bucket.
 *
 * When ListBuckets is denied, an "Add bucket by name" form takes its place;
 * buckets added by hand carry a mark.
 */
import { useEffect, useState } from 'react';
import { bucketNameProblem } from '../../../../shared/ipc/buckets';
import { Button, PaneHeader, Spinner, cx } from '../../kit';
import { useAppStore } from '../../store';
import { ConnectionList } from '../connections/connection-list';
import { BucketIcon } from './browse-icons';
import { PrefixTree } from './prefix-tree';

/** The whole sidebar: connections, then buckets with the tree of the open one. */
export function BrowseSidebar() {
  return (
    <>
      <ConnectionList />
      <BucketList />
    </>
  );
}

function BucketList() {
  const connectionId = useAppStore((s) => s.activeConnectionId);
  const buckets = useAppStore((s) => s.buckets);
  const loadBuckets = useAppStore((s) => s.loadBuckets);
  const openBucket = useAppStore((s) => s.location?.bucket);
  const navigate = useAppStore((s) => s.navigate);

  useEffect(() => {
    if (connectionId) void loadBuckets(connectionId);
  }, [connectionId, loadBuckets]);

  return (
    <section className="sidebar-section" aria-labelledby="buckets-heading">
      <PaneHeader title="Buckets" id="buckets-heading" />
      {buckets.status === 'loading' && (
        <p className="sidebar-note">
          <Spinner label="Loading buckets" /> Loading buckets…
        </p>
      )}
      {buckets.status === 'failed' && (
        <p className="sidebar-note sidebar-error" role="alert">
          {buckets.error.message}
        </p>
      )}
      {buckets.status === 'loaded' && (
        <>
          {buckets.listDenied && <p className="sidebar-note">This identity may not list buckets (s3:ListAllMyBuckets). Add the ones you know by name.</p>}
          {buckets.buckets.length === 0 && !buckets.listDenied && <p className="sidebar-note">No buckets.</p>}
          <ul className="bucket-list">
            {buckets.buckets.map((b) => (
              <li key={b.name}>
                <div
                  className={cx('nav-item', 'bucket-item', b.name === openBucket && 'is-selected')}
                  role="button"
                  tabIndex={0}
                  aria-current={b.name === openBucket ? 'true' : undefined}
                  data-bucket={b.name}
                  title={b.region ? `${b.name} (${b.region})` : b.name}
                  onClick={() => navigate({ bucket: b.name, prefix: '' })}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      navigate({ bucket: b.name, prefix: '' });
                    }
                  }}
                >
                  <BucketIcon className="nav-icon" />
                  <span className="nav-text">
                    <span className="nav-name">{b.name}</span>
                  </span>
                  {b.addedByHand && (
                    <span className="hand-mark" title="Added by hand">
                      added
                    </span>
                  )}
                </div>
                {b.name === openBucket && <PrefixTree bucket={b.name} />}
              </li>
            ))}
          </ul>
          {(buckets.listDenied || buckets.buckets.length === 0) && <AddBucketForm />}
        </>
      )}
    </section>
  );
}

function AddBucketForm() {
  const addBucket = useAppStore((s) => s.addBucket);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const problem = name ? bucketNameProblem(name) : undefined;

  return (
    <form
      className="add-bucket"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name || problem) return;
        setBusy(true);
        void addBucket(name).then((ok) => {
          setBusy(false);
          if (ok) setName('');
        });
      }}
    >
      <label className="add-bucket-label" htmlFor="add-bucket-name">
        Add bucket by name
      </label>
      <div className="add-bucket-row">
        <input
          id="add-bucket-name"
          className="text-input"
          value={name}
          placeholder="bucket-name"
          spellCheck={false}
          autoCapitalize="off"
          aria-invalid={Boolean(problem)}
          aria-describedby={problem ? 'add-bucket-problem' : undefined}
          onChange={(e) => setName(e.target.value.trim())}
        />
        <Button type="submit" disabled={!name || Boolean(problem) || busy}>
          Add
        </Button>
      </div>
      {problem && (
        <p id="add-bucket-problem" className="field-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
