import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import ts from 'typescript';
import { isUserFacingAttribute } from '../test/support/hardcoded-strings';

// Mechanical first pass of moving a component's text into public/_locales (CONTRIBUTING.md "Add a user-visible
// string"): `npx tsx scripts/i18n-convert.ts components/X.tsx …` rewrites every JSX text run and user-facing
// attribute into t('key', { … }), adds the English messages, and lists the keys German still lacks. A run of
// text and plain expressions ("Due {when} for {name}") becomes ONE message with placeholders, so a translator
// can reorder it. What it cannot see (strings in constants, plurals, formatted numbers) is left to the person,
// and test/unit/i18n-hardcoded.test.ts fails until nothing is left in JSX.

const EN = 'public/_locales/en/messages.json';
const DE = 'public/_locales/de/messages.json';
type Message = { message: string; description?: string; placeholders?: Record<string, { content: string; example?: string }> };
const en = JSON.parse(readFileSync(EN, 'utf8')) as Record<string, Message>;
const de = JSON.parse(readFileSync(DE, 'utf8')) as Record<string, Message>;

const hasWords = (text: string) => /\p{L}{2,}/u.test(text);
const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\w\s]/g, ' ')
    .trim()
    .split(/\s+/)
    .slice(0, 5)
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '') || 'text';

/** JSX's own whitespace rule: lines trimmed, blank lines dropped, joined by one space; edge spaces kept on one line. */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? whole),
  );

function jsxText(raw: string): string {
  const lines = decode(raw).split(/\r?\n/);
  if (lines.length === 1) return lines[0]!;
  return lines
    .map((l, i) => (i === 0 ? l.trimEnd() : i === lines.length - 1 ? l.trimStart() : l.trim()))
    .filter((l) => l.length > 0)
    .join(' ');
}

function placeholderName(expr: string, taken: Set<string>): string {
  const ids = expr.match(/[A-Za-z_]\w*/g) ?? ['value'];
  let base = (ids.filter((w) => !['length', 'toString', 'trim', 'join'].includes(w)).pop() ?? ids.pop() ?? 'value').replace(/^format/, '') || 'value';
  base = base.charAt(0).toLowerCase() + base.slice(1);
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}${i}`;
  taken.add(name.toLowerCase());
  return name;
}

const added: string[] = [];
function keyFor(prefix: string, message: string, placeholders: Message['placeholders']): string {
  const base = `${prefix}_${slug(message)}`;
  for (let i = 1; ; i++) {
    const key = i === 1 ? base : `${base}_${i}`;
    const existing = en[key];
    if (!existing) {
      en[key] = placeholders ? { message, placeholders } : { message };
      added.push(key);
      return key;
    }
    if (existing.message === message) return key;
  }
}

/** A message with `$NAME$` placeholders for the given expressions, numbered in alphabetical order (lib/i18n.ts). */
function build(prefix: string, parts: (string | { expr: string })[]): string {
  const taken = new Set<string>();
  const names: [string, string][] = [];
  let message = '';
  for (const p of parts) {
    if (typeof p === 'string') message += p.replace(/\$/g, '$$$$');
    else {
      const name = placeholderName(p.expr, taken);
      names.push([name, p.expr]);
      message += `$${name.toUpperCase()}$`;
    }
  }
  const lead = message.match(/^\s*/)![0];
  const trail = message.match(/\s*$/)![0];
  message = message.trim();
  const sorted = [...names].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const placeholders = names.length ? Object.fromEntries(sorted.map(([n, e], i) => [n, { content: `$${i + 1}`, example: e.slice(0, 60) }])) : undefined;
  const key = keyFor(prefix, message, placeholders);
  const args = names.length ? `, { ${names.map(([n, e]) => (n === e ? n : `${n}: ${e}`)).join(', ')} }` : '';
  return `${lead ? "{' '}" : ''}{t('${key}'${args})}${trail ? "{' '}" : ''}`;
}

const containsJsxOrText = (n: ts.Node): boolean => {
  let found = false;
  const visit = (c: ts.Node) => {
    if (found) return;
    if (ts.isJsxElement(c) || ts.isJsxSelfClosingElement(c) || ts.isJsxFragment(c) || ts.isStringLiteral(c) || ts.isTemplateExpression(c) || ts.isNoSubstitutionTemplateLiteral(c) || ts.isArrowFunction(c)) found = true;
    else ts.forEachChild(c, visit);
  };
  visit(n);
  return found;
};

function convert(file: string) {
  const source = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const prefix = basename(file).replace(/\.tsx?$/, '').replace(/[^A-Za-z0-9]/g, '').replace(/^./, (c) => c.toLowerCase());
  const edits: { start: number; end: number; text: string }[] = [];
  const literal = (n: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral, inJsxAttr: boolean) => {
    if (!hasWords(n.text)) return;
    // Edge spaces ("Due ") stay outside the message, in a template around the call.
    const lead = /^\s/.test(n.text);
    const trail = /\s$/.test(n.text);
    const call = build(prefix, [n.text]).replace(/^\{' '\}|\{' '\}$/g, '').slice(1, -1);
    const spaced = lead || trail ? `\`${lead ? ' ' : ''}\${${call}}${trail ? ' ' : ''}\`` : call;
    edits.push({ start: n.getStart(sf), end: n.getEnd(), text: inJsxAttr ? `{${spaced}}` : spaced });
  };
  const template = (n: ts.TemplateExpression) => {
    const parts: (string | { expr: string })[] = [n.head.text];
    for (const s of n.templateSpans) parts.push({ expr: s.expression.getText(sf) }, s.literal.text);
    if (!parts.some((p) => typeof p === 'string' && hasWords(p))) return;
    edits.push({ start: n.getStart(sf), end: n.getEnd(), text: build(prefix, parts).replace(/^\{' '\}|\{' '\}$/g, '').slice(1, -1) });
  };
  // Literals inside an expression shown as text; calls are left alone (their arguments are keys or data).
  const inExpression = (e: ts.Node) => {
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return literal(n, false);
      if (ts.isTemplateExpression(n)) return template(n);
      if (ts.isCallExpression(n)) return ts.forEachChild(n, walk);
      if (ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n) || ts.isJsxFragment(n)) return walk(n);
      if (ts.isBinaryExpression(n) && ![ts.SyntaxKind.PlusToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(n.operatorToken.kind)) return;
      // An object passed as a prop is configuration (a chart's label position), not text.
      if (ts.isObjectLiteralExpression(n)) return;
      if (ts.isConditionalExpression(n)) {
        visit(n.whenTrue);
        visit(n.whenFalse);
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(e);
  };
  const children = (list: readonly ts.JsxChild[]) => {
    let run: ts.JsxChild[] = [];
    const flush = () => {
      while (run.length && ts.isJsxText(run[run.length - 1]!) && (run[run.length - 1] as ts.JsxText).containsOnlyTriviaWhiteSpaces) run.pop();
      if (run.some((c) => ts.isJsxText(c) && hasWords(c.text))) {
        const parts = run.map((c) => (ts.isJsxText(c) ? jsxText(c.text) : { expr: (c as ts.JsxExpression).expression!.getText(sf) }));
        // A JsxText starts at `pos`: getStart would skip its leading spaces and leave them behind.
        const first = run[0]!;
        edits.push({ start: ts.isJsxText(first) ? first.pos : first.getStart(sf), end: run[run.length - 1]!.getEnd(), text: build(prefix, parts) });
      }
      run = [];
    };
    for (const c of list) {
      if (ts.isJsxText(c)) {
        if (c.containsOnlyTriviaWhiteSpaces && run.length === 0) continue;
        run.push(c);
      } else if (ts.isJsxExpression(c) && c.expression && !containsJsxOrText(c.expression)) run.push(c);
      else {
        flush();
        if (ts.isJsxExpression(c) && c.expression) inExpression(c.expression);
        else walk(c);
      }
    }
    flush();
  };
  const walk = (node: ts.Node): void => {
    if (ts.isJsxElement(node)) {
      walk(node.openingElement);
      return children(node.children);
    }
    if (ts.isJsxFragment(node)) return children(node.children);
    if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(sf);
      const init = node.initializer;
      if (!init) return;
      if (isUserFacingAttribute(name)) {
        if (ts.isStringLiteral(init)) return literal(init, true);
        if (ts.isJsxExpression(init) && init.expression) return inExpression(init.expression);
      } else if (ts.isJsxExpression(init) && init.expression) ts.forEachChild(init.expression, walk);
      return;
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
  if (edits.length === 0) return 0;
  edits.sort((a, b) => b.start - a.start);
  let out = source;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  if (!/import \{[^}]*\bt\b[^}]*\} from '@\/lib\/i18n'/.test(out)) {
    const imports = [...out.matchAll(/^import [^;]+;\n/gm)];
    const at = imports.length ? imports[imports.length - 1]!.index! + imports[imports.length - 1]![0].length : 0;
    out = out.slice(0, at) + "import { t } from '@/lib/i18n';\n" + out.slice(at);
  }
  writeFileSync(file, out);
  return edits.length;
}

for (const file of process.argv.slice(2)) console.log(`${file}: ${convert(file)} string(s)`);
writeFileSync(EN, JSON.stringify(en, null, 2) + '\n');
const missing = Object.keys(en).filter((k) => !de[k]);
console.log(`${added.length} new key(s); German lacks ${missing.length}: ${missing.join(' ')}`);
