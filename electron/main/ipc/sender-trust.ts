/**
 * Which IPC senders are Thaw's own renderer.
 *
 * A call is trusted only when all hold (Electron checklist #17, STYLE §6):
 * the sending frame still exists, it is the top frame (iframes and child
 * frames can send IPC too), it belongs to a WebContents that Thaw created and
 * registered here, and its URL is on the app origin per a real URL parser.
 */
import { isAppUrl } from '../app-origin';

/** The parts of an IPC event the check reads (matches Electron's IpcMainInvokeEvent). */
export interface SenderEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** A WebContents as registration needs it. */
export interface TrustableContents {
  id: number;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The registry of trusted WebContents and the predicate over IPC events. */
export interface SenderTrust {
  /** Trusts a WebContents Thaw created until it is destroyed. */
  trust(contents: TrustableContents): void;
  /** Whether a WebContents id is currently trusted (push.ts sends only to these). */
  isTrustedContents(id: number): boolean;
  /** The sender check run before every IPC call. Never throws. */
  isTrustedSender(event: SenderEvent): boolean;
}

/** Creates an empty trust registry; `trust` each window's WebContents as it is created. */
export function createSenderTrust(): SenderTrust {
  const trusted = new Set<number>();
  return {
    trust(contents) {
      trusted.add(contents.id);
      contents.once('destroyed', () => trusted.delete(contents.id));
    },
    isTrustedContents: (id) => trusted.has(id),
    isTrustedSender(event) {
      try {
        const frame = event.senderFrame;
        if (frame === null || frame === undefined) return false;
        if (frame.parent !== null) return false;
        if (!trusted.has(event.sender.id)) return false;
        return isAppUrl(frame.url);
      } catch {
        // Electron throws when a disposed frame is accessed; a vanished frame is not trusted.
        return false;
      }
    },
  };
}
