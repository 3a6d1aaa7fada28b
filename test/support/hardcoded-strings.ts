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

/** Properties whose text reaches the rep from a store, a table model or an answer to a page (`viewModel` files). */
const VIEW_MODEL_PROPS = /^(text|message|label|title|error|hint|notice|why|saved|headline|note|unavailable|heading|subtitle|summary|caption|columns|rows|description|detail)$/;
/** Calls whose string arguments are keys, formats or data, never the rep's text. */
const NOT_TEXT_HELPERS = /^(t|tn|say|words|format\w*|request|classNames|cx|matchMedia|useId|String|Number)$/;
/** Functions named for the words they make (`plainWords`, `rowLabel`, `summaryText`): what they return is text. */
const WORDS_FUNCTION = /(Words|Text|Label|Sentence|Summary|Title|Headline)$/;
/** Callbacks whose return value a store shows as its notice: `act(key, async () => 'Saved.')`, `run(async () => …)`. */
const NOTICE_RUNNERS = /^(act|run)$/;
/** String methods that pass their receiver's text on: `\`Enrolled …\`.slice(0, 600)`. */
const TEXT_METHODS = /^(slice|substring|trim|trimStart|trimEnd|concat|replace|replaceAll|padStart|padEnd|toUpperCase|toLowerCase|toLocaleUpperCase|toLocaleLowerCase|normalize|join)$/;

export interface FindOptions {
  /**
   * A file that builds text for a surface outside JSX (a zustand store of lib/ui, the Reports tables, an in-Gmail
   * control's answer): every object property named like text (`title`, `note`, `error`, `why`, `rows`, …) is read as
   * text, at any depth. Off for components, whose object props are mostly configuration (a chart's label position).
   */
  viewModel?: boolean;
}

export function findHardCoded(file: string, source: string, options: FindOptions = {}): HardCoded[] {
  const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const found: HardCoded[] = [];
  const seen = new Set<number>();
  const report = (node: ts.Node, text: string, where: string) => {
    const clean = text.replace(/\s+/g, ' ').trim();
    // A text reached by two rules (a store's `set` and a view model's property) is reported once.
    if (!hasWords(clean) || seen.has(node.getStart(sf))) return;
    seen.add(node.getStart(sf));
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
      // `\`Enrolled ${n}\`.slice(0, 600)`, `[a, 'your time zone'].join(', ')`: the receiver is the text.
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && TEXT_METHODS.test(n.expression.name.text)) {
        visit(n.expression.expression);
        return ts.forEachChild(n, walk);
      }
      // `say(words, 'fallback')`: the fallback is the text shown when there are no words.
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'say' && n.arguments[1]) {
        visit(n.arguments[1]);
        return ts.forEachChild(n.arguments[0]!, walk);
      }
      // A local helper that renders a field (`{text('bufferBefore', 'Buffer before each meeting')}`): an argument
      // of words with spaces is its label or hint; keys and ids have none.
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && !NOT_TEXT_HELPERS.test(n.expression.text)) {
        for (const arg of n.arguments) if ((ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) && /\p{L}{2,}\s+\p{L}/u.test(arg.text)) report(arg, arg.text, `${n.expression.text}()`);
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
    // `setHost(custom ? 'https://' : value)`: a branch that is a URL or a key is no text.
    if (ts.isConditionalExpression(expr)) {
      for (const branch of [unwrap(expr.whenTrue), unwrap(expr.whenFalse)]) {
        if ((ts.isStringLiteral(branch) || ts.isNoSubstitutionTemplateLiteral(branch)) && looksLikeCode(branch.text) && /[_/:=#.]/.test(branch.text)) continue;
        literalsIn(branch, where);
      }
      return;
    }
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
  const TEXT_PROPS = /^(text|message|label|title|error|hint|notice|why|saved)$/;
  // Any React state setter (`setNote({ text: … })`, `setMoving({ why: … })`), a zustand store's own `set` (with
  // the state's text at any depth: `set({ notice: { text: … } })`, `set((s) => ({ saved: … }))`) and the stores'
  // callbacks.
  const TEXT_CALLS = /^(set|set[A-Z]\w*|done|fail|notify)$/;
  /** Text properties of an object literal, at any depth (`notice: { text }`, `inserted: { [id]: { message } }`). */
  const textProps = (obj: ts.ObjectLiteralExpression, where: string, names: RegExp) => {
    for (const p of obj.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const name = p.name.getText(sf);
      const value = unwrap(p.initializer);
      if (ts.isObjectLiteralExpression(value)) textProps(value, `${where}.${name}`, names);
      else if (names.test(name)) {
        if (ts.isArrayLiteralExpression(value)) mapValues(value, `${where}.${name}`);
        else textIn(value, `${where}.${name}`);
      }
    }
  };
  /** What a function gives back: its expression body, or each `return` of its own (not of functions inside it). */
  const returned = (fn: ts.FunctionLikeDeclaration, each: (e: ts.Expression) => void) => {
    if (!fn.body) return;
    if (!ts.isBlock(fn.body)) return each(unwrap(fn.body));
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionLike(n)) return;
      if (ts.isReturnStatement(n) && n.expression) each(unwrap(n.expression));
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(fn.body, visit);
  };
  const isFunction = (n: ts.Node): n is ts.ArrowFunction | ts.FunctionExpression => ts.isArrowFunction(n) || ts.isFunctionExpression(n);
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
      const name = node.expression.text;
      for (const arg of node.arguments) {
        const a = unwrap(arg);
        if (ts.isObjectLiteralExpression(a)) textProps(a, name, TEXT_PROPS);
        else if (isFunction(a)) returned(a, (r) => (ts.isObjectLiteralExpression(r) ? textProps(r, name, TEXT_PROPS) : undefined));
        // A bare `set` is zustand's only with the state (or a function of it); `set(el, 'title', …)` is someone else's.
        else if (name !== 'set') textIn(a, name);
      }
      return ts.forEachChild(node, walk);
    }
    // A store's notice callback: what it returns is shown (`act(key, async () => \`Connected: ${account}.\`)`).
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && NOTICE_RUNNERS.test(node.expression.text)) {
      for (const arg of node.arguments) if (isFunction(arg)) returned(arg, (r) => (ts.isObjectLiteralExpression(r) ? undefined : textIn(r, `${node.expression.getText(sf)} returns`)));
    }
    // A function named for the words it makes returns text (the Rules tab's sentence from a rule's parts).
    const fnName = ts.isFunctionDeclaration(node) ? node.name?.text : ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isFunction(unwrap(node.initializer)) ? node.name.text : undefined;
    if (fnName && WORDS_FUNCTION.test(fnName)) {
      const fn = ts.isFunctionDeclaration(node) ? node : (unwrap((node as ts.VariableDeclaration).initializer!) as ts.ArrowFunction);
      returned(fn, (r) => (ts.isObjectLiteralExpression(r) ? undefined : textIn(r, `${fnName} returns`)));
      // …and so is what it keeps on the way (`const then = actions.length ? … : 'nothing'`).
      const locals = (n: ts.Node): void => {
        if (ts.isFunctionLike(n)) return;
        if (ts.isVariableDeclaration(n) && n.initializer && !isFunction(unwrap(n.initializer)) && !ts.isObjectLiteralExpression(unwrap(n.initializer))) textIn(unwrap(n.initializer), `${fnName} returns`);
        ts.forEachChild(n, locals);
      };
      if (fn.body && ts.isBlock(fn.body)) ts.forEachChild(fn.body, locals);
    }
    // An inline label map: `{ followup: 'Follow-up', draft: 'Draft' }[kind]`.
    if (ts.isElementAccessExpression(node) && ts.isObjectLiteralExpression(unwrap(node.expression))) mapValues(unwrap(node.expression), 'inline map');
    if (options.viewModel && ts.isObjectLiteralExpression(node) && !(ts.isCallExpression(node.parent) && ts.isIdentifier(node.parent.expression) && TEXT_CALLS.test(node.parent.expression.text))) {
      for (const p of node.properties) {
        if (!ts.isPropertyAssignment(p) || !VIEW_MODEL_PROPS.test(p.name.getText(sf))) continue;
        const value = unwrap(p.initializer);
        if (ts.isArrayLiteralExpression(value)) mapValues(value, p.name.getText(sf));
        else if (!ts.isObjectLiteralExpression(value) && !isFunction(value)) textIn(value, p.name.getText(sf));
      }
    }
    // A text prop's default (`function Timeline({ empty = 'Nothing logged yet.' })`).
    if (ts.isBindingElement(node) && node.initializer && ts.isIdentifier(node.name) && isUserFacingAttribute(node.name.text)) textIn(unwrap(node.initializer), `${node.name.text} default`);
    if (ts.isJsxText(node)) report(node, node.text, 'text');
    else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) return literalsIn(node.expression, 'text');
    else if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(sf);
      if (isUserFacingAttribute(name) && node.initializer) {
        if (ts.isStringLiteral(node.initializer)) report(node.initializer, node.initializer.text, name);
        else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) literalsIn(node.initializer.expression, name);
        return;
      }
      // Any other attribute's code (an onSubmit handler's setError, a callback's notice) is read like the rest.
      if (node.initializer && ts.isJsxExpression(node.initializer) && node.initializer.expression) walk(node.initializer.expression);
      return;
    }
    ts.forEachChild(node, walk);
  }
  walk(sf);
  return found;
}

/**
 * Refusals the background makes for the rep without words (lib/words.ts), so they could only ever be English:
 * `throw new Error('…text…')`, an outcome or act result with an `error`/`reason` text and no `words`,
 * `new CrmError(…)` and `new OAuthError(…)` without their words. Text that only passes on another error's
 * message (`throw new Error(reply.error)`) is not flagged: that text was worded where it was made.
 */
/** Lines the background stores for a surface to show later; each needs its words in `<field>Words`. */
const STORED_LINES = ['detail', 'summary', 'message'] as const;

export function findUnworded(file: string, source: string): HardCoded[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: HardCoded[] = [];
  const hasText = (e: ts.Expression | undefined): e is ts.Expression =>
    !!e && ((ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? hasWords(e.text) : ts.isTemplateExpression(e) ? hasWords(e.head.text + e.templateSpans.map((s) => s.literal.text).join(' ')) : false);
  const report = (node: ts.Node, where: string) => {
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: node.getText(sf).replace(/\s+/g, ' ').slice(0, 120), where });
  };
  const unwrapAs = (e: ts.Expression): ts.Expression => (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) ? unwrapAs(e.expression) : e);
  /** Text written here, also when cut or joined (`\`Sent: ${s}\`.slice(0, 2000)`) or picked (`ok ? 'a' : 'b'`). */
  const madeText = (e: ts.Expression): boolean => {
    const x = unwrapAs(e);
    if (ts.isConditionalExpression(x)) return madeText(x.whenTrue) || madeText(x.whenFalse);
    if (ts.isBinaryExpression(x) && (x.operatorToken.kind === ts.SyntaxKind.BarBarToken || x.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || x.operatorToken.kind === ts.SyntaxKind.PlusToken)) return madeText(x.left) || madeText(x.right);
    if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && TEXT_METHODS.test(x.expression.name.text)) return madeText(x.expression.expression);
    if (ts.isTemplateExpression(x) && x.templateSpans.some((span) => madeText(span.expression))) return true;
    return hasText(x);
  };
  // A const bound once in the file, by what it holds (`const error = … ? e.message : \`…\``).
  const consts = new Map<string, ts.Expression | undefined>();
  const collect = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) consts.set(n.name.text, consts.has(n.name.text) ? undefined : n.initializer);
    ts.forEachChild(n, collect);
  };
  collect(sf);
  const prop = (obj: ts.ObjectLiteralExpression, name: string) =>
    obj.properties.find((p): p is ts.PropertyAssignment | ts.ShorthandPropertyAssignment => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name.getText(sf) === name);
  const walk = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      const args = node.arguments ?? [];
      if (name === 'Error' && ts.isThrowStatement(node.parent) && hasText(args[0])) report(node, 'throw new Error');
      // A refused value's issues thrown as one English line (`describeRowIssues(…)`, `issues.map(…).join('; ')`).
      const arg0 = args[0] && unwrapAs(args[0]);
      if (name === 'Error' && ts.isThrowStatement(node.parent) && arg0 && ts.isCallExpression(arg0)) {
        const callee = arg0.expression;
        const joinsIssues = ts.isPropertyAccessExpression(callee) && callee.name.text === 'join' && /\bissues\b|fileErrors|\berrors\b/.test(callee.expression.getText(sf));
        if (joinsIssues || (ts.isIdentifier(callee) && /^describe\w*Issues$/.test(callee.text))) report(node, 'throw new Error of issues');
      }
      if (name === 'CrmError' && hasText(args[2]) && (!args[3] || args[3].kind === ts.SyntaxKind.UndefinedKeyword || (ts.isIdentifier(args[3]) && args[3].text === 'undefined'))) report(node, 'new CrmError without words');
      if (name === 'OAuthError' && hasText(args[0]) && args.length < 2) report(node, 'new OAuthError without words');
      // Any other error class of ours thrown with one English line (`new FeedError(\`The calendar feed …\`)`): the
      // page can only say it in English. Its words go first (`new FeedError(words('…'), english)`, a WordsError).
      if (/\wError$/.test(name) && !/^(CrmError|OAuthError|WordsError)$/.test(name) && ts.isThrowStatement(node.parent) && args.length === 1 && madeText(args[0]!)) report(node, `throw new ${name} without words`);
    }
    if (ts.isObjectLiteralExpression(node)) {
      const kind = prop(node, 'kind');
      const kindValue = kind && ts.isPropertyAssignment(kind) ? unwrapAs(kind.initializer) : undefined;
      const outcome = kindValue && ts.isStringLiteral(kindValue) && /^(failed|retry|wait)$/.test(kindValue.text);
      // `ok: false`, `ok: false as const`, and any other refusal's flag (`lead: false`, `queued: false`, `allow: false`).
      const refused = node.properties.some((p) => ts.isPropertyAssignment(p) && unwrapAs(p.initializer).kind === ts.SyntaxKind.FalseKeyword);
      const text = outcome ? prop(node, 'error') : refused ? prop(node, 'reason') ?? prop(node, 'error') : undefined;
      // A reason that is a code (`reason: 'own-domain'`) is worded where it is shown; a sentence needs its words.
      const sentence = (e: ts.Expression): boolean => {
        const x = unwrapAs(e);
        if (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x)) return /\p{L}{2,}\s+\p{L}/u.test(x.text);
        if (ts.isConditionalExpression(x)) return sentence(x.whenTrue) || sentence(x.whenFalse);
        if (ts.isBinaryExpression(x)) return sentence(x.left) || sentence(x.right);
        return madeText(x);
      };
      const worded = !!(prop(node, 'words') || (text && prop(node, `${text.name.getText(sf)}Words`)));
      // Any answer's `error` line made here (`return { busy: [], error: \`The calendar feed could not be read…\` }`,
      // also through a const of this file) goes with its words, whatever else the answer holds.
      const error = prop(node, 'error');
      const errorText = error && (ts.isPropertyAssignment(error) ? error.initializer : consts.get(error.name.getText(sf)));
      const wordsArgs = ts.isCallExpression(node.parent) && node.parent.arguments[1] === node && node.parent.arguments[0] && ts.isStringLiteral(node.parent.arguments[0]);
      if (!text && !wordsArgs && errorText && madeText(errorText) && !prop(node, 'words') && !prop(node, 'errorWords') && !node.properties.some(ts.isSpreadAssignment)) report(node, 'error without words');
      if (text && ts.isPropertyAssignment(text) && sentence(text.initializer) && !worded && !node.properties.some(ts.isSpreadAssignment)) report(node, outcome ? 'outcome without words' : 'refusal without words');
      // An outcome's note for the rep (the AI gateway's `{ kind: 'fallback', reason, note }`), also through a const.
      const note = prop(node, 'note');
      const noteText = note && (ts.isPropertyAssignment(note) ? note.initializer : consts.get(note.name.getText(sf)));
      if ((prop(node, 'kind') || prop(node, 'reason')) && noteText && madeText(noteText) && !prop(node, 'noteWords') && !prop(node, 'words') && !node.properties.some(ts.isSpreadAssignment)) report(node, 'note without words');
      // A line stored for the rep to read later: an automation log entry's `detail`, an activity's `summary`, an
      // import row error's `message`; each is written with its words beside it (`detailWords`, …).
      for (const field of STORED_LINES) {
        const line = prop(node, field);
        // A zod issue's message (beside its `path`) is a schema's, read by findUnwordedSchemaMessages.
        if (field === 'message' && prop(node, 'path')) continue;
        if (line && ts.isPropertyAssignment(line) && madeText(line.initializer) && !prop(node, `${field}Words`) && !prop(node, 'words')) report(node, `${field} without words`);
      }
    }
    // A list of lines for the rep (`fileErrors.push('…')`, `warnings.push(\`…\`)`) is kept beside a list of their
    // words (`fileErrorWords`, `warningWords`) filled in the same place.
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'push' && ts.isIdentifier(node.expression.expression)) {
      const list = node.expression.expression.text;
      const arg = node.arguments[0] && unwrapAs(node.arguments[0]);
      if (/(errors|Errors|warnings|Warnings|notices|Notices)$/.test(list) && arg && madeText(arg)) {
        const stem = list.replace(/s$/, '');
        let block: ts.Node = node;
        while (!ts.isBlock(block.parent) && !ts.isSourceFile(block.parent)) block = block.parent;
        if (!block.parent.getText(sf).includes(`${stem}Words.push(`)) report(node, 'line without words');
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
  return found;
}

/**
 * Text the background made that a surface reads from a stored row or an answer (an automation log entry's
 * `detail`, an activity's `summary`, an import row error's `message`, a schema issue's `message`): the surface
 * must say it through `say(words, english)` or a `say…` helper, so the words stored beside the English are
 * used. Reported: each read of one of `fields` (`row.detail`, or a `detail` taken out by destructuring) that is
 * not inside the arguments of a `say…` call. A field renamed while destructuring (`{ message: problem }`) is
 * text the surface chose to show as written, such as a library's own error.
 */
export function findUnsaid(file: string, source: string, fields: readonly string[]): HardCoded[] {
  const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const found: HardCoded[] = [];
  const names = new Set(fields);
  const insideSay = (node: ts.Node): boolean => {
    for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && /^say[A-Z]?\w*$/.test(n.expression.text) && n.arguments.some((a) => a.pos <= node.pos && node.end <= a.end)) return true;
      if (ts.isFunctionLike(n)) return false;
    }
    return false;
  };
  const report = (node: ts.Node, where: string) => {
    if (insideSay(node)) return;
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: node.getText(sf).replace(/\s+/g, ' ').slice(0, 120), where });
  };
  const isReference = (id: ts.Identifier): boolean => {
    const p = id.parent;
    if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
    if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p)) && p.name === id) return false;
    if (ts.isBindingElement(p) || ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p)) return false;
    if (ts.isCallExpression(p) && p.expression === id) return false;
    if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isTypeReferenceNode(p) || ts.isQualifiedName(p)) return false;
    return true;
  };
  // Names bound by destructuring a field as itself (`const { detail } = …`): their reads are the field's.
  const bound = new Set<string>();
  const collect = (node: ts.Node): void => {
    if (ts.isBindingElement(node) && !node.propertyName && ts.isIdentifier(node.name) && names.has(node.name.text)) bound.add(node.name.text);
    ts.forEachChild(node, collect);
  };
  collect(sf);
  const walk = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && names.has(node.name.text) && !(ts.isBinaryExpression(node.parent) && node.parent.left === node && node.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken)) {
      report(node, `.${node.name.text} shown as written`);
    } else if (ts.isIdentifier(node) && bound.has(node.text) && isReference(node)) {
      // `{ detail }` in an object literal passes the field on: read as a reference too.
      report(node, `${node.text} shown as written`);
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
  return found;
}

/** Calls of a zod schema whose string argument (or `message`/`error`) is the message shown when a value is refused. */
// Not `literal`: its string is the value itself (`z.literal('delete everything')`); a message goes in its options object.
const SCHEMA_CHECKS = /^(refine|superRefine|regex|min|max|length|url|email|nonempty|positive|nonnegative|negative|int|gt|gte|lt|lte|startsWith|endsWith|includes|date|datetime|time|uuid|enum|string|number|array|object)$/;

/**
 * A schema's own message for a refused value written as bare English (`.regex(re, 'a time as HH:MM')`), which the
 * rep could only ever read in English: it goes through `issue(english, key)` (lib/issue-words.ts).
 */
export function findUnwordedSchemaMessages(file: string, source: string): HardCoded[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: HardCoded[] = [];
  const isWords = (e: ts.Expression) => (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && /\p{L}{2,}\s+\p{L}/u.test(e.text);
  const report = (node: ts.Node) => found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: node.getText(sf).slice(0, 120), where: 'schema message without words' });
  const walk = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && SCHEMA_CHECKS.test(node.expression.name.text)) {
      for (const arg of node.arguments) {
        if (isWords(arg)) report(arg);
        if (ts.isObjectLiteralExpression(arg)) {
          for (const p of arg.properties) if (ts.isPropertyAssignment(p) && /^(message|error)$/.test(p.name.getText(sf)) && isWords(p.initializer)) report(p.initializer);
        }
      }
    }
    // `ctx.addIssue({ code: 'custom', path, message: \`…\` })`: an issue made from the value carries its words in `params`.
    if (ts.isObjectLiteralExpression(node) && node.properties.some((p) => ts.isPropertyAssignment(p) && /^(path|code)$/.test(p.name.getText(sf)))) {
      const message = node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(sf) === 'message');
      const text = message && (isWords(message.initializer) || (ts.isTemplateExpression(message.initializer) && /\p{L}{2,}/u.test(message.initializer.getText(sf))));
      // …or beside it (`{ path, message, words }`, a rule's issue).
      if (text && !node.properties.some((p) => ts.isPropertyAssignment(p) && /^(params|words)$/.test(p.name.getText(sf)))) report(message.initializer);
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
  return found;
}

/** Names of a value that holds an English line made elsewhere: a reason, an error, a list of what was kept. */
const ENGLISH_LINE = /^(reason|error|kept|issue|issues|why|cause|problem|failure)$/;

/**
 * An English line put inside words (lib/words.ts) as a plain argument, which the rep then reads in English in the
 * middle of a sentence in their language ("kein Lead: already a contact"): an argument written as text here, a list
 * joined here (`kept.join('; ')`), an error's text (`String(error)`, `error.message`), or a value named like a
 * reason (`decision.reason`, `error`, `issues`). The words of that line go in instead (`decision.words`,
 * `wordsOfError(error) ?? …`, `issuesWords(…)`); an English line stays only as the fallback after `??` or `||`.
 * A vendor's or provider's own text is passed as written under another name (`detail`, `said`, `cause` from the
 * vendor): `allowed` lists those by `line text` where the name alone would mislead.
 */
export function findEnglishInWords(file: string, source: string): HardCoded[] {
  const isPath = (e: ts.Expression) => isFieldPath(e, sf);
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, /\.tsx$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: HardCoded[] = [];
  const unwrapAs = (e: ts.Expression): ts.Expression => (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) ? unwrapAs(e.expression) : e);
  const lastName = (e: ts.Expression): string | undefined => (ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined);
  // A local const is judged by what it holds (`const why = verdict.words ?? verdict.reason`), when its name is bound once.
  const consts = new Map<string, ts.Expression | null>();
  const collect = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isVariableDeclarationList(n.parent) && n.parent.flags & ts.NodeFlags.Const) consts.set(n.name.text, consts.has(n.name.text) ? null : n.initializer);
    ts.forEachChild(n, collect);
  };
  collect(sf);
  /** A list of English lines by its name (`kept`, `issues`, `reasons`), also when mapped or cut first. */
  const linesList = (e: ts.Expression): boolean => {
    const x = unwrapAs(e);
    if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && /^(map|slice|filter)$/.test(x.expression.name.text)) return linesList(x.expression.expression);
    return /^(kept|issues|reasons|errors|lines|problems|warnings|whys)$/.test(lastName(x) ?? '');
  };
  /** Why this argument is an English line, or undefined. */
  const english = (value: ts.Expression, depth = 0): string | undefined => {
    const e = unwrapAs(value);
    if (ts.isIdentifier(e) && depth < 4) {
      const held = consts.get(e.text);
      if (held) return english(held, depth + 1);
    }
    // The words first, English after them for rows that have none: only the first is what the rep reads.
    // …except an error's own text after its words (`wordsOfError(e) ?? e.message`): every error without words, such as
    // JavaScript's own ("Cannot read properties of undefined"), would reach the rep as written.
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      const right = unwrapAs(e.right);
      const caught = (x: ts.Expression) => ts.isIdentifier(x) && /^(e|err|error)$/.test(x.text);
      if (caught(right) || (ts.isCallExpression(right) && ts.isIdentifier(right.expression) && /^(String|message)$/.test(right.expression.text) && right.arguments[0] && caught(unwrapAs(right.arguments[0])))) {
        return `an error's text when it has no words (${right.getText(sf)})`;
      }
      return english(e.left);
    }
    if (ts.isConditionalExpression(e)) return english(e.whenTrue) ?? english(e.whenFalse);
    if ((ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && /\p{L}{2,}\s+\p{L}{2,}/u.test(e.text)) return 'text written here';
    if (ts.isTemplateExpression(e) && /\p{L}{2,}/u.test(e.head.text + e.templateSpans.map((s) => s.literal.text).join(' '))) return 'text written here';
    if (ts.isCallExpression(e)) {
      const callee = unwrapAs(e.expression);
      if (ts.isPropertyAccessExpression(callee) && TEXT_METHODS.test(callee.name.text)) {
        // `kept.join('; ')`: a list of lines made as one English line.
        if (callee.name.text === 'join') return linesList(callee.expression) ? 'a list of lines joined into one line' : isPath(callee.expression) ? "a field's raw path" : undefined;
        return english(callee.expression);
      }
      if (ts.isIdentifier(callee) && /^describe\w*Issues$/.test(callee.text)) return `${callee.text}(…): issues as English lines`;
      if (ts.isIdentifier(callee) && /^(String|message)$/.test(callee.text) && e.arguments[0] && /^(e|err|error|cause|reason)$/.test(lastName(unwrapAs(e.arguments[0])) ?? '')) return `${callee.text}(${lastName(unwrapAs(e.arguments[0]))}): an error's text`;
      return undefined;
    }
    // `error.said.message` is the words a CrmError carries; any other `.message` is an error's English.
    if (ts.isPropertyAccessExpression(e) && e.name.text === 'message' && !/^(said|words)$/i.test(lastName(unwrapAs(e.expression)) ?? '')) return "an error's message";
    const name = lastName(e);
    if (name && ENGLISH_LINE.test(name)) return `${name}: an English line`;
    return undefined;
  };
  const walk = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'words' && node.arguments[1] && ts.isObjectLiteralExpression(node.arguments[1])) {
      for (const p of node.arguments[1].properties) {
        const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
        const why = value && english(value);
        if (why) found.push({ file, line: sf.getLineAndCharacterOfPosition(p.getStart(sf)).line + 1, text: p.getText(sf).replace(/\s+/g, ' ').slice(0, 120), where: why });
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
  return found;
}

/**
 * An error's own text shown on a surface (`e instanceof Error ? e.message : String(e)`): the background's refusal
 * in English with the router's channel prefix, though it came with words. `userMessage(e)` (lib/ui/errors.ts)
 * says its words, and an error without words (the browser's own) as its text.
 */
export function findErrorText(file: string, source: string): HardCoded[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, /\.tsx$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: HardCoded[] = [];
  const walk = (node: ts.Node): void => {
    if (ts.isConditionalExpression(node) && ts.isBinaryExpression(node.condition) && node.condition.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword && /Error$/.test(node.condition.right.getText(sf))) {
      const read = node.whenTrue;
      if (ts.isPropertyAccessExpression(read) && read.name.text === 'message' && read.expression.getText(sf) === node.condition.left.getText(sf)) {
        found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: node.getText(sf).slice(0, 120), where: "an error's own text" });
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
  return found;
}

/** A refused field's path as our code names it (`issue.path`, `i.path.map(String)`), also when mapped or cut first. */
function isFieldPath(e: ts.Expression, sf: ts.SourceFile): boolean {
  const x = ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) ? e.expression : e;
  if (ts.isCallExpression(x) && ts.isPropertyAccessExpression(x.expression) && /^(map|slice|filter)$/.test(x.expression.name.text)) return isFieldPath(x.expression.expression, sf);
  return (ts.isPropertyAccessExpression(x) && x.name.text === 'path') || (ts.isIdentifier(x) && x.text === 'path' && !!sf);
}

/**
 * A refused field's raw path shown in a surface's line (`\`${i.path}: ${message}\``, `i.path.join(' ')`):
 * "conditions.0.params.in.1" means nothing to the rep. `placeWords` (lib/issue-words.ts) says where it sits, when the
 * rep can tell; else the issue alone.
 */
export function findRawPaths(file: string, source: string): HardCoded[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, /\.tsx$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: HardCoded[] = [];
  const shown = (e: ts.Expression): boolean => {
    if (isFieldPath(e, sf)) return true;
    return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'join' && isFieldPath(e.expression.expression, sf);
  };
  const walk = (node: ts.Node): void => {
    if (ts.isTemplateExpression(node)) {
      for (const span of node.templateSpans) {
        if (shown(span.expression)) found.push({ file, line: sf.getLineAndCharacterOfPosition(span.expression.getStart(sf)).line + 1, text: node.getText(sf).slice(0, 120), where: "a field's raw path" });
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
  return found;
}
