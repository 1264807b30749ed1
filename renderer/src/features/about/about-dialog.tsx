/**
 * About Thaw: version and platform from `app:info`, for support requests.
 */
import { Button, KeyValueList, ModalDialog, Spinner, type KeyValue } from '../../kit';
import { describeError } from '../../notify/error-text';
import { useAppStore } from '../../store';

const RUNTIME_ORDER = ['electron', 'chrome', 'node', 'v8'];

/** The About dialog; opened from the status bar. */
export function AboutDialog() {
  const open = useAppStore((s) => s.aboutOpen);
  const close = useAppStore((s) => s.closeAbout);
  const info = useAppStore((s) => s.appInfo);

  let body;
  if (info.status === 'loaded') {
    const { name, version, platform, arch, versions } = info.info;
    const runtimes = Object.keys(versions).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const items: KeyValue[] = [
      { key: 'Version', value: version, mono: true },
      { key: 'Platform', value: `${platform} (${arch})`, mono: true },
      ...runtimes.map((k) => ({ key: capitalize(k), value: versions[k] ?? '', mono: true })),
    ];
    body = (
      <>
        <p className="about-lead">
          <strong>{name}</strong> — a desktop browser for large S3 buckets: browse, inspect, transfer, and restore archived data.
        </p>
        <KeyValueList items={items} className="about-kv" />
      </>
    );
  } else if (info.status === 'failed') {
    const { title, detail } = describeError(info.error);
    body = (
      <p className="about-error" role="alert">
        {title}
        {detail && <span className="detail">{detail}</span>}
      </p>
    );
  } else {
    body = <Spinner label="Loading version information" />;
  }

  return (
    <ModalDialog
      open={open}
      title="About Thaw"
      onClose={close}
      className="dialog-narrow"
      footer={
        <Button variant="primary" onClick={close}>
          Close
        </Button>
      }
    >
      {body}
    </ModalDialog>
  );
}

function rank(key: string): number {
  const i = RUNTIME_ORDER.indexOf(key);
  return i === -1 ? RUNTIME_ORDER.length : i;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
