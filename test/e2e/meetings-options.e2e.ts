import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { OptionsPage } from './pages/options-page';
import { MeetingsSettingsTab } from './pages/meetings';
import { axeViolations, serious } from './audit';

// Options → Meetings (#16) as a rep sets it up: working hours with a lunch break and a buffer, saved, read back
// after a reload; the calendar feed added (its host granted, as the rep's "Allow" in Chrome's prompt) and
// checked; an unreadable feed and a bad value each say why beside them.

// The rep's Google Calendar secret address, served on loopback at calendar.google.com: a real Google Calendar
// export (ical.js's samples, MPL-2.0, test/fixtures/ics/SOURCES.md) with a daily open-ended event.
const FEED_PATH = '/calendar/ical/sam.rep%40gmail.com/private-4f1c0a9e2b7d/basic.ics';
const feedText = readFileSync(resolve(import.meta.dirname, '../fixtures/ics/daily_recur.ics'), 'utf8');
let calendar: Server;

const e2e = useExtensionBrowser({
  server: false,
  async launch() {
    const pems = await generate([{ name: 'commonName', value: 'calendar.google.com' }], { keyType: 'ec', algorithm: 'sha256', notAfterDate: new Date(Date.now() + 86_400_000) });
    calendar = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      if (req.url === FEED_PATH) {
        res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8' });
        res.end(feedText);
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('Not found');
      }
    });
    await new Promise<void>((done) => calendar.listen(0, '127.0.0.1', done));
    const port = (calendar.address() as { port: number }).port;
    return { extraHosts: [{ host: 'calendar.google.com', port }], grantedOrigins: ['https://calendar.google.com/*'] };
  },
});
afterAll(async () => {
  await new Promise((done) => calendar?.close(done));
});

describe('options: the Meetings tab', () => {
  it('saves working hours and a buffer, and reads them back after a reload', async () => {
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!, '#meetings');
    const tab = new MeetingsSettingsTab(options.page);
    await tab.form.waitFor();
    expect(await tab.hours('Monday')).toEqual(['09:00–17:00']); // the default a rep starts with

    await tab.setHours('Monday', ['08:30–12:00', '13:00–17:30']);
    await tab.setHours('Saturday', ['10:00–12:00']);
    await tab.field('Buffer before each meeting (minutes)').fill('15');
    await tab.field('Buffer after each meeting (minutes)').fill('10');
    expect(await tab.save()).toBe('Meeting settings saved.');

    await options.page.reload();
    await tab.form.waitFor();
    expect(await tab.hours('Monday')).toEqual(['08:30–12:00', '13:00–17:30']);
    expect(await tab.hours('Saturday')).toEqual(['10:00–12:00']);
    expect(await tab.hours('Sunday')).toEqual([]);
    expect(await tab.field('Buffer before each meeting (minutes)').inputValue()).toBe('15');
    expect(await tab.field('Buffer after each meeting (minutes)').inputValue()).toBe('10');

    // Stored as the background's settings, where the slot engine reads them.
    const stored = await options.page.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome;
      return (await chrome.storage.local.get('settings')).settings as { meetings: { availability: { weekly: unknown[]; bufferBefore: number; bufferAfter: number } } };
    });
    const { weekly, bufferBefore, bufferAfter } = stored.meetings.availability;
    expect({ monday: weekly[1], saturday: weekly[6], bufferBefore, bufferAfter }).toEqual({
      monday: [
        { start: '08:30', end: '12:00' },
        { start: '13:00', end: '17:30' },
      ],
      saturday: [{ start: '10:00', end: '12:00' }],
      bufferBefore: 15,
      bufferAfter: 10,
    });
    await options.page.close();
  });

  it('refuses a bad value beside its field and keeps what was stored', async () => {
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!, '#meetings');
    const tab = new MeetingsSettingsTab(options.page);
    await tab.form.waitFor();
    await tab.setHours('Tuesday', ['17:00–09:00']);
    await tab.field('Buffer after each meeting (minutes)').fill('ten');
    expect(await tab.save()).toMatch(/^Not saved: 2 fields to correct/);
    expect(await tab.day('Tuesday').innerText()).toContain('a range must end after it starts');
    await expect.poll(() => tab.fieldErrors.allInnerTexts()).toEqual(['a number']);
    expect(await tab.field('Buffer after each meeting (minutes)').getAttribute('aria-invalid')).toBe('true');
    await options.page.reload();
    await tab.form.waitFor();
    expect(await tab.hours('Tuesday')).toEqual(['09:00–17:00']);
    expect(await tab.field('Buffer after each meeting (minutes)').inputValue()).toBe('10');
    await options.page.close();
  });

  it('adds the calendar feed: host asked for, then read ("read N busy events"), or a clear error', async () => {
    const options = await OptionsPage.open(e2e.browser.context, e2e.browser.extensionId!, '#meetings');
    const tab = new MeetingsSettingsTab(options.page);
    await tab.form.waitFor();
    const missing = await tab.addFeed('https://calendar.google.com/calendar/ical/nobody/private-0/basic.ics');
    expect(missing).toBe('Not added: The calendar feed at calendar.google.com answered 404 (the address may have been reset).');
    const read = await tab.addFeed(`webcal://calendar.google.com${FEED_PATH}`);
    const events = Number(/read (\d+) busy events in the next 30 days/.exec(read)?.[1]);
    expect(events, read).toBeGreaterThanOrEqual(30);
    expect(events).toBeLessThanOrEqual(31);
    expect(await tab.addFeedError('ftp://calendar.example/x.ics')).toMatch(/https:\/\//);
    await options.page.reload();
    await tab.form.waitFor();
    expect(await tab.field('Calendar feed address').inputValue()).toBe(`webcal://calendar.google.com${FEED_PATH}`);

    // An accessibility audit of the whole tab, feed result shown.
    const violations = serious(await axeViolations(options.page));
    expect(violations).toEqual([]);
    await options.page.close();
  });
});
