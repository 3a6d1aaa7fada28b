import ts from 'typescript';

// Finds user-visible text written straight into a component instead of going through lib/i18n: JSX text and
// the string values of the attributes a person reads or hears (aria-label, title, placeholder, alt, …).
// Parsed with TypeScript's compiler API, so comments, class names and code are never mistaken for text.

/** Attributes whose value a rep reads or a screen reader speaks, and our own components' text props. */
export const USER_FACING_ATTRIBUTES = new Set([
  'aria-label', 'aria-description', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label',
  'save', 'subtitle', 'empty', 'heading', 'hint', 'description', 'legend', 'message', 'text', 'caption',
]);
/** `logLabel`, `dismissLabel`, …: a prop named …Label carries text. */
export const isUserFacingAttribute = (name: string) => USER_FACING_ATTRIBUTES.has(name) || /^[a-z]+Label$/.test(name);

export interface HardCoded {
  file: string;
  line: number;
  text: string;
  where: 'text' | string;
}

// Text with no letter in it (punctuation, separators, numbers, symbols such as "×" or "·") is not a sentence to
// translate.
const hasWords = (text: string) => /\p{L}{2,}/u.test(text);

export function findHardCoded(file: string, source: string): HardCoded[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: HardCoded[] = [];
  const report = (node: ts.Node, text: string, where: string) => {
    const clean = text.replace(/\s+/g, ' ').trim();
    if (!hasWords(clean)) return;
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: clean, where });
  };
  // String literals and template parts inside an expression that ends up as text: `{'Save'}`, `{ok ? 'Yes' : 'No'}`,
  // `title={`Edit ${x}`}`. Calls are not entered: their string arguments are keys or data (t('key'), format(…)).
  const literalsIn = (expr: ts.Node, where: string) => {
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return report(n, n.text, where);
      if (ts.isTemplateExpression(n)) {
        report(n.head, n.head.text, where);
        for (const span of n.templateSpans) {
          visit(span.expression);
          report(span.literal, span.literal.text, where);
        }
        return;
      }
      // JSX inside (a list's .map, a conditional) is walked as JSX.
      if (ts.isCallExpression(n)) return ts.forEachChild(n, walk);
      if (ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n) || ts.isJsxFragment(n)) return walk(n);
      // `a === 'b' ? …`: the compared string is data, not text.
      if (ts.isBinaryExpression(n) && n.operatorToken.kind !== ts.SyntaxKind.PlusToken && n.operatorToken.kind !== ts.SyntaxKind.BarBarToken && n.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken && n.operatorToken.kind !== ts.SyntaxKind.AmpersandAmpersandToken) return;
      // An object passed as a prop is configuration (a chart's label position), not text.
      if (ts.isObjectLiteralExpression(n)) return;
      if (ts.isConditionalExpression(n)) {
        visit(n.whenTrue);
        visit(n.whenFalse);
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(expr);
  };
  // Text that reaches the UI from outside JSX: label maps (`const X: Record<K, string> = { a: 'Email' }`, or an
  // upper-case/…Label(s) constant of strings), status and error texts (`setStatus({ text: '…' })`,
  // `setError('…')`). Keys, class names, test ids, URLs and MIME types are never in these places, and values that
  // look like them (no space and no capital, or a "/" or ":" with no space) are skipped.
  const looksLikeCode = (text: string) => !/\s/.test(text.trim()) && (/^[a-z0-9_.\-/:;=#]+$/.test(text) || /[_/:=#.]/.test(text));
  const textIn = (expr: ts.Node, where: string) => {
    if ((ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) && looksLikeCode(expr.text)) return;
    literalsIn(expr, where);
  };
  const isStringMapType = (type: ts.TypeNode | undefined) =>
    !!type && ts.isTypeReferenceNode(type) && type.typeName.getText(sf) === 'Record' && type.typeArguments?.[1]?.kind === ts.SyntaxKind.StringKeyword;
  const labelName = (name: string) => /^[A-Z][A-Z0-9_]*$/.test(name) || /(Label|Labels|Names|Text|Texts)$/.test(name);
  const unwrap = (e: ts.Expression): ts.Expression => (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) ? unwrap(e.expression) : e);
  const mapValues = (obj: ts.Node, where: string) => {
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyAssignment(n)) return visit(unwrap(n.initializer));
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) return textIn(n, where);
      if (ts.isArrayLiteralExpression(n) || ts.isObjectLiteralExpression(n)) return ts.forEachChild(n, visit);
    };
    ts.forEachChild(obj, visit);
  };
  const TEXT_PROPS = /^(text|message|label|title|error|hint|notice)$/;
  const TEXT_CALLS = /^(setError|setStatus|setNotice|setMessage|setFeed|setInfo|done|fail|notify)$/;
  function walk(node: ts.Node): void {
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name)) {
      const init = unwrap(node.initializer);
      const stringMap = isStringMapType(node.type) || (labelName(node.name.text) && (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init)));
      if (stringMap && (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init))) return mapValues(init, node.name.text);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && TEXT_CALLS.test(node.expression.text)) {
      for (const arg of node.arguments) {
        const a = unwrap(arg);
        if (ts.isObjectLiteralExpression(a)) {
          for (const p of a.properties) if (ts.isPropertyAssignment(p) && TEXT_PROPS.test(p.name.getText(sf))) textIn(unwrap(p.initializer), `${node.expression.text}.${p.name.getText(sf)}`);
        } else textIn(a, node.expression.text);
      }
      return ts.forEachChild(node, walk);
    }
    if (ts.isJsxText(node)) report(node, node.text, 'text');
    else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) return literalsIn(node.expression, 'text');
    else if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(sf);
      if (isUserFacingAttribute(name) && node.initializer) {
        if (ts.isStringLiteral(node.initializer)) report(node.initializer, node.initializer.text, name);
        else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) literalsIn(node.initializer.expression, name);
      }
      return;
    }
    ts.forEachChild(node, walk);
  }
  walk(sf);
  return found;
}
