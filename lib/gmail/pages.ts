// Which Gmail view a URL shows. Pure one-liners over a URL, each with its examples (STYLE.md habit 3).
// Gmail 2026-11: views live in the hash (`#inbox`, `#inbox/<thread>`, `#search/<q>/<thread>`),
// compose opens with `?compose=new` or `#…?compose=<draft>`; thread ids in the hash are 16+ char tokens.

type Detector = (url: URL) => boolean;

const route = (url: URL): string[] => decodeURIComponent(url.hash.replace(/^#/, '').split('?')[0] ?? '').split('/').filter(Boolean);
const isGmail = (url: URL) => url.hostname === 'mail.google.com' && url.pathname.startsWith('/mail/');
const LISTS = new Set(['inbox', 'starred', 'snoozed', 'sent', 'drafts', 'imp', 'scheduled', 'all', 'spam', 'trash', 'chats']);
const THREAD_TOKEN = /^[A-Za-z0-9_-]{16,}$/;

/** The thread token of a thread URL: the last hash segment when it looks like one. */
export const threadTokenOf = (url: URL): string | undefined => {
  const parts = route(url);
  const last = parts.at(-1);
  return parts.length >= 2 && last && THREAD_TOKEN.test(last) ? last : undefined;
};

export const isThread: Detector = (url) => isGmail(url) && threadTokenOf(url) !== undefined;
export const isList: Detector = (url) => {
  if (!isGmail(url) || isThread(url)) return false;
  const [first] = route(url);
  return first === undefined || LISTS.has(first) || first === 'label' || first === 'search' || first === 'category' || first === 'advanced-search';
};
export const isSearch: Detector = (url) => isList(url) && ['search', 'advanced-search'].includes(route(url)[0] ?? '');
export const isLabel: Detector = (url) => isList(url) && route(url)[0] === 'label';
export const isSettings: Detector = (url) => isGmail(url) && route(url)[0] === 'settings';
export const hasComposeInUrl: Detector = (url) => isGmail(url) && /[?&]compose=/.test(url.search + url.hash);

export type GmailViewName = 'thread' | 'list' | 'settings' | 'other';
export function viewOf(url: URL): GmailViewName {
  if (isThread(url)) return 'thread';
  if (isList(url)) return 'list';
  if (isSettings(url)) return 'settings';
  return 'other';
}
