import { describe, expect, it } from 'vitest';
import { useExtensionBrowser } from './suite';
import { BackgroundStore } from './pages/background-store';
import { GmailPage } from './pages/gmail-page';
import { SidePanelPage } from './pages/side-panel-page';
import { SequencesPanel } from './pages/sequences';

// A rep whose browser speaks German, a prospect who writes in French: the prospect's "je serai de retour le
// mercredi 23 décembre" becomes a follow-up on that day, and the side panel says so in German — its headline,
// the day (German names, German order) and why, quoting the French words it was read from. Then a reason the
// background wrote: her sequence, paused by her French out-of-office, explained in German with German dates, and
// the accepted follow-up's reminder, moved to her return by the same notice.

const e2e = useExtensionBrowser({ server: { undoSeconds: 1 }, launch: { language: 'de' } });

const SUBJECT = 'Proposition pour 40 licences';
const PROSPECT = { name: 'Camille Martin', email: 'camille.martin@atelier-lumiere.example' };
// The Gmail tab and side panel of the first test, which the second goes on with.
let gmail: GmailPage;
let side: SidePanelPage;

/** A Wednesday two to three weeks ahead (never Christmas or New Year's Day), as YYYY-MM-DD. */
function backOn(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 14));
  while (d.getUTCDay() !== 3 || /-(12-25|01-01)$/.test(d.toISOString().slice(0, 10))) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
const dayIn = (lang: string, iso: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));

describe('side panel in German on a French thread', () => {
  it('reads the French back-on date and explains the follow-up in German', async () => {
    const day = backOn();
    const french = dayIn('fr', day, { weekday: 'long', day: 'numeric', month: 'long' }); // "mercredi 23 décembre"
    gmail = await GmailPage.open(e2e.browser.context);
    const compose = await gmail.compose({ to: [PROSPECT.email], subject: SUBJECT, body: 'Bonjour Camille, voici notre proposition pour 40 licences.' });
    await compose.send();
    await expect.poll(() => gmail.delivered(), { timeout: 15_000 }).toHaveLength(1);
    const threadId = (await gmail.delivered())[0]!.threadId;

    await gmail.receiveReply({
      threadId,
      from: PROSPECT,
      body: `Bonjour,\n\nMerci pour la proposition. Je suis en déplacement chez un client : je serai de retour le ${french} et je vous répondrai à ce moment-là.\n\nBien cordialement,\nCamille Martin`,
    });
    await gmail.backToInbox();
    await gmail.openThread(SUBJECT);

    // What the background stored: the follow-up on the day she is back, read from her French words.
    const store = new BackgroundStore(e2e.browser.worker!);
    await expect.poll(async () => (await store.followUpSuggestions(threadId)).map((s) => s.payload.date), { timeout: 20_000 }).toEqual([day]);

    side = await SidePanelPage.open(e2e.browser.context, e2e.browser.extensionId!);
    expect(await side.uiLanguage()).toBe('de');
    await side.focus();
    await expect.poll(() => side.subject.textContent(), { timeout: 15_000 }).toBe(SUBJECT);

    // The panel in German: its headings, the day in German, and why — quoting her French words.
    await expect.poll(() => side.sectionHeading('suggestions').textContent(), { timeout: 15_000 }).toMatch(/^Vorschläge/);
    const german = dayIn('de', day, { weekday: 'long', day: 'numeric', month: 'long' }); // "Mittwoch, 23. Dezember"
    expect(german).toMatch(/^Mittwoch, \d{1,2}\. \p{L}+$/u);
    await expect.poll(() => side.suggestionTitle('followup').innerText(), { timeout: 15_000 }).toBe(`Follow-up am ${german}`);
    const why = await side.suggestionWhy('followup').innerText();
    expect(why).toMatch(new RegExp(`^aus der Nachricht gelesen: „.*de retour le ${french}“$`));
    expect(await side.suggestion('followup').innerText()).toContain('Warum:');
    expect(await side.suggestion('followup').getByRole('button', { name: `Annehmen: Follow-up am ${german}` }).count()).toBe(1);

    // Accepted, the reminder keeps the words it was suggested with: its reason is German too.
    await side.suggestion('followup').getByRole('button', { name: `Annehmen: Follow-up am ${german}` }).click();
    await expect.poll(() => side.reminders.first().innerText(), { timeout: 15_000 }).toMatch(new RegExp(`aus der Nachricht gelesen: „.*de retour le ${french}“`));

    // The automation log says what the rules did in German, the date in German too, each under the built-in
    // rule's German description; none of the English lines stored beside the words shows.
    const logged = () => side.automationEntries.allInnerTexts();
    await expect.poll(async () => (await logged()).some((e) => /Follow-up am .+ vorgeschlagen \(aus der Nachricht gelesen: „.*de retour le/.test(e)), { timeout: 15_000 }).toBe(true);
    const log = (await logged()).join('\n');
    expect(log).toContain('Wenn eine E-Mail eintrifft');
    expect(log).not.toMatch(/\b(suggested|logged|nothing|kept|reminders?|skipped|failed)\b/);
  });

  it('a sequence paused by her French out-of-office says why in German, with the dates in German', async () => {
    const ask = async <T,>(channel: string, payload: unknown) => {
      const answer = (await side.sendRaw({ channel, payload })) as { ok: boolean; data?: T; error?: { message: string } };
      if (!answer.ok) throw new Error(answer.error?.message ?? `${channel} failed`);
      return answer.data as T;
    };
    await gmail.backToInbox();
    await gmail.openThread(SUBJECT);
    const threadId = await gmail.threadId();
    const { sequence } = await ask<{ sequence: { id: string } }>('sequences.save', {
      sequence: { name: 'Relance licences', steps: [{ kind: 'task', title: 'Camille anrufen', afterWorkingDays: 0 }, { kind: 'task', title: 'Angebot nachfassen', afterWorkingDays: 2 }] },
    });
    const { enrolled } = await ask<{ enrolled: unknown[] }>('sequences.enrol', { sequenceId: sequence.id, people: [{ email: PROSPECT.email, threadId, subject: SUBJECT }] });
    expect(enrolled).toHaveLength(1);

    // A week later than the first notice, so this one is the one read.
    const later = backOn(new Date(Date.now() + 7 * 86_400_000));
    const french = dayIn('fr', later, { weekday: 'long', day: 'numeric', month: 'long' });
    await gmail.receiveReply({ threadId, from: PROSPECT, body: `Bonjour,\n\nJe suis absente du bureau : je serai de retour le ${french}.\n\nCamille Martin` });
    await gmail.backToInbox();
    await gmail.openThread(SUBJECT);

    const panel = new SequencesPanel(side.page);
    await side.reload();
    await expect.poll(() => side.subject.textContent(), { timeout: 15_000 }).toBe(SUBJECT);
    await expect.poll(async () => (await panel.enrolments()).map((e) => e.state), { timeout: 25_000 }).toEqual(['paused']);
    const [paused] = await panel.enrolments();
    // "Mi., 30. Dez. 2026": the day as lib/say.ts writes a day in a reason, in German.
    const germanDay = dayIn('de', later, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
    expect(paused!.reason).toMatch(new RegExp(`^pausiert: Abwesenheitsnotiz von ${PROSPECT.email.replace(/\./g, '\\.')}, .+, zurück am ${germanDay.replace(/\./g, '\\.')} \\(„.*${french}“\\); Schritt 1 \\(Aufgabe\\) fällig am `));
    expect(paused!.reason).not.toMatch(/paused|back|due/);
    // Her out-of-office moved the first test's reminder to her return, and it says so in German.
    await expect.poll(() => side.reminders.first().innerText(), { timeout: 15_000 }).toContain(`verschoben: die Person ist bis ${germanDay} abwesend`);
    await gmail.page.close();
  });
});
