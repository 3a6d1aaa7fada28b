import type { Locator, Page } from 'playwright-core';
import { ComposeWindow, type GmailPage } from './gmail-page';

// The side panel's suggested replies (components/DraftSuggestions.tsx), driven as a rep would.

export class DraftSuggestionsPanel {
  constructor(readonly page: Page) {}

  get section(): Locator {
    return this.page.getByTestId('draft-suggestions');
  }

  get intent(): Locator {
    return this.page.getByTestId('draft-intent');
  }

  /** Which reader decided the intent: the AI provider, or the local rules and why. */
  get intentFrom(): Locator {
    return this.page.getByTestId('draft-intent-from');
  }

  get drafts(): Locator {
    return this.page.getByTestId('draft-suggestion');
  }

  draft(templateId: string): Locator {
    return this.page.locator(`[data-testid="draft-suggestion"][data-template-id="${templateId}"]`);
  }

  async templateIds(): Promise<string[]> {
    return this.drafts.evaluateAll((els) => els.map((e) => e.getAttribute('data-template-id') ?? ''));
  }

  async reason(templateId: string): Promise<string> {
    return this.draft(templateId).getByTestId('draft-reason').innerText();
  }

  async text(templateId: string): Promise<string> {
    return this.draft(templateId).getByTestId('draft-text').inputValue();
  }

  async edit(templateId: string, text: string): Promise<void> {
    await this.draft(templateId).getByTestId('draft-text').fill(text);
  }

  /** Click Insert and wait for the panel to say how it went. */
  async insert(templateId: string): Promise<string> {
    await this.draft(templateId).getByTestId('draft-insert').click();
    const result = this.draft(templateId).getByTestId('draft-insert-result');
    await result.waitFor();
    return result.innerText();
  }

  /** Ask for an AI draft and wait until it has streamed in or been replaced by a note. */
  async draftWithAi(): Promise<void> {
    await this.page.getByTestId('ai-draft-button').click();
    await this.page.locator('[data-testid="ai-note"], [data-testid="ai-draft"][aria-busy="false"]').first().waitFor();
  }

  get aiNote(): Locator {
    return this.page.getByTestId('ai-note');
  }

  get closeLoop(): Locator {
    return this.page.getByTestId('close-loop');
  }
}

/** The inline reply under the open Gmail thread. */
export function inlineReply(gmail: GmailPage): ComposeWindow {
  return new ComposeWindow(gmail, gmail.page.locator('div.ip.adB'));
}
