import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowthroughDb } from '@/lib/db';
import { DEFAULT_TEMPLATES } from '@/lib/drafts/defaults';
import { deleteTemplate, listTemplates, resetTemplate, saveTemplate, TemplateInput } from '@/lib/drafts/library';
import { mergeValues, splitName } from '@/lib/drafts/merge';
import { parseTemplate, render, TemplateBody, TemplateError, VARIABLE_NAMES } from '@/lib/drafts/template';

describe('merge fields', () => {
  it('fills fields from values and keeps the text around them exactly', () => {
    const out = render('Hi {{contact.firstName}},\n\nRe {{ deal.name }} — {{rep.name}}', {
      'contact.firstName': 'Priya',
      'deal.name': 'Fleet pilot',
      'rep.name': 'Sam Rivera',
    });
    expect(out.text).toBe('Hi Priya,\n\nRe Fleet pilot — Sam Rivera');
    expect(out.empty).toEqual([]);
  });

  it('uses the fallback only when the value is missing or blank', () => {
    const body = 'Hi {{contact.firstName | "there"}}!';
    expect(render(body, { 'contact.firstName': 'Priya' }).text).toBe('Hi Priya!');
    expect(render(body, {}).text).toBe('Hi there!');
    expect(render(body, { 'contact.firstName': '   ' }).text).toBe('Hi there!');
    expect(render(body, {}).fellBack).toEqual(['contact.firstName']);
    // An empty fallback is a deliberate "leave it out".
    expect(render('Hi{{contact.firstName | ""}}!', {}).text).toBe('Hi!');
    // Quotes and pipes inside a fallback.
    expect(render('{{company.name | "your \\"team\\" | group"}}', {}).text).toBe('your "team" | group');
  });

  it('marks a field left empty in the preview and in the draft', () => {
    const out = render('Thanks, {{contact.firstName}}. {{rep.name}}', { 'rep.name': 'Sam' });
    expect(out.empty).toEqual(['contact.firstName']);
    expect(out.text).toBe('Thanks, [contact.firstName]. Sam');
    expect(out.parts).toEqual([
      { kind: 'text', text: 'Thanks, ' },
      { kind: 'field', variable: 'contact.firstName', text: '[contact.firstName]', filled: 'empty' },
      { kind: 'text', text: '. ' },
      { kind: 'field', variable: 'rep.name', text: 'Sam', filled: 'value' },
    ]);
  });

  it('leaves a value that itself looks like a field alone (no second pass)', () => {
    expect(render('Hi {{contact.firstName}}', { 'contact.firstName': '{{rep.name}}' }).text).toBe('Hi {{rep.name}}');
  });

  it('names first and last names from CRM rows, a sender, or "Last, First"', () => {
    expect(splitName('Raman, Priya')).toEqual({ first: 'Priya', last: 'Raman' });
    expect(splitName('priya@x.com')).toEqual({});
    const values = mergeValues({
      sender: { name: 'Jordan Lee', email: 'jordan@acme.example' },
      company: { id: 'c1', name: 'Acme', domain: 'acme.example', createdAt: 0 },
      deals: [
        { id: 'd1', name: 'Old deal', stage: 'lost', contactIds: [], updatedAt: 5 },
        { id: 'd2', name: 'Fleet pilot', stage: 'proposal', amount: 12000, currency: 'EUR', contactIds: [], updatedAt: 1, closeDate: '2026-12-15' },
      ],
      thread: { subject: 'RE: Fwd: Pricing' },
      repName: 'Sam Rivera',
    });
    expect(values).toMatchObject({
      'contact.firstName': 'Jordan',
      'contact.lastName': 'Lee',
      'company.name': 'Acme',
      'deal.name': 'Fleet pilot',
      'deal.amount': '€12,000',
      'deal.closeDate': 'December 15, 2026',
      'thread.subject': 'Pricing',
      'rep.firstName': 'Sam',
    });
  });
});

describe('template validation at save time', () => {
  const issues = (body: string) => {
    const r = parseTemplate(body);
    return r.ok ? [] : r.issues;
  };

  it.each([
    ['an unknown variable, with a suggestion', 'Hi {{contact.frstName}}', 'unknown_variable', /unknown variable "contact.frstName" at line 1, column 4 — did you mean contact.firstName\?/],
    ['an unknown group', 'Hi {{person.name}}', 'unknown_variable', /unknown variable "person.name"/],
    ['an unclosed field', 'Hi {{contact.firstName,\nthanks', 'unclosed', /opened at line 1, column 4 is never closed/],
    ['a stray closer', 'Hi contact.firstName}}', 'unopened', /closes no field/],
    ['an empty field', 'Hi {{ }}', 'empty', /empty field/],
    ['an unquoted fallback', 'Hi {{contact.firstName | there}}', 'malformed', /malformed field \{\{contact.firstName \| there\}\}.*double quotes/],
    ['a bare word', 'Hi {{firstName}}', 'malformed', /malformed field/],
    ['a field inside a field', 'Hi {{contact.{{rep.name}}}}', 'unclosed', /never closed/],
  ])('refuses %s', (_label, body, code, message) => {
    const found = issues(body);
    expect(found.map((i) => i.code)).toContain(code);
    expect(found.map((i) => i.message).join('\n')).toMatch(message);
  });

  it('reports the line and column of a problem on a later line', () => {
    const [issue] = issues('Hi there,\n\nAbout {{deal.nme}}.');
    expect(issue).toMatchObject({ line: 3, column: 7, code: 'unknown_variable' });
  });

  it('throws a TemplateError when rendering a broken template, never a half-filled draft', () => {
    expect(() => render('Hi {{contact.nope}}', {})).toThrow(TemplateError);
  });

  it('the zod schema used by the save channel carries the same messages', () => {
    const result = TemplateInput.safeParse({ name: 'x', body: 'Hello {{deal.nam | "it"}}' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/unknown variable "deal.nam".*did you mean deal.name/);
    expect(TemplateBody.safeParse('Plain text, no fields').success).toBe(true);
  });

  it('every shipped template and snippet is valid and uses only known variables', () => {
    for (const t of DEFAULT_TEMPLATES) {
      const parsed = parseTemplate(t.body);
      expect(parsed.ok, `${t.id}: ${parsed.ok ? '' : parsed.issues.map((i) => i.message).join('; ')}`).toBe(true);
      if (parsed.ok) for (const p of parsed.parts) if (p.kind === 'field') expect(VARIABLE_NAMES).toContain(p.variable);
    }
    const ids = DEFAULT_TEMPLATES.map((t) => t.id);
    for (const needed of ['nudge-1', 'nudge-2', 'break-up', 'pricing-reply', 'meeting-times', 'out-of-office', 'thanks-after-meeting', 'send-material']) {
      expect(ids).toContain(needed);
    }
  });

  it('shipped templates read well for a contact the CRM does not know', () => {
    for (const t of DEFAULT_TEMPLATES.filter((d) => d.kind === 'template')) {
      const out = render(t.body, { 'rep.name': 'Sam Rivera', 'rep.firstName': 'Sam' });
      // Only the rep's own fields are required; everything about the prospect has a fallback.
      expect(out.empty, t.id).toEqual([]);
    }
  });
});

describe('template library in IndexedDB', () => {
  let db: FollowthroughDb;
  beforeEach(async () => {
    db = new FollowthroughDb(`ft-tpl-${Math.random().toString(36).slice(2)}`);
    await db.open();
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  it('seeds the defaults once and keeps the rep’s edits over later seeding', async () => {
    const first = await listTemplates(db, 1);
    expect(first.map((t) => t.id)).toEqual(DEFAULT_TEMPLATES.map((t) => t.id));
    await saveTemplate(db, { id: 'pricing-reply', name: 'Pricing', body: 'Hi {{contact.firstName | "there"}}, it is [price].', intents: ['pricing'] }, 2);
    const again = await listTemplates(db, 3);
    expect(again).toHaveLength(DEFAULT_TEMPLATES.length);
    expect(again.find((t) => t.id === 'pricing-reply')).toMatchObject({ edited: true, body: 'Hi {{contact.firstName | "there"}}, it is [price].' });
    const reset = await resetTemplate(db, 'pricing-reply', 4);
    expect(reset).toMatchObject({ edited: false, body: DEFAULT_TEMPLATES.find((t) => t.id === 'pricing-reply')!.body });
  });

  it('stores nothing when a body is invalid, and says which variable', async () => {
    await listTemplates(db, 1);
    const before = await db.templates.toArray();
    await expect(saveTemplate(db, { id: 'pricing-reply', name: 'Pricing', body: 'Hi {{contact.first}}' }, 2)).rejects.toThrow(/unknown variable "contact.first"/);
    expect(await db.templates.toArray()).toEqual(before);
  });

  it('gives a new template its own id and deletes it; a built-in is hidden, not lost', async () => {
    const a = await saveTemplate(db, { name: 'Renewal nudge', body: 'Hi {{contact.firstName | "there"}}' }, 1);
    const b = await saveTemplate(db, { name: 'Renewal nudge', body: 'Again' }, 2);
    expect([a.id, b.id]).toEqual(['my-renewal-nudge', 'my-renewal-nudge-2']);
    await deleteTemplate(db, a.id, 3);
    expect(await db.templates.get(a.id)).toBeUndefined();
    await deleteTemplate(db, 'break-up', 4);
    expect(await db.templates.get('break-up')).toMatchObject({ hidden: true });
    await expect(resetTemplate(db, b.id, 5)).rejects.toThrow(/not a built-in/);
  });
});
