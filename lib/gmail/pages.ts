// Which Gmail view a URL shows. Pure one-liners over a URL, each with its examples (CONTRIBUTING.md habit 3).
// Gmail 2026-11: views live in the hash (`#inbox`, `#inbox/<thread>`, `#search/<q>/<thread>`,
// `#label/<name>`, `#settings/<tab>`); a compose opened by URL adds `?compose=new` (or `?compose=<draft>`)
// to the hash or the query; thread tokens in the hash are 16+ character ids (`FMfcgz…` or hex).
//
// The view detectors (isInbox … isCompose) are exclusive: a URL is exactly one view, or none. `isList` is
// their union over lists, for features that run on every list.

type Detector = (url: URL) => boolean;

// Split before decoding: a nested label is one segment written with `%2F` (`#label/Customers%2FAcme`).
const parseRoute = (hash: string): string[] =>
  (hash.replace(/^#/, '').split('?')[0] ?? '')
    .split('/')
    .filter(Boolean)
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
// Every detector asks for the route, and a navigation asks every detector of every feature: the last hash's
// route is kept (a fresh copy handed out, so no caller can change the kept one).
let lastRoute: { hash: string; parts: string[] } | undefined;
const route = (url: URL): string[] => {
  if (lastRoute?.hash !== url.hash) lastRoute = { hash: url.hash, parts: parseRoute(url.hash) };
  return [...lastRoute.parts];
};
const isGmail = (url: URL) => url.hostname === 'mail.google.com' && /^\/mail\/(u\/\d+\/?)?/.test(url.pathname);
const SYSTEM_LISTS = new Set(['starred', 'snoozed', 'sent', 'drafts', 'imp', 'scheduled', 'all', 'spam', 'trash', 'chats', 'category']);
// Gmail thread tokens, checked 2026-12-06: the legacy hex id (16 digits), or the token Gmail has written since
// 2018, base64 re-encoded in a consonants-only alphabet (InboxSDK `encodeDraftUrlId`: GMAIL_ALPHABET
// "BCDFGHJKLMNPQRSTVWXZbcdfghjklmnpqrstvwxz"). A label or search term such as `CustomerSuccessTeam` or
// `invoice_reference_2026` has vowels, digits or `_`, so it is never taken for a thread.
const THREAD_TOKEN = /^(?:[0-9a-f]{16}|[BCDFGHJKLMNPQRSTVWXZbcdfghjklmnpqrstvwxz]{16,})$/;
/** How many segments come before the token: `#inbox/T`, `#category/social/T`, `#label/Name/T`, `#search/q/T`. */
const PREFIX: Record<string, number> = { label: 2, search: 2, 'advanced-search': 2, category: 2 };

/** The thread token of a thread URL: the segment after the list's own path, when it looks like one. */
export const threadTokenOf = (url: URL): string | undefined => {
  const parts = route(url);
  const head = parts[0];
  if (head === undefined || head === 'settings') return undefined;
  const token = parts[PREFIX[head] ?? 1];
  return parts.length === (PREFIX[head] ?? 1) + 1 && token && THREAD_TOKEN.test(token) ? token : undefined;
};

/** A compose window opened by the URL (`?compose=new`, `?compose=<draft id>`), over whatever view. */
export const hasComposeInUrl: Detector = (url) => isGmail(url) && /[?&]compose=[^&]+/.test(url.search + url.hash.replace(/^[^?]*/, ''));

const first = (url: URL) => route(url)[0];
const listView = (url: URL) => isGmail(url) && !hasComposeInUrl(url) && threadTokenOf(url) === undefined;

export const isInbox: Detector = (url) => listView(url) && (first(url) === undefined || first(url) === 'inbox');
export const isMailList: Detector = (url) => listView(url) && SYSTEM_LISTS.has(first(url) ?? '');
export const isLabel: Detector = (url) => listView(url) && first(url) === 'label' && route(url).length >= 2;
export const isSearch: Detector = (url) => listView(url) && (first(url) === 'search' || first(url) === 'advanced-search') && route(url).length >= 2;
export const isThread: Detector = (url) => isGmail(url) && !hasComposeInUrl(url) && threadTokenOf(url) !== undefined;
export const isSettings: Detector = (url) => isGmail(url) && !hasComposeInUrl(url) && first(url) === 'settings';
export const isCompose: Detector = (url) => hasComposeInUrl(url);

/** Every list of threads: the inbox, system lists, labels and searches (a compose over one still counts). */
export const isList: Detector = (url) => {
  if (!isGmail(url) || threadTokenOf(url) !== undefined) return false;
  const f = first(url);
  return f === undefined || f === 'inbox' || SYSTEM_LISTS.has(f) || f === 'label' || f === 'search' || f === 'advanced-search';
};

/** A thread is open, with or without a compose window over it (for features that read the thread). */
export const hasThreadInUrl: Detector = (url) => isGmail(url) && threadTokenOf(url) !== undefined;

/** Examples of each exclusive view: the detector test crosses every one with every detector. */
export const EXAMPLES = {
  isInbox: ['https://mail.google.com/mail/u/0/', 'https://mail.google.com/mail/u/0/#inbox', 'https://mail.google.com/mail/u/1/#inbox', 'https://mail.google.com/mail/', 'https://mail.google.com/mail/u/0/#inbox/p3'],
  isMailList: [
    'https://mail.google.com/mail/u/0/#sent',
    'https://mail.google.com/mail/u/0/#starred',
    'https://mail.google.com/mail/u/0/#drafts',
    'https://mail.google.com/mail/u/0/#all',
    'https://mail.google.com/mail/u/0/#category/promotions',
    'https://mail.google.com/mail/u/0/#sent/p2',
    'https://mail.google.com/mail/u/0/#category/forums',
  ],
  isLabel: [
    'https://mail.google.com/mail/u/0/#label/Customers',
    'https://mail.google.com/mail/u/0/#label/Customers%2FAcme',
    'https://mail.google.com/mail/u/0/#label/CustomerSuccessTeam',
    'https://mail.google.com/mail/u/0/#label/Customers%2FCustomerSuccessTeamEMEA',
    'https://mail.google.com/mail/u/0/#label/BCDFGHJKLMNPQRSTVWXZbcdf',
    'https://mail.google.com/mail/u/0/#label/Customers/p2',
  ],
  isSearch: [
    'https://mail.google.com/mail/u/0/#search/pilot',
    'https://mail.google.com/mail/u/0/#search/from%3Apriya%40acme-robotics.example',
    'https://mail.google.com/mail/u/0/#advanced-search/from=priya',
    'https://mail.google.com/mail/u/0/#search/invoice_reference_2026',
    'https://mail.google.com/mail/u/0/#search/quarterlybusinessreviewnorthwind',
    'https://mail.google.com/mail/u/0/#search/18c6a1b2c3d4e5f6',
  ],
  isThread: [
    'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfxJpKqLmNnTtWwRrSsPpQqZz',
    'https://mail.google.com/mail/u/1/#label/Customers/FMfcgzQbfxJpKqLmNnTtWwRrSsPpQqZz',
    'https://mail.google.com/mail/u/0/#search/pilot/FMfcgzQbfxJpKqLmNnTtWwRrSsPpQqZz',
    'https://mail.google.com/mail/u/0/#sent/18c6a1b2c3d4e5f6',
    'https://mail.google.com/mail/u/0/#label/CustomerSuccessTeam/FMfcgzQbfxJpKqLmNnTtWwRrSsPpQqZz',
    'https://mail.google.com/mail/u/0/#search/invoice_reference_2026/FMfcgzQbfxJpKqLmNnTtWwRrSsPpQqZz',
    'https://mail.google.com/mail/u/0/#category/promotions/FMfcgzQbfxJpKqLmNnTtWwRrSsPpQqZz',
    'https://mail.google.com/mail/u/0/#label/Customers%2FAcme/18c6a1b2c3d4e5f6',
  ],
  isSettings: ['https://mail.google.com/mail/u/0/#settings/general', 'https://mail.google.com/mail/u/0/#settings/labels', 'https://mail.google.com/mail/u/0/#settings/fwdandpop'],
  isCompose: [
    'https://mail.google.com/mail/u/0/#inbox?compose=new',
    'https://mail.google.com/mail/u/0/?compose=new',
    'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfxJpKqLmNnTtWwRrSsPpQqZz?compose=CllgCJTMXqbPnKtQ',
    'https://mail.google.com/mail/u/0/#sent?compose=DmwnWrRnXkvQ',
  ],
} as const;

/** URLs that are no Gmail view Followthrough knows. */
export const NOT_GMAIL_VIEWS = [
  'https://calendar.google.com/calendar/u/0/r',
  'https://mail.google.com/chat/u/0/',
  'https://app.hubspot.com/contacts/1/record/0-1/2',
  'https://mail.google.com/mail/u/0/#contacts',
] as const;

export type GmailViewName = 'thread' | 'list' | 'compose' | 'settings' | 'other';
export function viewOf(url: URL): GmailViewName {
  if (isCompose(url)) return 'compose';
  if (isThread(url)) return 'thread';
  if (isList(url)) return 'list';
  if (isSettings(url)) return 'settings';
  return 'other';
}
