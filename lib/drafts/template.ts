import { z } from 'zod';
import { issue } from '../issue-words';
import { listWords, words, type Words } from '../words';

// Merge fields in reply templates: `{{contact.firstName}}`, with a fallback for a missing value
// `{{contact.firstName | "there"}}`. A template is parsed once into parts; every problem is reported with
// its position when the rep saves, so a draft never goes out with a broken field.

/** Every variable a template may use, with what it is (shown beside the editor). */
export const VARIABLES = {
  'contact.firstName': 'The contact’s first name',
  'contact.lastName': 'The contact’s last name',
  'contact.name': 'The contact’s full name',
  'contact.email': 'The contact’s email address',
  'contact.title': 'The contact’s job title',
  'company.name': 'The contact’s company',
  'company.domain': 'The company’s web domain',
  'deal.name': 'The open deal’s name',
  'deal.stage': 'The open deal’s stage',
  'deal.amount': 'The open deal’s amount, with its currency',
  'deal.closeDate': 'The open deal’s expected close date',
  'thread.subject': 'The thread’s subject',
  'thread.lastReplyDate': 'When they last wrote, as a date',
  'rep.name': 'Your name (settings)',
  'rep.firstName': 'Your first name (settings)',
} as const;
export type Variable = keyof typeof VARIABLES;
export const VARIABLE_NAMES = Object.keys(VARIABLES) as Variable[];
const isVariable = (name: string): name is Variable => Object.hasOwn(VARIABLES, name);

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'field'; variable: Variable; fallback?: string; source: string; start: number };

export interface TemplateIssue {
  /** Where in the body (0-based offset) and on which line/column (1-based) the problem starts. */
  offset: number;
  line: number;
  column: number;
  code: 'unclosed' | 'unopened' | 'malformed' | 'unknown_variable' | 'empty';
  message: string;
  /** The message for the rep, in their language. */
  words: Words;
}

export type ParseResult = { ok: true; parts: TemplatePart[] } | { ok: false; issues: TemplateIssue[] };

const FIELD = /^\s*([A-Za-z]+\.[A-Za-z]+)\s*(?:\|\s*"((?:[^"\\]|\\.)*)"\s*)?$/;

function position(body: string, offset: number) {
  const before = body.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** Closest known variable by edit distance, for "did you mean". */
function closest(name: string): Variable | undefined {
  const distance = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length]!;
  };
  let best: Variable | undefined;
  let bestD = Infinity;
  for (const v of VARIABLE_NAMES) {
    const d = distance(name, v);
    if (d < bestD) [best, bestD] = [v, d];
  }
  return bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

/** Split a template into text and fields; every malformed or unknown field is an issue with its place. */
export function parseTemplate(body: string): ParseResult {
  const parts: TemplatePart[] = [];
  const issues: TemplateIssue[] = [];
  const issue = (offset: number, code: TemplateIssue['code'], message: string, said: Words) => issues.push({ offset, ...position(body, offset), code, message, words: said });
  let i = 0;
  let text = '';
  while (i < body.length) {
    const open = body.indexOf('{{', i);
    const strayClose = body.indexOf('}}', i);
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      const at = position(body, strayClose);
      issue(strayClose, 'unopened', `"}}" at line ${at.line}, column ${at.column} closes no field; write {{ first or remove it`, words('tpl_unopened', { line: at.line, column: at.column }));
      text += body.slice(i, strayClose + 2);
      i = strayClose + 2;
      continue;
    }
    if (open === -1) {
      text += body.slice(i);
      break;
    }
    text += body.slice(i, open);
    const close = body.indexOf('}}', open + 2);
    const nextOpen = body.indexOf('{{', open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      const at = position(body, open);
      issue(open, 'unclosed', `the field opened at line ${at.line}, column ${at.column} is never closed with }}`, words('tpl_unclosed', { line: at.line, column: at.column }));
      text += '{{';
      i = open + 2;
      continue;
    }
    const source = body.slice(open, close + 2);
    const inner = body.slice(open + 2, close);
    const at = position(body, open);
    const where = `line ${at.line}, column ${at.column}`;
    if (!inner.trim()) {
      issue(open, 'empty', `empty field {{}} at ${where}: name a variable such as {{contact.firstName}}`, words('tpl_empty', { line: at.line, column: at.column }));
    } else {
      const m = FIELD.exec(inner);
      if (!m) {
        issue(
          open,
          'malformed',
          `malformed field ${source} at ${where}: write {{group.name}} or {{group.name | "fallback"}} (fallback in double quotes)`,
          words('tpl_malformed', { field: source.slice(0, 200), line: at.line, column: at.column }),
        );
      } else if (!isVariable(m[1]!)) {
        const guess = closest(m[1]!);
        issue(
          open,
          'unknown_variable',
          `unknown variable "${m[1]}" at ${where}${guess ? ` — did you mean ${guess}?` : ''}`,
          guess ? words('tpl_unknown_guess', { name: m[1]!, line: at.line, column: at.column, guess }) : words('tpl_unknown', { name: m[1]!, line: at.line, column: at.column }),
        );
      } else {
        if (text) parts.push({ kind: 'text', text });
        text = '';
        const fallback = m[2] === undefined ? undefined : m[2].replace(/\\(.)/g, '$1');
        parts.push({ kind: 'field', variable: m[1] as Variable, fallback, source, start: open });
      }
    }
    i = close + 2;
  }
  if (text) parts.push({ kind: 'text', text });
  return issues.length ? { ok: false, issues } : { ok: true, parts };
}

/** The values merge fields are filled from; anything may be missing. */
export const MergeValues = z.record(z.string(), z.string().optional());
export type MergeValues = Partial<Record<Variable, string>>;

export type PreviewPart =
  | { kind: 'text'; text: string }
  | { kind: 'field'; variable: Variable; text: string; filled: 'value' | 'fallback' | 'empty' };

export interface Rendered {
  /** The draft text; an empty field without a fallback is left as a visible `[variable]` marker. */
  text: string;
  parts: PreviewPart[];
  /** Fields that had neither a value nor a fallback: the rep must fill these in. */
  empty: Variable[];
  /** Fields that used their fallback. */
  fellBack: Variable[];
}

export const emptyMarker = (variable: Variable) => `[${variable}]`;

/** Fill a parsed template. Pure: the same parts and values always give the same draft. */
export function renderParts(parts: TemplatePart[], values: MergeValues): Rendered {
  const out: PreviewPart[] = [];
  const empty: Variable[] = [];
  const fellBack: Variable[] = [];
  for (const part of parts) {
    if (part.kind === 'text') {
      out.push(part);
      continue;
    }
    const value = values[part.variable]?.trim();
    if (value) out.push({ kind: 'field', variable: part.variable, text: value, filled: 'value' });
    else if (part.fallback !== undefined) {
      out.push({ kind: 'field', variable: part.variable, text: part.fallback, filled: 'fallback' });
      fellBack.push(part.variable);
    } else {
      out.push({ kind: 'field', variable: part.variable, text: emptyMarker(part.variable), filled: 'empty' });
      empty.push(part.variable);
    }
  }
  return { text: out.map((p) => p.text).join(''), parts: out, empty: [...new Set(empty)], fellBack: [...new Set(fellBack)] };
}

export class TemplateError extends Error {
  /** The issues for the rep (lib/words.ts `wordsOfError`). */
  readonly words: Words | undefined;
  constructor(readonly issues: TemplateIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.words = listWords(issues.map((i) => i.words));
    this.name = 'TemplateError';
  }
}

/** Parse and fill in one step; throws a TemplateError naming every bad field. */
export function render(body: string, values: MergeValues): Rendered {
  const parsed = parseTemplate(body);
  if (!parsed.ok) throw new TemplateError(parsed.issues);
  return renderParts(parsed.parts, values);
}

/**
 * A template body as the rep saves it: valid only when every field parses and names a known variable.
 * The issue message names the variable and where it is.
 */
export const TemplateBody = z
  .string()
  .min(1, issue('a template needs some text', 'issue_template_text'))
  .max(20_000)
  .superRefine((body, ctx) => {
    const parsed = parseTemplate(body);
    if (!parsed.ok) for (const issue of parsed.issues) ctx.addIssue({ code: 'custom', message: issue.message, params: { offset: issue.offset, code: issue.code, words: issue.words } });
  });
