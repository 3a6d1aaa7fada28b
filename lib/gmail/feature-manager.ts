import { viewOf } from './pages';
import { SelectorHealth } from './selectors';

// Runs Gmail features on the views they declare, restarting them on every in-page navigation and keeping
// each one's failures to itself (STYLE.md habit 2; Refined GitHub's feature manager).

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

export function startFeatures({ window, features, signal, log = () => {}, health = new SelectorHealth() }: FeatureManagerOptions) {
  let current: AbortController | undefined;
  let lastHref = '';

  const run = () => {
    const href = window.location.href;
    if (href === lastHref) return;
    lastHref = href;
    current?.abort();
    current = new AbortController();
    const url = new URL(href);
    health.view = viewOf(url);
    const ctx: FeatureContext = { url, document: window.document, health, log };
    for (const feature of features) {
      if (!feature.include.some((is) => is(url)) || feature.exclude?.some((is) => is(url))) continue;
      try {
        Promise.resolve(feature.init(current.signal, ctx)).catch((error: unknown) => log(`${feature.id} failed: ${String(error)}`));
      } catch (error) {
        log(`${feature.id} failed: ${String(error)}`);
      }
    }
  };

  // Gmail navigates by hash; history API changes arrive as popstate. No polling.
  window.addEventListener('hashchange', run, { signal });
  window.addEventListener('popstate', run, { signal });
  signal.addEventListener('abort', () => current?.abort(), { once: true });
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
