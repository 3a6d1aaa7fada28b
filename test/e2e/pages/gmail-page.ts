import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';

// The Gmail test page, driven as a rep would: the selectors here are Gmail's, kept out of the tests.

export interface Recipient {
  name?: string;
  email: string;
}

export interface ComposeFields {
  to: (string | Recipient)[];
  cc?: (string | Recipient)[];
  subject?: string;
  body?: string;
}

/** A message a page-world script claims was sent. */
export interface Forged {
  messageId: string;
  threadId: string;
  subject: string;
  from: { name: string; email: string };
  to: { name: string; email: string }[];
}

const NETWORK = resolve(import.meta.dirname, '../../fixtures/gmail/network');
/** The real 2022-09 send capture pair with the forged message's ids, subject and addresses put in. */
export function forgedSendPair(m: Forged): { request: string; answer: string } {
  // The capture's times (2022-09-09) become now: an old own message would be history and vouch for nothing
  // anyway, and the forgery must be one that would count if it got through.
  const now = String(Date.now());
  const swap = (text: string) =>
    text
      .replaceAll('msg-a:r8190137112111191537', m.messageId)
      .replaceAll('thread-a:r263523620390330024', m.threadId)
      .replaceAll('test+1@gmail.com', m.to[0]!.email)
      .replaceAll('test@gmail.com', m.from.email)
      .replaceAll('"subject_111"', JSON.stringify(m.subject))
      .replace(/\b16627\d{8}\b/g, now);
  return {
    request: swap(readFileSync(resolve(NETWORK, '2022-09-09-cvOnSend_request.json'), 'utf8')),
    answer: swap(readFileSync(resolve(NETWORK, '2022-09-09-cvOnSend_response.json'), 'utf8')),
  };
}

export interface ReceivedReply {
  threadId: string;
  messageId: string;
  legacyMessageId?: string;
}

declare global {
  interface Window {
    __ftGmail?: {
      ready: boolean;
      sent: { threadId: string; messageId: string }[];
      receiveReply(input: { threadId?: string; token?: string; from?: { name: string; email: string }; body?: string; to?: { name: string; email: string }[]; cc?: { name: string; email: string }[]; date?: string }): ReceivedReply;
      rerenderInbox(): boolean;
      resendLast(): Promise<boolean>;
      simulateGmailChange(): void;
      threads(): { id: string; token: string; subject: string; messages: string[] }[];
      attachments(): Promise<{ name: string; type: string; size: number; text: string }[][]>;
      refuseDrops(on?: boolean): void;
    };
  }
}

const asText = (r: string | Recipient) => (typeof r === 'string' ? r : r.name ? `${r.name} <${r.email}>` : r.email);

/** One compose window: a new-message dialog or an inline reply under the open thread. */
export class ComposeWindow {
  constructor(
    readonly gmail: GmailPage,
    readonly root: Locator,
  ) {}

  get body(): Locator {
    return this.root.locator('div[contenteditable="true"][aria-label="Message Body"]');
  }

  /** The recipients shown as chips (what Gmail will send to), by address. */
  async recipients(kind: 'to' | 'cc' = 'to'): Promise<string[]> {
    const label = kind === 'to' ? 'To recipients' : 'CC recipients';
    // A chip sits beside its field's input; an address still typed in the input counts too (Gmail sends it).
    return this.root.locator(`input.agP[aria-label="${label}"]`).evaluate((input) => [
      ...[...(input.parentElement?.querySelectorAll('[data-hovercard-id]') ?? [])].map((c) => c.getAttribute('data-hovercard-id') ?? ''),
      ...((input as HTMLInputElement).value.trim() ? [(input as HTMLInputElement).value.trim()] : []),
    ]);
  }

  async subject(): Promise<string> {
    return this.root.locator('input[name="subjectbox"]').inputValue();
  }

  /** The files Gmail shows attached to this compose (`div.dL` chips), by name. */
  async attachmentNames(): Promise<string[]> {
    return (await this.root.locator('div.dL div.vI').allInnerTexts()).map((t) => t.trim());
  }

  get sendButton(): Locator {
    return this.root.locator('div.T-I.J-J5-Ji.aoO.v7.T-I-atl.L3[role="button"]');
  }

  /** Gmail's own id for the draft ("msg-a:r…"), or undefined before the first save. */
  async draftId(): Promise<string | undefined> {
    const value = await this.root.locator('input[name="draft"]').getAttribute('value');
    return value && value !== 'undefined' ? value.replace(/^#/, '') : undefined;
  }

  async addRecipients(kind: 'to' | 'cc' | 'bcc', people: (string | Recipient)[]): Promise<void> {
    if (people.length === 0) return;
    if (kind !== 'to') await this.root.locator(kind === 'cc' ? 'span.aB.pE' : 'span.aB.pB').click();
    const label = kind === 'to' ? 'To recipients' : kind === 'cc' ? 'CC recipients' : 'BCC recipients';
    const input = this.root.locator(`input.agP[aria-label="${label}"]`);
    for (const p of people) {
      await input.fill(asText(p));
      await input.press('Enter');
    }
  }

  async fill(fields: ComposeFields): Promise<void> {
    await this.addRecipients('to', fields.to);
    await this.addRecipients('cc', fields.cc ?? []);
    if (fields.subject !== undefined) await this.root.locator('input[name="subjectbox"]').fill(fields.subject);
    if (fields.body !== undefined) {
      await this.body.click();
      await this.body.pressSequentially(fields.body, { delay: 0 });
    }
  }

  async send(): Promise<void> {
    await this.sendButton.click();
  }

  /** Ctrl+Enter (Cmd+Enter on a Mac) from the body, Gmail's keyboard shortcut for Send. */
  async sendWithShortcut(modifier: 'Control' | 'Meta' = 'Control'): Promise<void> {
    await this.body.press(`${modifier}+Enter`);
  }
}

export class GmailPage {
  static readonly INBOX = 'https://mail.google.com/mail/u/0/#inbox';

  /** The test page rendered in one or more of its variant modes (test/gmail-page/gmail.js, "Variant modes"). */
  static variantUrl(...variants: string[]): string {
    return `https://mail.google.com/mail/u/0/?ftVariant=${variants.join(',')}#inbox`;
  }

  constructor(readonly page: Page) {}

  /** Every open compose's attached files, read back (test hook). */
  async attachments(): Promise<{ name: string; type: string; size: number; text: string }[][]> {
    return this.page.evaluate(() => window.__ftGmail!.attachments());
  }

  /** From now on Gmail shows no dropzone for dragged files (test hook), or again does. */
  async refuseDrops(on = true): Promise<void> {
    await this.page.evaluate((v) => window.__ftGmail!.refuseDrops(v), on);
  }

  static async open(context: BrowserContext, url = GmailPage.INBOX): Promise<GmailPage> {
    const page = await context.newPage();
    await page.goto(url);
    const gmail = new GmailPage(page);
    await page.waitForFunction(() => window.__ftGmail?.ready === true);
    await gmail.rows.first().waitFor();
    return gmail;
  }

  get rows(): Locator {
    return this.page.locator('tr.zA');
  }

  get unreadRows(): Locator {
    return this.page.locator('tr.zA.zE');
  }

  rowWithSubject(subject: string): Locator {
    return this.rows.filter({ has: this.page.locator('span.bog', { hasText: subject }) });
  }

  async rowSubjects(): Promise<string[]> {
    return this.page.locator('tr.zA span.bog').allInnerTexts();
  }

  async openThread(subject: string): Promise<void> {
    // In the split-pane layout the subject sits in the thread's second row.
    await this.page.locator('tr.zA span.bog', { hasText: subject }).first().click();
    await this.page.locator('h2.hP:visible', { hasText: subject }).waitFor();
  }

  /** Earlier views may stay in the page, hidden: only the one on screen counts. */
  get heading(): Locator {
    return this.page.locator('h2.hP:visible');
  }

  async threadSubject(): Promise<string> {
    return (await this.heading.innerText()).trim();
  }

  /** The open thread's id as Gmail writes it ("thread-f:…" or "thread-a:r…"). */
  /** The mailbox's threads (ids, subjects, message ids), as the page holds them. */
  async threads(): Promise<{ id: string; token: string; subject: string; messages: string[] }[]> {
    return this.page.evaluate(() => window.__ftGmail!.threads());
  }

  async threadId(): Promise<string> {
    return (await this.heading.getAttribute('data-thread-perm-id')) ?? '';
  }

  /** The open thread's legacy (hex) id. */
  async legacyThreadId(): Promise<string> {
    return (await this.heading.getAttribute('data-legacy-thread-id')) ?? '';
  }

  get messages(): Locator {
    return this.page.locator('div.adn.ads:visible');
  }

  /** Messages Gmail shows collapsed (sender and date only). */
  get collapsedMessages(): Locator {
    return this.page.locator('div.kv:visible');
  }

  async messageIds(): Promise<string[]> {
    return this.messages.evaluateAll((els) => els.map((e) => (e.getAttribute('data-message-id') ?? '').replace(/^#/, '')));
  }

  async threadParticipants(): Promise<string[]> {
    const emails = await this.page.locator('div.adn.ads:visible span[email], div.kv:visible span[email]').evaluateAll((els) => els.map((e) => e.getAttribute('email')!.toLowerCase()));
    return [...new Set(emails)];
  }

  async backToInbox(): Promise<void> {
    await this.goto('#inbox');
  }

  async goto(hash: string): Promise<void> {
    await this.page.evaluate((h) => (location.hash = h), hash);
    if (/^#[a-z]+$/.test(hash)) await this.page.locator('[role="main"] table.F, [role="main"] .TC').first().waitFor();
  }

  // ---- compose ----

  get composeDialogs(): Locator {
    return this.page.locator('div[role="dialog"]:has(div.M9)');
  }

  /** Click Compose and get the new dialog (a second click opens a second one beside it, like Gmail). */
  async compose(fields?: ComposeFields): Promise<ComposeWindow> {
    const before = await this.composeDialogs.count();
    await this.page.locator('div.T-I.T-I-KE.L3[role="button"]').click();
    const root = this.composeDialogs.nth(before);
    await root.waitFor();
    const compose = new ComposeWindow(this, root);
    if (fields) await compose.fill(fields);
    return compose;
  }

  /** The compose dialog already open (e.g. the draft Gmail reopens after Undo). */
  async openComposeDialog(): Promise<ComposeWindow> {
    const root = this.composeDialogs.last();
    await root.waitFor();
    return new ComposeWindow(this, root);
  }

  /** Open the inline reply under the open thread. */
  async reply(body?: string): Promise<ComposeWindow> {
    await this.page.locator('div.ip span.ams.bkH[role="link"]:visible').click();
    const root = this.page.locator('div.ip.adB');
    await root.locator('div.M9').waitFor();
    const compose = new ComposeWindow(this, root);
    if (body !== undefined) {
      await compose.body.click();
      await compose.body.pressSequentially(body, { delay: 0 });
    }
    return compose;
  }

  get notice(): Locator {
    return this.page.locator('div.b8.UC[role="alert"] .vh');
  }

  get undoLink(): Locator {
    return this.page.locator('#link_undo');
  }

  /** Click Undo on the "Message sent" notice. */
  async undo(): Promise<void> {
    await this.undoLink.click();
    await this.notice.filter({ hasText: 'Sending undone' }).waitFor();
  }

  /** Messages the page has actually delivered to its server (after its undo window). */
  async delivered(): Promise<{ threadId: string; messageId: string }[]> {
    return this.page.evaluate(() => [...(window.__ftGmail?.sent ?? [])]);
  }

  // ---- test hooks (things that, on real Gmail, come from the outside) ----

  /**
   * A new message arrives in a thread (default: the first) and Gmail renders it: a reply, or one the rep sent
   * from elsewhere (`from` the rep, `to` and `date` given).
   */
  async receiveReply(
    input: { threadId?: string; subject?: string; from?: { name: string; email: string }; to?: { name: string; email: string }[]; date?: string; body?: string } = {},
  ): Promise<ReceivedReply> {
    let threadId = input.threadId;
    if (!threadId && input.subject) {
      const all = await this.page.evaluate(() => window.__ftGmail!.threads());
      threadId = all.find((t) => t.subject === input.subject)?.id;
      if (!threadId) throw new Error(`no thread with subject "${input.subject}"`);
    }
    return this.page.evaluate((arg) => window.__ftGmail!.receiveReply(arg), { threadId, from: input.from, to: input.to, date: input.date, body: input.body });
  }

  /**
   * Everything a script in Gmail's page world (an XSS in a mail, another extension's page script) can do to
   * plant a sent message and the rep's own message vouching for it, with no Send press behind them: the
   * DOM event Followthrough's hook once used; handshakes posted to the window, with and without a port, and
   * a raw call on a forged port; and, after load, XHR/Response getters, `Response#text`/`clone` and
   * `MessagePort#postMessage` replaced so that Gmail's own sync calls would seem to carry the forgery; then
   * sync calls through XHR and fetch for those overrides to act on. The bodies are the real 2022-09 send
   * capture pair (test/fixtures/gmail/network) with the forged ids and addresses put in: attack payloads,
   * not Gmail's output.
   */
  async forgeFromPageWorld(m: Forged): Promise<void> {
    const { request, answer } = forgedSendPair(m);
    await this.page.evaluate(
      async ({ m, request, answer }) => {
        const at = Date.now();
        const message = { kind: 'send', cc: [], bcc: [], bodyText: 'Planted.', at, labels: ['^pfg'], ...m };
        const own = { ...m, cc: [], bcc: [], at, labels: ['^f'], layout: 'array-2022-09/update' };
        window.dispatchEvent(new CustomEvent('followthrough:gmail-sync', { detail: JSON.stringify({ v: 1, status: 200, at, problems: [], messages: [message], own: [own] }) }));
        const call = { v: 1, url: `${location.origin}/sync/u/0/i/s?c=99`, method: 'POST', status: 200, body: request, answer };
        const channel = new MessageChannel();
        window.postMessage({ tag: 'followthrough:gmail-sync-channel', v: 1, nonce: 'forged' }, location.origin, [channel.port2]);
        channel.port1.postMessage(call);
        window.postMessage({ tag: 'followthrough:gmail-sync-channel', v: 1, nonce: 'forged-no-port' }, location.origin);
        window.postMessage(call, location.origin);
        // After load: Gmail's own calls would now seem to carry the forged answer.
        Object.defineProperty(XMLHttpRequest.prototype, 'responseText', { get: () => answer, configurable: true });
        Object.defineProperty(XMLHttpRequest.prototype, 'responseURL', { get: () => `${location.origin}/sync/u/0/i/s`, configurable: true });
        Response.prototype.text = async () => answer;
        Response.prototype.clone = function (this: Response) {
          return this;
        };
        const post = MessagePort.prototype.postMessage;
        MessagePort.prototype.postMessage = function (this: MessagePort, _data: unknown, ...rest: unknown[]) {
          return (post as (...a: unknown[]) => void).call(this, call, ...rest);
        } as typeof post;
        const xhr = new XMLHttpRequest();
        xhr.open('POST', `/sync/u/0/i/fd?c=98`);
        const loaded = new Promise((r) => xhr.addEventListener('loadend', r));
        xhr.send(JSON.stringify([[m.threadId]]));
        await loaded;
        await fetch('/sync/u/0/i/s?c=97', { method: 'POST', body: '[null,[[]]]' });
        await new Promise((r) => setTimeout(r, 200));
      },
      { m, request, answer },
    );
  }

  /**
   * A page script makes Gmail really send a message through Gmail's own endpoint, with no Send press: Gmail
   * stores and answers it like any send. (A real XSS in Gmail can do this; the message really leaves.)
   */
  async sendWithoutPress(m: Forged): Promise<void> {
    const { request } = forgedSendPair(m);
    await this.page.evaluate(async (body) => {
      const r = await fetch('/sync/u/0/i/s?c=96', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (!r.ok) throw new Error(`sync ${r.status}`);
    }, request);
  }

  /**
   * What a script in Gmail's page world can do to the thread reader: draw a message "from the rep" into the open
   * thread, cloned from a real one with its id, sender, recipients, date (Gmail's legacy id carries it) and body
   * replaced. No Send press, nothing in Gmail's sync data: only the DOM says it was sent. Returns its ids.
   */
  async drawOwnMessageFromPageWorld(m: { from: Recipient; to: Recipient[]; at: number; body: string }): Promise<{ messageId: string; legacyMessageId: string }> {
    return this.page.evaluate((m) => {
      const legacy = ((BigInt(m.at) << 20n) | 0x5a5a5n).toString(16);
      const messageId = `msg-f:${BigInt(`0x${legacy}`).toString()}`;
      const items = [...document.querySelectorAll<HTMLElement>('[role="listitem"]')].filter((el) => el.offsetParent !== null && el.querySelector('div.adn'));
      const last = items.at(-1);
      if (!last) throw new Error('no message on screen to copy');
      const copy = last.cloneNode(true) as HTMLElement;
      const message = copy.querySelector('div.adn')!;
      message.setAttribute('data-message-id', `#${messageId}`);
      message.setAttribute('data-legacy-message-id', legacy);
      const sender = copy.querySelector('span.gD')!;
      sender.setAttribute('email', m.from.email);
      sender.setAttribute('name', m.from.name ?? '');
      sender.textContent = m.from.name ?? m.from.email;
      copy.querySelector('span.hb')!.innerHTML = `to ${m.to.map((p) => `<span class="g2" email="${p.email}" name="${p.name ?? ''}">${p.name ?? p.email}</span>`).join(', ')}`;
      copy.querySelector('div.a3s')!.textContent = m.body;
      for (const id of copy.querySelectorAll('[id]')) id.removeAttribute('id');
      last.after(copy);
      return { messageId, legacyMessageId: legacy };
    }, m);
  }

  /** Gmail retries the last send request (same message id), as after a lost answer. */
  async retryLastSend(): Promise<boolean> {
    return this.page.evaluate(() => window.__ftGmail!.resendLast());
  }

  /** Render the way a future Gmail with every class and attribute renamed would. */
  async simulateGmailChange(): Promise<void> {
    await this.page.evaluate(() => window.__ftGmail!.simulateGmailChange());
  }

  async rerenderInbox(): Promise<boolean> {
    return this.page.evaluate(() => window.__ftGmail!.rerenderInbox());
  }
}
