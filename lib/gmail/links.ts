// Links that open a thread in the rep's own Gmail account. `/mail/u/0/` is whichever account the browser signed
// in first: for a rep signed in to a personal and a work account it is often the wrong mailbox. Google's
// multi-account links name the account with `authuser=` (an index, or the address itself), and Gmail redirects
// to that account's `/mail/u/N/`; a redirect keeps the link's `#…` part (RFC 9110 §10.2.2). Checked 2026-12-06
// against public descriptions of Google's account index only: there is no live Gmail to try it on here.

const GMAIL = 'https://mail.google.com/mail/u/';

export function gmailThreadUrl(thread: { legacyId?: string; subject?: string; account?: string }): string {
  // Gmail opens a thread by its hex id; without one, the search finds it by subject.
  const hash = thread.legacyId ? `#all/${thread.legacyId}` : `#search/${encodeURIComponent(`subject:"${thread.subject ?? ''}"`)}`;
  const query = thread.account ? `?authuser=${encodeURIComponent(thread.account)}` : '';
  // Without a known account, the default one (`/mail/u/0/`) is all there is.
  return `${GMAIL}${query ? '' : '0/'}${query}${hash}`;
}
