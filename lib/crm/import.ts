import Papa from 'papaparse';
import { z } from 'zod';
import type { FollowthroughDb } from '../db';
import { contactEmails } from '../db';
import type { Undo } from '../engine/undo';
import { CountryCode, Domain, EmailAddress, IanaTimeZone, type Company, type Contact } from '../records';
import { canonicalEmail, companyForDomain, emailDomain, findContacts } from './match';
import { isPersonalDomain } from './policy';
import { words, Words } from '../words';

// Contacts from a CSV export (a CRM's, a spreadsheet's). Every row is checked on its own; a bad row is
// reported by its line number and reason and the good rows still go in.

export const MAX_IMPORT_ROWS = 20_000;

// Column names as the big CRMs and spreadsheets export them, lower-cased without punctuation.
const COLUMNS: Record<string, 'email' | 'name' | 'first' | 'last' | 'company' | 'title' | 'phone' | 'alt' | 'domain' | 'timeZone' | 'country'> = {
  email: 'email', emailaddress: 'email', email1: 'email', primaryemail: 'email', workemail: 'email', 'e-mail': 'email',
  name: 'name', fullname: 'name', contactname: 'name', contact: 'name',
  firstname: 'first', givenname: 'first', first: 'first',
  lastname: 'last', surname: 'last', familyname: 'last', last: 'last',
  company: 'company', companyname: 'company', organization: 'company', organisation: 'company', account: 'company', accountname: 'company',
  title: 'title', jobtitle: 'title', position: 'title', role: 'title',
  phone: 'phone', phonenumber: 'phone', mobile: 'phone', mobilephone: 'phone', workphone: 'phone',
  altemails: 'alt', otheremails: 'alt', additionalemails: 'alt', email2: 'alt', secondaryemail: 'alt', alternateemail: 'alt',
  domain: 'domain', website: 'domain', companydomain: 'domain', companywebsite: 'domain',
  // HubSpot exports "Time Zone" and "Country/Region"; Salesforce "Mailing Country Code"; Pipedrive "Time zone".
  timezone: 'timeZone', tz: 'timeZone', ianatimezone: 'timeZone', contacttimezone: 'timeZone',
  country: 'country', countrycode: 'country', countryregion: 'country', mailingcountrycode: 'country', countryregioncode: 'country',
};
const columnOf = (header: string) => COLUMNS[header.toLowerCase().replace(/[^a-z0-9-]/g, '')];

// ---- The import screen's column mapping (issue 12) ----
export const IMPORT_FIELDS = ['email', 'name', 'first', 'last', 'company', 'title', 'phone', 'alt', 'domain', 'timeZone', 'country'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** The header each field is written under when the screen hands mapped rows to the importer (read back by COLUMNS). */
export const IMPORT_FIELD_HEADER: Record<ImportField, string> = {
  email: 'Email', name: 'Name', first: 'First name', last: 'Last name', company: 'Company', title: 'Title', phone: 'Phone', alt: 'Other emails', domain: 'Domain', timeZone: 'Time zone', country: 'Country',
};
/** The field a column's header suggests, if any (what the importer itself would take it for). */
export const guessImportField = (header: string): ImportField | undefined => columnOf(header.trim());

// `message` is the English line; `messageWords` the same for the rep, said in their language (lib/say.ts).
export const ImportRowError = z.object({ line: z.number().int(), email: z.string().optional(), message: z.string(), messageWords: Words.optional() });
export const ImportReport = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  companiesCreated: z.number().int(),
  errors: z.array(ImportRowError),
  /** Problems with the file as a whole (no email column…). */
  fileErrors: z.array(z.string()),
  /** `fileErrors` for the rep, one each, in the same order. */
  fileErrorWords: z.array(Words).optional(),
});
export type ImportReport = z.infer<typeof ImportReport>;

interface ParsedRow {
  line: number;
  email: string;
  name: string;
  company?: string;
  domain?: string;
  title?: string;
  phone?: string;
  alt: string[];
  timeZone?: string;
  country?: string;
}

/** Read and check the rows, without touching the database. */
export function parseContactsCsv(csv: string): { rows: ParsedRow[]; errors: z.infer<typeof ImportRowError>[]; fileErrors: string[]; fileErrorWords: Words[] } {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: false, transformHeader: (h) => h.trim() });
  const fileErrors: string[] = [];
  const fileErrorWords: Words[] = [];
  const errors: z.infer<typeof ImportRowError>[] = [];
  const fields = parsed.meta.fields ?? [];
  const map = new Map<string, NonNullable<ReturnType<typeof columnOf>>>();
  for (const f of fields) {
    const c = columnOf(f);
    if (c && ![...map.values()].includes(c)) map.set(f, c);
  }
  if (![...map.values()].includes('email')) {
    fileErrors.push(`no email column (found: ${fields.join(', ') || 'nothing'}); name one "Email"`);
    fileErrorWords.push(fields.length ? words('import_no_email_column', { found: fields.join(', ').slice(0, 900) }) : words('import_no_columns'));
    return { rows: [], errors, fileErrors, fileErrorWords };
  }
  if (parsed.data.length > MAX_IMPORT_ROWS) {
    fileErrors.push(`only the first ${MAX_IMPORT_ROWS} of ${parsed.data.length} rows were read`);
    fileErrorWords.push(words('import_only_first_rows', { max: MAX_IMPORT_ROWS, rows: parsed.data.length }));
  }
  // Papaparse's row errors (a quote left open, too many fields) name the data row; lines count the header.
  const broken = new Map<number, string>();
  for (const e of parsed.errors) if (e.row !== undefined && e.row !== null) broken.set(e.row, e.message);

  const seen = new Map<string, number>();
  const rows: ParsedRow[] = [];
  parsed.data.slice(0, MAX_IMPORT_ROWS).forEach((raw, i) => {
    const line = i + 2;
    const get = (col: string) => {
      for (const [f, c] of map) if (c === col) return (raw[f] ?? '').trim();
      return '';
    };
    // Blank lines (and rows of empty cells) are skipped, but still counted so line numbers match the file.
    if (Object.values(raw).every((v) => v === undefined || v === null || String(v).trim() === '')) return;
    const email = get('email');
    // Papaparse's own words for what broke stay as it wrote them.
    if (broken.has(i)) return errors.push({ line, email: email || undefined, message: `unreadable row: ${broken.get(i)}`, messageWords: words('import_unreadable_row', { problem: broken.get(i)!.slice(0, 500) }) });
    if (!email) return errors.push({ line, message: 'no email address', messageWords: words('import_no_email') });
    const checked = EmailAddress.safeParse(email);
    if (!checked.success) return errors.push({ line, email, message: `"${email}" is not an email address`, messageWords: words('import_not_an_email', { value: email.slice(0, 500) }) });
    const key = canonicalEmail(checked.data);
    if (seen.has(key)) return errors.push({ line, email, message: `the same person as line ${seen.get(key)}`, messageWords: words('import_same_person', { line: seen.get(key)! }) });
    seen.set(key, line);
    const alt: string[] = [];
    for (const a of get('alt').split(/[;,\s]+/).filter(Boolean)) {
      const ok = EmailAddress.safeParse(a);
      if (!ok.success) return errors.push({ line, email, message: `alternate address "${a}" is not an email address`, messageWords: words('import_alt_not_an_email', { value: a.slice(0, 500) }) });
      if (ok.data !== checked.data) alt.push(ok.data);
    }
    let domain: string | undefined;
    const rawDomain = get('domain').replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/.*$/, '');
    if (rawDomain) {
      const d = Domain.safeParse(rawDomain);
      if (!d.success) return errors.push({ line, email, message: `"${get('domain')}" is not a domain name`, messageWords: words('import_not_a_domain', { value: get('domain').slice(0, 500) }) });
      domain = d.data;
    }
    // Where the contact is (sequences' send window and holidays): IANA zone names and ISO 3166 codes only.
    let timeZone: string | undefined;
    if (get('timeZone')) {
      const tz = IanaTimeZone.safeParse(get('timeZone'));
      if (!tz.success) return errors.push({ line, email, message: `time zone "${get('timeZone')}" is not an IANA name like "America/New_York"`, messageWords: words('import_not_a_time_zone', { value: get('timeZone').slice(0, 500) }) });
      timeZone = tz.data;
    }
    let country: string | undefined;
    if (get('country')) {
      const c = CountryCode.safeParse(get('country'));
      if (!c.success) return errors.push({ line, email, message: `country "${get('country')}" is not an ISO 3166 code like "US" or "DE"`, messageWords: words('import_not_a_country', { value: get('country').slice(0, 500) }) });
      country = c.data;
    }
    const name = get('name') || [get('first'), get('last')].filter(Boolean).join(' ');
    if (name.length > 300) return errors.push({ line, email, message: 'the name is longer than 300 characters', messageWords: words('import_name_too_long', { max: 300 }) });
    rows.push({ line, email: checked.data, name, company: get('company') || undefined, domain, title: get('title') || undefined, phone: get('phone') || undefined, alt: alt.slice(0, 50), timeZone, country });
  });
  return { rows, errors, fileErrors, fileErrorWords };
}

/**
 * Import contacts: new people are created, known ones (matched by any address) get the empty fields filled
 * in. Companies are found or created by domain. Runs in one transaction; returns the report and an undo.
 */
export async function importContacts(db: FollowthroughDb, csv: string, now: number): Promise<{ report: ImportReport; undo: Undo }> {
  const { rows, errors, fileErrors, fileErrorWords } = parseContactsCsv(csv);
  const report: ImportReport = { rows: rows.length + errors.length, created: 0, updated: 0, unchanged: 0, companiesCreated: 0, errors, fileErrors, fileErrorWords };
  const createdContacts: string[] = [];
  const createdCompanies: string[] = [];
  const before: Contact[] = [];
  await db.transaction('rw', db.contacts, db.companies, async () => {
    const existing = await findContacts(db, rows.flatMap((r) => [r.email, ...r.alt]));
    const companies = new Map<string, Company | undefined>();
    const companyFor = async (row: ParsedRow): Promise<string | undefined> => {
      const domain = row.domain ?? (isPersonalDomain(emailDomain(row.email)) ? undefined : emailDomain(row.email));
      if (!domain) return undefined;
      if (!companies.has(domain)) companies.set(domain, await companyForDomain(db, domain));
      let company = companies.get(domain);
      if (!company && row.company) {
        company = { id: `co:${domain}`.slice(0, 200), name: row.company.slice(0, 300), domain, createdAt: now };
        await db.companies.put(company);
        createdCompanies.push(company.id);
        companies.set(domain, company);
      }
      return company?.id;
    };
    for (const row of rows) {
      const match = existing.get(row.email) ?? row.alt.map((a) => existing.get(a)).find(Boolean);
      const companyId = await companyFor(row);
      if (match) {
        const altEmails = [...new Set([...match.altEmails, ...row.alt, ...(row.email !== match.email ? [row.email] : [])])].slice(0, 50);
        const patch: Partial<Contact> = {
          ...(!match.name && row.name ? { name: row.name } : {}),
          ...(!match.title && row.title ? { title: row.title } : {}),
          ...(!match.phone && row.phone ? { phone: row.phone } : {}),
          ...(!match.timeZone && row.timeZone ? { timeZone: row.timeZone } : {}),
          ...(!match.country && row.country ? { country: row.country } : {}),
          ...(!match.companyId && companyId ? { companyId } : {}),
          ...(altEmails.length !== match.altEmails.length ? { altEmails, emails: contactEmails({ email: match.email, altEmails }) } : {}),
        };
        if (Object.keys(patch).length === 0) {
          report.unchanged++;
          continue;
        }
        before.push(match);
        await db.contacts.update(match.id, { ...patch, updatedAt: now });
        report.updated++;
        continue;
      }
      const id = `ct:${canonicalEmail(row.email)}`.slice(0, 200);
      const contact: Contact = { id, name: row.name || row.email, email: row.email, altEmails: row.alt, emails: contactEmails({ email: row.email, altEmails: row.alt }), title: row.title, phone: row.phone, timeZone: row.timeZone, country: row.country, companyId, source: 'import', createdAt: now, updatedAt: now };
      await db.contacts.put(contact);
      createdContacts.push(id);
      report.created++;
    }
  });
  report.companiesCreated = createdCompanies.length;
  const undo: Undo = [];
  if (createdCompanies.length) undo.push({ op: 'delete', table: 'companies', keys: createdCompanies });
  if (createdContacts.length) undo.push({ op: 'delete', table: 'contacts', keys: createdContacts });
  if (before.length) undo.push({ op: 'put', table: 'contacts', rows: before });
  return { report, undo };
}
