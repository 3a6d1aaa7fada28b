import Dexie from 'dexie';
import { FollowthroughDb } from '@/lib/db';
import { contactEmails } from '@/lib/db';
import type { EngineEvent } from '@/lib/engine/events';
import { Engine, type EngineOptions } from '@/lib/engine/runner';
import type { Contact } from '@/lib/records';
import { defaultSettings, type Settings } from '@/lib/settings';

// Engines over fake-indexeddb for unit tests: a fresh database each, the same clock, settings as given.

export const T0 = 1_764_072_000_000;

export async function freshDb() {
  const name = `ft-engine-${Math.random().toString(36).slice(2)}`;
  const db = new FollowthroughDb(name);
  await db.open();
  return { db, name, async drop() { db.close(); await Dexie.delete(name); } };
}

export function makeEngine(db: FollowthroughDb, settings: Partial<Settings> = {}, extra: Partial<EngineOptions> = {}) {
  const s = { ...defaultSettings(), ownDomains: ['followthrough-demo.example'], ...settings };
  let clock = T0;
  return new Engine({ db, now: () => clock++, settings: async () => s, log: () => {}, outbox: { random: () => 0.5 }, ...extra });
}

export const contact = (id: string, email: string, extra: Partial<Contact> = {}): Contact => ({
  id,
  name: id,
  email,
  altEmails: [],
  emails: contactEmails({ email, altEmails: extra.altEmails ?? [] }),
  source: 'local',
  createdAt: T0,
  updatedAt: T0,
  ...extra,
});

let n = 0;
/** An email.sent event from the rep to these addresses; each call is a new message. */
export function sent(to: string[], extra: { messageId?: string; threadId?: string; subject?: string; at?: number; from?: string } = {}): EngineEvent {
  n++;
  return {
    type: 'email.sent',
    email: {
      messageId: extra.messageId ?? `msg-a:r${1000 + n}`,
      threadId: extra.threadId ?? `thread-a:r${1000 + n}`,
      from: { name: 'Sam Rep', email: extra.from ?? 'sam@followthrough-demo.example' },
      to: to.map((email) => ({ name: '', email })),
      cc: [],
      bcc: [],
      subject: extra.subject ?? `Proposal ${n}`,
      bodyText: 'Hello',
      at: extra.at ?? T0 + n,
    },
  };
}

export function received(from: string, threadId: string, extra: { messageId?: string; subject?: string } = {}): EngineEvent {
  n++;
  return {
    type: 'email.received',
    email: {
      messageId: extra.messageId ?? `msg-a:r${5000 + n}`,
      threadId,
      from: { name: '', email: from },
      to: [{ name: 'Sam Rep', email: 'sam@followthrough-demo.example' }],
      cc: [],
      bcc: [],
      subject: extra.subject ?? 'Re: Proposal',
      bodyText: 'Thanks',
      at: T0 + n,
    },
  };
}
