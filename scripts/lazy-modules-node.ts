import { register } from 'node:module';

// `lazy:<package>` imports (scripts/vite-lazy-modules.ts) under plain Node/tsx, for the scripts that load
// Followthrough's code without Vite (bench, inspect, demo, train:intent): the package is imported as usual
// and `load()` hands back its namespace. Node has no reason to defer it; the worker's heap is what the Vite
// plugin saves. Loaded with `tsx --import ./scripts/lazy-modules-node.ts`.
const hooks = `
export async function resolve(specifier, context, next) {
  if (!specifier.startsWith('lazy:')) return next(specifier, context);
  const target = (await next(specifier.slice(5), context)).url;
  const source = 'import * as m from ' + JSON.stringify(target) + '; export default function load() { return m; }';
  return { url: 'data:text/javascript,' + encodeURIComponent(source), shortCircuit: true };
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url);
