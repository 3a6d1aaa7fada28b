import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';
import { feedHostPattern } from '@/lib/meetings/feed-access';

type Manifest = { host_permissions?: string[]; optional_host_permissions?: string[]; optional_permissions?: string[] };
const manifestFor = async (browser: string, manifestVersion: 2 | 3) => {
  const build = config.manifest as (env: { browser: string; manifestVersion: 2 | 3; mode: string; command: string }) => Promise<Manifest> | Manifest;
  return build({ browser, manifestVersion, mode: 'production', command: 'build' });
};

/** Whether a match pattern (scheme://host/path, `*.` and `*` wildcards) covers another, as the browser grants. */
const covers = (pattern: string, wanted: string) => {
  const [, scheme, host] = /^(\*|https?):\/\/([^/]+)\//.exec(pattern)!;
  const [, wScheme, wHost] = /^(https?):\/\/([^/]+)\//.exec(wanted)!;
  const hostOk = host === '*' || host === wHost || (host!.startsWith('*.') && wHost!.endsWith(host!.slice(1)));
  return (scheme === '*' || scheme === wScheme) && hostOk;
};

describe('calendar feed host access', () => {
  it('asks for the feed’s host only, from webcal:// or https:// addresses, whatever the port', () => {
    expect(feedHostPattern('webcal://p01-caldav.icloud.com/published/2/MTIzNDU2')).toBe('https://p01-caldav.icloud.com/*');
    expect(feedHostPattern('https://calendar.google.com/calendar/ical/sam%40example.com/private-abc/basic.ics')).toBe('https://calendar.google.com/*');
    expect(feedHostPattern('https://cal.example.com:8443/feed.ics')).toBe('https://cal.example.com/*');
    expect(() => feedHostPattern('http://cal.example.com/feed.ics')).toThrow(/must start with https:\/\//);
    expect(() => feedHostPattern('not a url')).toThrow(/not a web address/);
  });

  it('is optional in the manifest for Chrome and Firefox, never granted at install', async () => {
    const wanted = feedHostPattern('https://outlook.office365.com/owa/calendar/abc/reachcalendar.ics');
    const chrome = await manifestFor('chrome', 3);
    expect(chrome.optional_host_permissions!.some((p) => covers(p, wanted))).toBe(true);
    expect(chrome.host_permissions!.some((p) => covers(p, wanted))).toBe(false);
    const firefox = await manifestFor('firefox', 2);
    expect(firefox.optional_permissions!.some((p) => p.includes('://') && covers(p, wanted))).toBe(true);
    expect(firefox.host_permissions!.some((p) => covers(p, wanted))).toBe(false);
  });
});
