import type { Locator, Page, Worker } from 'playwright-core';
import { ComposeWindow, type GmailPage } from './gmail-page';
import type { OptionsPage } from './options-page';

// Sequences as the rep drives them: the options page's Sequences tab (create, enrol) and the side panel's
// Sequences section (enrol this contact, the enrolment's state and reason, a due step's actions).

export interface StepInput {
  kind: 'Email' | 'Task' | 'Call';
  days: number;
  /** An email step's template, by its name in the library. */
  template?: string;
  title?: string;
  /** An email step sent as a new thread, with this subject. */
  newThreadSubject?: string;
}

export class SequencesOptions {
  constructor(readonly options: OptionsPage) {}

  get page(): Page {
    return this.options.page;
  }

  async open(): Promise<void> {
    await this.options.tab('Sequences');
    await this.page.getByRole('heading', { name: 'Sequences', level: 1 }).waitFor();
  }

  /** Create a sequence through the editor: steps in order, a send window every day of the week. */
  async create(name: string, steps: StepInput[], window: { start: string; end: string; everyDay: boolean }): Promise<void> {
    await this.page.getByRole('button', { name: 'New sequence' }).click();
    const form = this.page.getByRole('form', { name: 'New sequence' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    for (const [i, step] of steps.entries()) {
      if (i > 0) await form.getByRole('button', { name: `Add ${step.kind.toLowerCase()}` }).click();
      const box = form.getByTestId(`sequence-step-${i}`);
      await box.getByLabel('Kind').selectOption({ label: step.kind });
      await box.getByLabel(/Working days after/).fill(String(step.days));
      if (step.template) await box.getByLabel('Template').selectOption({ label: step.template });
      if (step.newThreadSubject !== undefined) {
        await box.getByLabel('Send as').selectOption({ label: 'A new thread' });
        await box.getByLabel(/^Subject of the new thread/).fill(step.newThreadSubject);
      }
      if (step.title !== undefined) await box.getByLabel(step.kind === 'Task' ? 'What to do' : 'Call notes').fill(step.title);
    }
    await form.getByLabel('From').fill(window.start);
    await form.getByLabel('Until').fill(window.end);
    if (window.everyDay) for (const d of ['Sun', 'Sat']) await form.getByLabel(d, { exact: true }).check();
    await form.getByRole('button', { name: 'Create sequence' }).click();
    await this.page.getByTestId(`sequence-${name}`).waitFor();
  }

  get notice(): Locator {
    return this.page.getByTestId('sequences-notice');
  }

  /** Open a sequence's editor; the live preview of who the change reaches is inside it. */
  async edit(name: string): Promise<Locator> {
    await this.page.getByRole('button', { name: `Edit ${name}`, exact: true }).click();
    const form = this.page.getByRole('form', { name: `Edit sequence ${name}` });
    await form.waitFor();
    return form;
  }

  /** The editor's live preview: its count line and each enrolment's line. */
  async preview(form: Locator): Promise<{ count: string; items: string[] }> {
    const box = form.getByTestId('reach-preview');
    return { count: (await box.getByTestId('reach-count').textContent()) ?? '', items: (await box.getByTestId('reach-item').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()) };
  }
}

export class SequencesPanel {
  constructor(readonly page: Page) {}

  get section(): Locator {
    return this.page.getByTestId('section-sequences');
  }

  async enrol(sequence: string, person?: string): Promise<void> {
    if (person && (await this.section.getByLabel('Contact').count())) await this.section.getByLabel('Contact').selectOption(person);
    await this.section.getByLabel('Sequence').selectOption({ label: sequence });
    await this.section.getByRole('button', { name: 'Enrol in sequence' }).click();
  }

  get dueSteps(): Locator {
    return this.section.getByTestId('due-step');
  }

  async act(label: 'Insert' | 'Done' | 'Skip' | 'Snooze a day'): Promise<void> {
    await this.dueSteps.first().getByRole('button', { name: label }).click();
  }

  get notice(): Locator {
    return this.section.getByTestId('sequences-notice');
  }

  /** The date picker an out-of-office too far away asks with, and its button. */
  get resumeAsk(): Locator {
    return this.section.getByTestId('resume-ask');
  }

  async resumeOn(day: string): Promise<void> {
    const ask = this.resumeAsk.first();
    await ask.getByLabel(/^Resume .* on$/).fill(day);
    await ask.getByRole('button', { name: 'Resume on this day' }).click();
  }

  get places(): Locator {
    return this.section.getByTestId('enrolment-place');
  }

  /** Each enrolment shown: its state and its reason, as the rep reads them. */
  async enrolments(): Promise<{ state: string; reason: string; next: string }[]> {
    return this.section.getByTestId('enrolment').evaluateAll((rows) =>
      rows.map((r) => ({
        state: r.getAttribute('data-state') ?? '',
        reason: (r.querySelector('[data-testid="enrolment-reason"]')?.textContent ?? '').trim(),
        next: (r.querySelector('[data-testid="enrolment-next"]')?.textContent ?? '').trim(),
      })),
    );
  }
}

/** The inline reply box open under the thread (where Insert put the step's text). */
export function openReply(gmail: GmailPage): ComposeWindow {
  return new ComposeWindow(gmail, gmail.page.locator('div.ip.adB'));
}

/**
 * A test clock for the background: Date.now in the service worker moved ahead by `ms`. Sequences read the
 * clock at every use, so the next tick sees the future; a restarted worker forgets it (set it again).
 */
export async function moveBackgroundClock(worker: Worker, ms: number): Promise<void> {
  await worker.evaluate((offset) => {
    const g = globalThis as unknown as { __ftRealNow?: () => number };
    g.__ftRealNow ??= Date.now.bind(Date);
    const real = g.__ftRealNow;
    Date.now = () => real() + offset;
  }, ms);
}
