import type { Context } from './messages';

/** The fields of `runtime.MessageSender` the browser fills in itself. */
export interface SenderLike {
  id?: string;
  origin?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

const CRM_ORIGIN = /^https:\/\/(app\.hubspot\.com|[a-z0-9-]+(\.[a-z0-9-]+)*\.lightning\.force\.com|[a-z0-9-]+\.pipedrive\.com)$/;

/**
 * Which of Followthrough's contexts sent a message, from browser-filled fields only (Bitwarden
 * `security/sender.ts`). Nothing in the message itself is trusted. Chrome fills `origin`; Firefox does not,
 * so there the origin of the browser-filled `url` stands in — for our own pages and for the top frame of
 * a tab our content script was injected into, both set by the browser, not by the page's script.
 */
export function senderContext(sender: SenderLike, ownId: string, extensionOrigin: string): Context | 'unknown' {
  if (sender.id !== ownId) return 'unknown';
  let origin = sender.origin;
  if (!origin && sender.url) {
    try {
      origin = new URL(sender.url).origin;
    } catch {
      return 'unknown';
    }
  }
  if (!origin) return 'unknown';
  if (origin === extensionOrigin) return 'extension';
  const fromTopFrameOfTab = sender.tab?.id !== undefined && sender.frameId === 0;
  if (!fromTopFrameOfTab) return 'unknown';
  if (origin === 'https://mail.google.com') return 'gmail';
  if (CRM_ORIGIN.test(origin)) return 'crm';
  return 'unknown';
}
