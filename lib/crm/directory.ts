import { contactEmails, type FollowthroughDb } from '../db';
import type { Company, Contact } from '../records';
import type { SettingsStore } from '../settings';
import { canonicalEmail, emailDomain, findContacts } from './match';
import { isPersonalDomain, neverLoggable } from './policy';
import { CrmError, type RateLimitWait } from './connectors/http';
import { CrmContact, type CrmConnector, type RemoteCrmName } from './connectors/types';
import type { Words } from '../words';

// Who an address is in the connected CRM, for mail to people who are contacts there but not in this browser.
// Asked before a log runs (the log itself runs inside one database transaction, where no request may wait):
// the addresses nobody local knows are looked up in batches, paced to the CRM's limits, and the answers kept
// in IndexedDB until they expire. Each contact found gets a local mirror row (source = the CRM, crmId = its
// id there), which logging, the side panel and the sync then use like any contact.

/** A contact found stays known for a day; "nobody" is asked again after an hour (they may be added). */
export const HIT_TTL_MS = 24 * 60 * 60_000;
export const MISS_TTL_MS = 60 * 60_000;
/** At most this many addresses are looked up per call (a send's recipients, a thread's participants). */
export const MAX_LOOKUP = 100;

export interface DirectoryOptions {
  db: FollowthroughDb;
  settings: SettingsStore;
  /** The connector of a connected CRM (throws CrmError not_connected otherwise). */
  connector: (crm: RemoteCrmName) => Promise<CrmConnector>;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The sync's per-CRM waits (burst window, spent daily budget): a lookup asks nothing while its CRM waits,
   * and a wait the CRM names on a lookup holds the sync's writes too.
   */
  pauses?: {
    until: (crm: RemoteCrmName) => Promise<{ until: number; message: string; words?: Words } | undefined>;
    hold: (crm: RemoteCrmName, limit: RateLimitWait, message: string, said?: Words) => Promise<void>;
  };
}

export interface LookupReport {
  /** The CRM asked, if any. */
  crm?: RemoteCrmName;
  /** Addresses answered from the cache, and asked of the CRM. */
  cached: number;
  asked: number;
  requests: number;
  /** Mirror contacts written (new or refreshed). */
  mirrored: string[];
}

export const mirrorIdFor = (crm: RemoteCrmName, crmId: string) => `${crm}:${crmId}`.slice(0, 200);
export const lookupIdFor = (crm: RemoteCrmName, address: string) => `${crm}:${canonicalEmail(address)}`;

const companyName = (domain: string) => {
  const label = domain.split('.').slice(-2, -1)[0] ?? domain;
  return label.charAt(0).toUpperCase() + label.slice(1);
};

export class CrmDirectory {
  private readonly lastRequestAt = new Map<RemoteCrmName, number>();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: DirectoryOptions) {
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /**
   * Make sure every loggable address that is a contact in the active CRM has a local mirror row. Does nothing
   * for the local CRM, or when the rep turned "log to contacts that exist in my CRM" off. Calls are serialised,
   * so two sends at once share the pacing (and the second finds the first's answers cached). Throws the
   * connector's CrmError when the CRM cannot answer (rate limit, outage, revoked token).
   */
  resolve(addresses: readonly string[], subject = ''): Promise<LookupReport> {
    const run = this.chain.then(() => this.resolveNow(addresses, subject));
    this.chain = run.catch(() => {});
    return run;
  }

  private async resolveNow(addresses: readonly string[], subject: string): Promise<LookupReport> {
    const { db, now } = this.o;
    const { settings } = await this.o.settings.load();
    const report: LookupReport = { cached: 0, asked: 0, requests: 0, mirrored: [] };
    if (settings.crm === 'local' || !settings.logToCrmContacts) return report;
    const crm = settings.crm;
    report.crm = crm;
    const wanted = new Map<string, string>();
    for (const a of addresses) {
      const lower = a.trim().toLowerCase();
      if (!lower.includes('@') || neverLoggable(lower, subject, settings)) continue;
      if (!wanted.has(canonicalEmail(lower))) wanted.set(canonicalEmail(lower), lower);
    }
    if (wanted.size === 0) return report;
    // Local contacts need no lookup: the sync finds them in the CRM by address when it writes.
    const local = await findContacts(db, [...wanted.values()]);
    for (const [key, address] of [...wanted]) if (local.has(address)) wanted.delete(key);
    if (wanted.size === 0) return report;

    const at = now();
    const cachedRows = await db.crmLookups.bulkGet([...wanted.values()].map((a) => lookupIdFor(crm, a)));
    const found = new Map<string, CrmContact>();
    const toAsk: string[] = [];
    [...wanted.values()].forEach((address, i) => {
      const row = cachedRows[i];
      if (row && row.expiresAt > at) {
        report.cached++;
        const contact = row.contact === undefined ? undefined : CrmContact.safeParse(row.contact);
        if (contact?.success) found.set(address, contact.data);
      } else toAsk.push(address);
    });

    const asked = toAsk.slice(0, MAX_LOOKUP);
    const answers = new Map<string, CrmContact>();
    if (asked.length) {
      const paused = await this.o.pauses?.until(crm);
      if (paused) throw new CrmError(crm, 'rate_limited', paused.message, paused.words ? { message: paused.words } : undefined, { retryAfterMs: Math.max(0, paused.until - now()) });
      const connector = await this.o.connector(crm);
      const { batchSize, minIntervalMs } = connector.lookupLimits;
      for (let i = 0; i < asked.length; i += batchSize) {
        const batch = asked.slice(i, i + batchSize);
        const wait = (this.lastRequestAt.get(crm) ?? -Infinity) + minIntervalMs - now();
        if (wait > 0) await this.sleep(wait);
        this.lastRequestAt.set(crm, now());
        report.requests++;
        try {
          for (const [email, contact] of await connector.lookupContacts(batch)) answers.set(email, contact);
        } catch (error) {
          if (error instanceof CrmError && error.code === 'rate_limited' && error.limit) await this.o.pauses?.hold(crm, error.limit, error.message, error.said?.message);
          throw error;
        }
      }
      report.asked = asked.length;
    }

    await db.transaction('rw', db.crmLookups, db.contacts, db.companies, async () => {
      const stamp = now();
      for (const address of asked) {
        const contact = answers.get(address) ?? answers.get(canonicalEmail(address));
        await db.crmLookups.put({ id: lookupIdFor(crm, address), crm, email: address, contact, at: stamp, expiresAt: stamp + (contact ? HIT_TTL_MS : MISS_TTL_MS) });
        if (contact) found.set(address, contact);
      }
      for (const [address, contact] of found) {
        const id = await this.mirror(crm, contact, address, stamp);
        if (id) report.mirrored.push(id);
      }
    });
    return report;
  }

  /** Write (or refresh) the local mirror of a CRM contact. Inside the caller's transaction. */
  private async mirror(crm: RemoteCrmName, contact: CrmContact, address: string, at: number): Promise<string | undefined> {
    const { db } = this.o;
    const id = mirrorIdFor(crm, contact.id);
    const primary = (contact.email || address).toLowerCase();
    const alt = [...new Set([...contact.altEmails, address].map((e) => e.toLowerCase()))].filter((e) => e !== primary && e.includes('@')).slice(0, 50);
    const emails = contactEmails({ email: primary, altEmails: alt });
    // An address already on another contact stays there: mirrors never take over a local contact.
    const taken = (await db.contacts.where('emails').anyOf(emails).toArray()).some((c) => c.id !== id);
    if (taken) return undefined;
    const existing = await db.contacts.get(id);
    let companyId = existing?.companyId;
    const domain = emailDomain(primary);
    if (!companyId && contact.company && !isPersonalDomain(domain)) {
      const known = await db.companies.where('domain').equals(domain).first();
      if (known) companyId = known.id;
      else {
        const company: Company = { id: `co:${domain}`.slice(0, 200), name: contact.company.slice(0, 300) || companyName(domain), domain, createdAt: at };
        if (!(await db.companies.get(company.id))) await db.companies.add(company);
        companyId = company.id;
      }
    }
    const row: Contact = {
      id,
      name: contact.name || primary,
      email: primary,
      altEmails: alt,
      emails,
      companyId,
      ownerName: contact.ownerName,
      source: crm,
      crmId: contact.id,
      crmKind: contact.kind,
      crmCompanyId: contact.companyId,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
    };
    await db.contacts.put(row);
    return id;
  }

  /** The CRM contact a mirror row stands for, for writing without looking it up again. */
  static crmContactOf(row: Contact, crm: RemoteCrmName): CrmContact | undefined {
    if (row.source !== crm || !row.crmId) return undefined;
    const parsed = CrmContact.safeParse({ id: row.crmId, kind: row.crmKind ?? 'contact', name: row.name, email: row.email, altEmails: row.altEmails, companyId: row.crmCompanyId, ownerName: row.ownerName });
    return parsed.success ? parsed.data : undefined;
  }

  /** Forget every cached answer (a CRM connected or disconnected: its answers mean nothing for another). */
  async forget(): Promise<void> {
    await this.o.db.crmLookups.clear();
  }

  /** Drop expired answers; cheap (indexed), called from the sync's sweep. */
  async prune(): Promise<number> {
    return this.o.db.crmLookups.where('expiresAt').below(this.o.now()).delete();
  }
}
