import ts from 'typescript';

// Finds user-visible text written straight into a component instead of going through lib/i18n: JSX text and
// the string values of the attributes a person reads or hears (aria-label, title, placeholder, alt, …); and in
// plain-DOM code (the in-Gmail controls, CONTRIBUTING.md habit 7) the same text set on an element:
// `el.textContent = '…'`, `el.setAttribute('aria-label', '…')`, `document.createTextNode('…')`,
// `el.append('…')`, and the props and children of a small element helper (`el('button', { textContent: '…' })`).
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

/** Element properties whose value is text a person reads or hears. */
const DOM_TEXT_PROPS = /^(textContent|innerText|title|placeholder|ariaLabel|ariaDescription|ariaPlaceholder|ariaRoleDescription|ariaValueText|alt|label)$/;
/** setAttribute names of the same. */
const DOM_TEXT_ATTRIBUTES = /^(aria-label|aria-description|aria-placeholder|aria-roledescription|aria-valuetext|title|placeholder|alt|label)$/;
/** Methods that put their string arguments into the page as text nodes. */
const DOM_TEXT_METHODS = /^(createTextNode|append|prepend|replaceChildren|before|after|replaceWith|insertAdjacentText)$/;
/** Small element helpers: `el(tag, props, ...children)`. */
const ELEMENT_HELPERS = /^(el|h|element|createEl)$/;

export function findHardCoded(file: string, source: string): HardCoded[] {
  const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
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
  const calleeName = (call: ts.CallExpression) =>
    ts.isIdentifier(call.expression) ? call.expression.text : ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : '';
  const isText = (a: ts.Expression) => ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a) || ts.isTemplateExpression(a) || ts.isConditionalExpression(a);
  /** Plain-DOM text: answers whether the node was one (its parts are then checked here). */
  function domText(node: ts.Node): boolean {
    // el.textContent = '…', el.title = `Due ${x}`
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && DOM_TEXT_PROPS.test(node.left.name.text)) {
      textIn(unwrap(node.right), node.left.name.text);
      return true;
    }
    if (!ts.isCallExpression(node)) return false;
    const name = calleeName(node);
    const args = node.arguments.map(unwrap);
    if (name === 'setAttribute' && args[0] && ts.isStringLiteral(args[0]) && DOM_TEXT_ATTRIBUTES.test(args[0].text) && args[1]) {
      textIn(args[1], `setAttribute(${args[0].text})`);
      return true;
    }
    // Element arguments of these are walked on (a createTextNode inside an append).
    if (DOM_TEXT_METHODS.test(name) && ts.isPropertyAccessExpression(node.expression)) for (const a of args) if (isText(a)) textIn(a, name);
    if (ELEMENT_HELPERS.test(name) && ts.isIdentifier(node.expression) && args[0] && ts.isStringLiteral(args[0])) {
      const props = args[1];
      if (props && ts.isObjectLiteralExpression(props)) {
        for (const p of props.properties) if (ts.isPropertyAssignment(p) && DOM_TEXT_PROPS.test(p.name.getText(sf))) textIn(unwrap(p.initializer), `${name}.${p.name.getText(sf)}`);
      }
      for (const a of args.slice(2)) if (isText(a)) textIn(a, name);
    }
    return false;
  }
  function walk(node: ts.Node): void {
    if (domText(node)) return;
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
