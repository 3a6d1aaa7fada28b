// Writing storage.local from a test and returning only once the context it runs in has heard the change
// (storage.onChanged): the background keeps its settings in memory until it hears one, and its own listener,
// added when it started, has run by the time this one does. An unchanged value is reported to no one (and
// needs no telling): the wait gives up after a second.
// Source text, not a function: evaluate() would carry the bundler's helpers (tsx's `__name`) into the worker.

/** JS source of an async expression that writes `values` to storage.local and waits to hear it. `api`: `chrome` or `browser`. */
export const setAndHear = (values: Record<string, unknown>, api: 'chrome' | 'browser' = 'chrome') => `(async () => {
  const storage = ${api}.storage;
  const heard = new Promise((resolve) => {
    const done = () => { storage.onChanged.removeListener(hear); resolve(); };
    const hear = (changes, areaName) => { if (areaName === 'local' && Object.keys(changes).some((k) => k in ${JSON.stringify(values)})) done(); };
    storage.onChanged.addListener(hear);
    setTimeout(done, 1000);
  });
  await storage.local.set(${JSON.stringify(values)});
  await heard;
  return true;
})()`;
