import { z } from 'zod';
import type { FollowthroughDb } from '../db';
import { Intent, TemplateRow } from '../records';
import { DEFAULT_TEMPLATES, defaultTemplateRow } from './defaults';
import { TemplateBody } from './template';
import { WordsError, words } from '../words';
import { issuesWords } from '../issue-words';

// The rep's template library in IndexedDB: the shipped defaults are seeded once (and again when a new
// version adds one), never over the rep's edits.

/** What the rep saves from the editor. An id is new (custom) or one that exists. */
export const TemplateInput = z.strictObject({
  id: TemplateRow.shape.id.optional(),
  name: TemplateRow.shape.name,
  kind: z.enum(['template', 'snippet']).default('template'),
  body: TemplateBody,
  intents: z.array(Intent).max(9).default([]),
  hidden: z.boolean().optional(),
});
export type TemplateInput = z.input<typeof TemplateInput>;

/** Add any shipped template missing from the table. Returns how many were added. */
export async function seedTemplates(db: FollowthroughDb, now: number): Promise<number> {
  return db.transaction('rw', db.templates, async () => {
    const have = new Set(await db.templates.toCollection().primaryKeys());
    const missing = DEFAULT_TEMPLATES.filter((t) => !have.has(t.id)).map((t) => defaultTemplateRow(t, now));
    if (missing.length) await db.templates.bulkAdd(missing);
    return missing.length;
  });
}

export async function listTemplates(db: FollowthroughDb, now: number): Promise<TemplateRow[]> {
  await seedTemplates(db, now);
  const order = new Map(DEFAULT_TEMPLATES.map((t, i) => [t.id, i]));
  return (await db.templates.toArray()).sort(
    (a, b) => (order.get(a.id) ?? 1e6) - (order.get(b.id) ?? 1e6) || a.name.localeCompare(b.name),
  );
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'template';

/** Validate and store a template; an invalid body throws naming each bad field, and nothing is stored. */
export async function saveTemplate(db: FollowthroughDb, input: TemplateInput, now: number): Promise<TemplateRow> {
  const parsed = TemplateInput.safeParse(input);
  if (!parsed.success) throw new WordsError(issuesWords(parsed.error.issues), parsed.error.issues.map((i) => `${i.path.join('.') || 'template'}: ${i.message}`).join('; '));
  const t = parsed.data;
  await seedTemplates(db, now);
  return db.transaction('rw', db.templates, async () => {
    const existing = t.id ? await db.templates.get(t.id) : undefined;
    if (t.id && !existing) throw new WordsError(words('err_template_gone'), `no template with id "${t.id}"`);
    let id = existing?.id;
    if (!id) {
      const base = `my-${slug(t.name)}`.slice(0, 70);
      id = base;
      for (let n = 2; await db.templates.get(id); n++) id = `${base}-${n}`;
    }
    const shipped = DEFAULT_TEMPLATES.find((d) => d.id === id);
    const row: TemplateRow = {
      id,
      name: t.name,
      kind: t.kind,
      body: t.body,
      intents: t.intents,
      ...(existing?.followUpStep ? { followUpStep: existing.followUpStep } : {}),
      builtIn: existing?.builtIn ?? false,
      edited: existing?.builtIn ? !(shipped && shipped.body === t.body && shipped.name === t.name) : false,
      hidden: t.hidden ?? existing?.hidden ?? false,
      updatedAt: now,
    };
    await db.templates.put(row);
    return row;
  });
}

/** Put a built-in template back as shipped. */
export async function resetTemplate(db: FollowthroughDb, id: string, now: number): Promise<TemplateRow> {
  const shipped = DEFAULT_TEMPLATES.find((t) => t.id === id);
  if (!shipped) throw new WordsError(words('err_template_not_built_in'), `"${id}" is not a built-in template; only built-ins can be reset`);
  const row = defaultTemplateRow(shipped, now);
  await db.templates.put(row);
  return row;
}

/** Remove a template the rep made; built-ins are hidden instead, so reset can bring them back. */
export async function deleteTemplate(db: FollowthroughDb, id: string, now: number): Promise<void> {
  const row = await db.templates.get(id);
  if (!row) return;
  if (row.builtIn) await db.templates.put({ ...row, hidden: true, updatedAt: now });
  else await db.templates.delete(id);
}
