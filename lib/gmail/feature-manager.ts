import { viewOf } from './pages';
import { query, SelectorHealth } from './selectors';

// Runs Gmail features on the views they declare, restarting them on every in-page navigation and keeping
// each one's failures to itself (CONTRIBUTING.md habit 2; Refined GitHub's feature manager).

export interface FeatureContext {
  url: URL;
  document: Document;
  health: SelectorHealth;
  log: (message: string) => void;
}

export interface Feature {
  id: string;
  include: ((url: URL) => boolean)[];
  exclude?: ((url: URL) => boolean)[];
  init: (signal: AbortSignal, ctx: FeatureContext) => void | Promise<void>;
  /**
   * 'view' (the default): restarted on every in-page navigation. 'page': started once and kept for the
   * page's life, for what outlives a view (a compose window stays open while the rep moves between threads).
   */
  lifetime?: 'view' | 'page';
}

export interface FeatureManagerOptions {
  window: Window;
  features: Feature[];
  /** Aborts everything when the content script is invalidated (extension reloaded or switched off). */
  signal: AbortSignal;
  log?: (message: string) => void;
  /** Shared with whatever else reads the page (the send watcher), so one record says what failed. */
  health?: SelectorHealth;
}

const panes = new WeakMap<FeatureContext, Element>();
/**
 * Gmail's main pane for this navigation, looked up once and shared by the features it starts (one context per
 * navigation): each lookup is a search of the page from its top (profile, test/bench/profile-gmail.ts).
 */
export function mainPane(ctx: FeatureContext): Element {
  let pane = panes.get(ctx);
  if (!pane?.isConnected) panes.set(ctx, (pane = query(ctx.document, 'app.main', ctx.health) ?? ctx.document.body));
  return pane;
}

/** Whether a mutation batch only added or removed Followthrough's own controls (its hosts' tags start `followthrough-`). */
export function onlyOurs(records: MutationRecord[]): boolean {
  for (const r of records) {
    if (r.type !== 'childList') return false;
    for (const n of r.addedNodes) if (!(n as Element).localName?.startsWith('followthrough-')) return false;
    for (const n of r.removedNodes) if (!(n as Element).localName?.startsWith('followthrough-')) return false;
  }
  return true;
}

export function startFeatures({ window, features, signal, log = () => {}, health = new SelectorHealth() }: FeatureManagerOptions) {
  let current: AbortController | undefined;
  let lastHref = '';

  const start = (feature: Feature, featureSignal: AbortSignal, ctx: FeatureContext) => {
    if (!feature.include.some((is) => is(ctx.url)) || feature.exclude?.some((is) => is(ctx.url))) return;
    try {
      Promise.resolve(feature.init(featureSignal, ctx)).catch((error: unknown) => log(`${feature.id} failed: ${String(error)}`));
    } catch (error) {
      log(`${feature.id} failed: ${String(error)}`);
    }
  };
  const ctxFor = (href: string): FeatureContext => {
    const url = new URL(href);
    health.view = viewOf(url);
    return { url, document: window.document, health, log };
  };

  const run = () => {
    const href = window.location.href;
    if (href === lastHref) return;
    lastHref = href;
    current?.abort();
    current = new AbortController();
    const ctx = ctxFor(href);
    for (const feature of features) if (feature.lifetime !== 'page') start(feature, current.signal, ctx);
  };

  // Gmail navigates by hash; history API changes arrive as popstate. No polling. Chromium fires popstate
  // before hashchange on a hash navigation, before Gmail (listening to hashchange) has rendered the view:
  // running then would read the old view, report its selectors missing and wait for the new one, so a
  // popstate that changed only the hash is left to the hashchange that follows.
  const sameButHash = (a: string, b: string) => a.split('#')[0] === b.split('#')[0];
  // The view being left stops before Gmail draws the next one: this capture listener runs before Gmail's own
  // (a listener at its target runs capture first), so the old view's observers are gone by then and are not
  // handed every change of the new render, each to be looked at and dropped as too late.
  window.addEventListener('hashchange', () => window.location.href === lastHref || current?.abort(), { capture: true, signal });
  window.addEventListener('hashchange', run, { signal });
  window.addEventListener('popstate', () => sameButHash(window.location.href, lastHref) || run(), { signal });
  signal.addEventListener('abort', () => current?.abort(), { once: true });
  const first = ctxFor(window.location.href);
  for (const feature of features) if (feature.lifetime === 'page') start(feature, signal, first);
  run();
  return { health };
}

/**
 * Resolve with what `read` finds once the page has rendered it: checked at once, then at most once per
 * animation frame while `container` changes. Resolves null when aborted, or after `giveUpMs` without a find
 * (the feature then stays off for this view: its keys are recorded as missing by `read`).
 */
export function whenRendered<T>(
  window: Window & typeof globalThis,
  container: Node,
  read: () => T | null,
  signal: AbortSignal,
  giveUpMs = 15_000,
): Promise<T | null> {
  return new Promise((resolve) => {
    const first = read();
    if (first !== null) return resolve(first);
    let scheduled = false;
    const done = (value: T | null) => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(value);
    };
    const observer = new window.MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      window.requestAnimationFrame(() => {
        scheduled = false;
        const found = read();
        if (found !== null) done(found);
      });
    });
    const timer = setTimeout(() => done(read()), giveUpMs);
    observer.observe(container, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-thread-perm-id'] });
    signal.addEventListener('abort', () => done(null), { once: true });
  });
}
