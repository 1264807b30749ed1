/**
 * The core's Notifier over Electron's desktop notifications.
 *
 * Silently does nothing where the OS has no notification service, because a
 * missing toast must never fail a restore job.
 */
import type { Notifier } from '../../core/types';

/** The static side of Electron's Notification class that the adapter uses. */
export interface NotificationClass {
  isSupported(): boolean;
  new (options: { title: string; body: string }): { show(): void };
}

/** Creates the Notifier adapter. */
export function createNotifier(Notification: NotificationClass): Notifier {
  return {
    notify(title, body) {
      if (!Notification.isSupported()) return;
      try {
        new Notification({ title, body }).show();
      } catch (err) {
        console.error('[thaw] notification failed:', err instanceof Error ? err.message : err);
      }
    },
  };
}
