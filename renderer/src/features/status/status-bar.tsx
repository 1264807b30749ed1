/**
 * The status bar: the active connection on the left; activity, settings, theme and About on the right.
 */
import type { ChangeEvent } from 'react';
import { ContrastIcon, InfoIcon } from '../../kit';
import { useAppStore, type ThemePreference } from '../../store';

/** One line of status and the global controls. */
export function StatusBar() {
  const active = useAppStore((s) => s.connections.find((c) => c.id === s.activeConnectionId));
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const openAbout = useAppStore((s) => s.openAbout);
  const openActivity = useAppStore((s) => s.openActivity);
  const openSettings = useAppStore((s) => s.openSettings);

  return (
    <div className="status">
      <span className="status-item">
        <span className={active ? 'status-dot is-on' : 'status-dot'} aria-hidden="true" />
        {active ? `${active.name}${active.region ? ` · ${active.region}` : ''}` : 'No connection'}
      </span>
      <span className="status-spacer" />
      <button type="button" className="status-item status-button" onClick={openActivity}>
        Activity
      </button>
      <button type="button" className="status-item status-button" onClick={openSettings}>
        Settings
      </button>
      <label className="status-item status-control" title="Theme">
        <ContrastIcon size={12} />
        <span className="visually-hidden">Theme</span>
        <select value={theme} onChange={(e: ChangeEvent<HTMLSelectElement>) => setTheme(e.target.value as ThemePreference)}>
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <button type="button" className="status-item status-button" onClick={openAbout}>
        <InfoIcon size={12} />
        About Thaw
      </button>
    </div>
  );
}
