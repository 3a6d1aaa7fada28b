import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { AiGateway } from '@/lib/ai/gateway';
import { FollowthroughDb } from '@/lib/db';
import { conditions } from '@/lib/engine/conditions';
import { compileRule, createRegistry } from '@/lib/engine/rules';
import { Engine } from '@/lib/engine/runner';
import type { DraftsPorts } from '@/lib/handlers/ports';
import { issuesWords } from '@/lib/issue-words';
import { FeedError, fetchFeed } from '@/lib/meetings/ical-feed';
import { MeetingsService } from '@/lib/meetings/service';
import { RangeInput } from '@/lib/reports/metrics';
import { createRouter } from '@/lib/router';
import { say } from '@/lib/say';
import { createHandlers } from '@/lib/service';
import { AiSettings, defaultSettings, Settings, SettingsStore } from '@/lib/settings';
import { sayIssues } from '@/lib/ui/issue-words';
import { createReportsStore } from '@/lib/ui/reports-store';
import { sayRuleIssuesLine } from '@/lib/ui/rules-store';
import { Sequence } from '@/lib/sequences/schema';
import { wordsOfError } from '@/lib/words';
import { ViewTracker } from '@/lib/views';
import { EXT_ORIGIN, memoryArea, OWN_ID, senders } from '../support/background';
import { makeEngine, sent } from '../support/engine';
import { setUiLanguage } from '../support/i18n-fake';
import { meetingsSetup } from '../support/meetings';

// Lines the rep read in English in the German UI: the calendar feed's refusals, the AI draft's fallback note, the
// Reports page's range refusals and a condition's JavaScript error. Each is said in German; the English line (with
// the platform's or library's own error) stays for logs.

const NOW = Date.parse('2026-12-07T15:00:00Z');
const dbs: FollowthroughDb[] = [];
const freshDb = async (name: string) => {
  const db = new FollowthroughDb(`ft-${name}-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  await db.open();
  return db;
};
afterEach(async () => {
  setUiLanguage('en');
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

describe('the calendar feed’s refusals', () => {
  it('an unreachable feed says so in German, without the platform’s “Failed to fetch” (kept in the English line)', async () => {
    const error = await fetchFeed('webcal://calendar.example/private.ics', () => Promise.reject(new TypeError('Failed to fetch'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).message).toBe('Could not reach the calendar feed at calendar.example (Failed to fetch).');
    setUiLanguage('de');
    expect(say((error as FeedError).words)).toBe('Der Kalender-Feed auf calendar.example war nicht erreichbar.');
    const refusal = (p: Promise<string>) => p.then(() => undefined, (e: unknown) => e) as Promise<FeedError>;
    const notFound = await refusal(fetchFeed('https://calendar.example/old.ics', async () => new Response('gone', { status: 404 })));
    expect(say(notFound.words)).toBe('Der Kalender-Feed auf calendar.example antwortete mit 404 (die Adresse wurde vielleicht zurückgesetzt).');
    const notHttps = await refusal(fetchFeed('http://calendar.example/x.ics', () => Promise.reject(new Error('not called'))));
    expect(say(notHttps.words)).toBe('Die Adresse des Kalender-Feeds muss mit https:// (oder webcal://) beginnen.');
  });

  it('“Propose times” gets the feed’s refusal with its words; a fault of ours reads “could not be read” without its JavaScript error', async () => {
    const { service } = meetingsSetup('feed-words', { start: NOW, feed: 'down' });
    const down = await service.suggest({});
    expect(down.feedError).toBe('Could not reach the calendar feed at calendar.example (Failed to fetch).');
    setUiLanguage('de');
    expect(say(down.feedErrorWords, down.feedError)).toBe('Der Kalender-Feed auf calendar.example war nicht erreichbar.');

    // A fetch answer without headers: fetchFeed trips over it with JavaScript's own TypeError.
    const db = await freshDb('feed-bug');
    const settings = Settings.parse({ ...defaultSettings(), meetings: { ...defaultSettings().meetings, calendarFeedUrl: 'https://calendar.example/private.ics' } });
    const broken = new MeetingsService({ db, settings: async () => settings, now: () => NOW, dispatch: async () => {}, fetch: async () => ({ ok: true }) as Response, newId: () => 'id1' });
    const bug = await broken.suggest({});
    expect(bug.feedError).toMatch(/^The calendar feed could not be read: .*(undefined|null)/);
    expect(say(bug.feedErrorWords, bug.feedError)).toBe('Der Kalender-Feed konnte nicht gelesen werden.');
  });

  it('through the router: Gmail’s “Propose times” gets the missing host access said in German, the options page the unreachable feed', async () => {
    const db = await freshDb('feed-router');
    const settings = new SettingsStore(memoryArea());
    await settings.update({ meetings: { ...defaultSettings().meetings, calendarFeedUrl: 'webcal://calendar.example/private.ics' } });
    let granted = false;
    const drafts: DraftsPorts = {
      sendToTab: async () => undefined,
      broadcast: () => {},
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      hasPermission: async () => granted,
    };
    const engine = new Engine({ db, now: () => NOW, settings: async () => (await settings.load()).settings, log: () => {} });
    const route = createRouter(createHandlers({ db, settings, views: new ViewTracker(memoryArea()), now: () => NOW, engine, dispatch: (e) => engine.dispatch(e), notifyPanels: () => {}, drafts }), {
      ownId: OWN_ID,
      extensionOrigin: EXT_ORIGIN,
      log: () => {},
    });
    setUiLanguage('de');
    const suggest = (await route({ channel: 'meetings.suggest', payload: {} }, senders.gmail)) as { ok: true; data: { feedError?: string } };
    expect(suggest.data.feedError).toBe('Followthrough hat keinen Zugriff auf calendar.example: Fügen Sie den Kalender-Feed unter Optionen → Termine erneut hinzu, um ihn zu erlauben.');

    granted = true;
    const check = (await route({ channel: 'meetings.checkFeed', payload: { url: 'https://calendar.example/private.ics' } }, senders.extension)) as { ok: true; data: { ok: false; error: string; words?: unknown } };
    expect(check.data.error).toContain('Failed to fetch');
    expect(say(check.data.words, check.data.error)).toBe('Der Kalender-Feed auf calendar.example war nicht erreichbar.');
  });
});

describe('the AI draft’s fallback note', () => {
  const gateway = async (fetch: () => Promise<Response>) =>
    new AiGateway({ db: await freshDb('ai-note'), now: () => NOW, fetch, hasOrigin: async () => true, promptApi: () => undefined });

  it('says why there is no AI draft in German: no provider, no built-in model, an endpoint out of reach (not its “Failed to fetch”)', async () => {
    const none = await (await gateway(() => Promise.reject(new Error('not called')))).generate(AiSettings.parse({}), { purpose: 'draft-reply', messages: [{ role: 'user', content: 'Hi' }] });
    const chrome = await (await gateway(() => Promise.reject(new Error('not called')))).generate(AiSettings.parse({ provider: 'chrome' }), { purpose: 'draft-reply', messages: [{ role: 'user', content: 'Hi' }] });
    const offline = await (await gateway(() => Promise.reject(new TypeError('Failed to fetch')))).generate(AiSettings.parse({ provider: 'openai-compatible', endpoint: 'http://127.0.0.1:9/v1', model: 'm' }), {
      purpose: 'draft-reply',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    if (none.kind !== 'fallback' || chrome.kind !== 'fallback' || offline.kind !== 'fallback') throw new Error('expected fallbacks');
    expect(offline.note).toBe('The AI draft failed (could not reach http://127.0.0.1:9 (Failed to fetch)); these are your templates.');
    setUiLanguage('de');
    expect(say(none.noteWords, none.note)).toBe('Es ist kein KI-Anbieter eingerichtet, daher sind dies Ihre Vorlagen. Wählen Sie einen in den Einstellungen von Followthrough, um KI-Entwürfe zu erhalten.');
    expect(say(chrome.noteWords, chrome.note)).toBe('Der KI-Entwurf ist fehlgeschlagen (das integrierte Modell von Chrome ist in diesem Browser noch nicht verfügbar); dies sind Ihre Vorlagen.');
    expect(say(offline.noteWords, offline.note)).toBe('Der KI-Entwurf ist fehlgeschlagen (der KI-Anbieter war nicht erreichbar); dies sind Ihre Vorlagen.');
  });
});

describe('the Reports page’s custom range', () => {
  it('a range that ends before it starts or runs past 366 days is refused in German, and the page says it', async () => {
    const backwards = RangeInput.safeParse({ kind: 'custom', from: '2026-12-07', to: '2026-12-01' });
    const long = RangeInput.safeParse({ kind: 'custom', from: '2025-01-01', to: '2026-12-01' });
    setUiLanguage('de');
    expect(say(issuesWords(backwards.error!.issues))).toBe('der Zeitraum muss am oder nach seinem ersten Tag enden');
    expect(say(issuesWords(long.error!.issues))).toBe('ein eigener Zeitraum umfasst höchstens 366 Tage');

    // The router refuses the payload with these words; the page says them, not the English line and its channel.
    const store = createReportsStore(async () => ({
      ok: false,
      error: { code: 'bad_payload', message: 'reports.get: the payload does not match its schema', words: issuesWords(backwards.error!.issues) },
    }));
    await store.getState().setRange({ kind: 'custom', from: '2026-12-07', to: '2026-12-01' });
    expect(store.getState().error).toContain('der Zeitraum muss am oder nach seinem ersten Tag enden');
    expect(store.getState().error).not.toMatch(/reports\.get|payload/);
  });
});

describe('a condition’s JavaScript error', () => {
  it('the automation log says a condition failed in German without the JavaScript error, which goes to the log', async () => {
    const db = await freshDb('condition-bug');
    const logs: string[] = [];
    const registry = createRegistry({
      conditions: conditions.map((c) =>
        c.kind === 'setting.on'
          ? {
              ...c,
              test: () => {
                throw new TypeError("Cannot read properties of undefined (reading 'stage')");
              },
            }
          : c,
      ),
    });
    const engine = makeEngine(db, {}, { registry, log: (m) => logs.push(m) });
    await engine.start();
    await engine.dispatch(sent(['priya@acme.example']));
    await engine.idle();
    const failed = (await db.auditLog.toArray()).filter((e) => e.action === 'conditions' && e.result === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.detail).toBe("a condition failed: Cannot read properties of undefined (reading 'stage')");
    expect(logs.some((m) => m.includes("a condition threw: Cannot read properties of undefined (reading 'stage')"))).toBe(true);
    setUiLanguage('de');
    expect(say(failed[0]!.detailWords, failed[0]!.detail)).toBe('eine Bedingung ist fehlgeschlagen: ein unerwarteter Fehler in Followthrough');
  });
});

describe('where a refused value sits', () => {
  it('a rule’s refused condition parameter is “Bedingung 1” in German, never “conditions.0.params.in.1” (kept in the issue’s path)', () => {
    const rule = { id: 'r1', description: 'Log mail to Acme', trigger: 'email.sent', conditions: [{ kind: 'sender.domain', params: { in: ['acme.example', 'not a domain'] } }], actions: [{ kind: 'activity.log' }] };
    const compiled = compileRule(rule, createRegistry());
    if (compiled.ok) throw new Error('accepted an invalid rule');
    expect(compiled.issues[0]!.path).toBe('conditions.0.params.in.1');
    setUiLanguage('de');
    const line = sayRuleIssuesLine(compiled.issues);
    expect(line).toMatch(/^Bedingung 1: /);
    expect(line).not.toContain('conditions.0');
  });

  it('a setting refused by the background names the field as the form does (“Zeitzone”), not “workingHours.timeZone”; one the rep cannot name is the issue alone', async () => {
    const settings = new SettingsStore(memoryArea());
    const refused = await settings.update({ workingHours: { ...defaultSettings().workingHours, timeZone: 'Mars/Base' } }).catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/^workingHours\.timeZone: /);
    setUiLanguage('de');
    const said = say(wordsOfError(refused));
    expect(said).toMatch(/^Zeitzone: /);
    expect(said).not.toContain('workingHours');
    const range = RangeInput.safeParse({ kind: 'custom', from: '2026-12-07', to: '2026-12-01' });
    expect(sayIssues(range.error!.issues)).toBe('der Zeitraum muss am oder nach seinem ersten Tag enden');
  });

  it('a sequence step’s refused subject is “Schritt 2, Betreff” in the router’s words', () => {
    const step = { kind: 'email', templateId: 'pricing-reply', afterWorkingDays: 0 };
    const parsed = Sequence.safeParse({ id: 's1', version: 1, name: 'Pilot follow-up', steps: [step, { ...step, threading: 'new-thread', subject: 'x'.repeat(400) }], updatedAt: 0 });
    expect(parsed.success).toBe(false);
    setUiLanguage('de');
    const said = say(issuesWords(parsed.error!.issues));
    expect(said).toMatch(/^Schritt 2, Betreff: /);
    expect(said).not.toContain('steps.1');
  });
});
