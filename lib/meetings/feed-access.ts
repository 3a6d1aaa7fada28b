import { feedUrl } from './ical-feed';

// The host permission a calendar feed needs: its scheme and host name, asked for from the options page when the
// rep adds the feed (manifest: covered by the optional `https://*/*`, never granted at install). Chrome match
// patterns match any port of the host, so the pattern names none.

/** `webcal://p01-caldav.icloud.com/published/2/…` → `https://p01-caldav.icloud.com/*`. */
export function feedHostPattern(input: string): string {
  return `https://${feedUrl(input).hostname}/*`;
}
