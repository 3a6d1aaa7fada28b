import { build } from 'esbuild';

// `import load from 'lazy:<package>'` gives a function that evaluates the package the first time it is called,
// and returns its module namespace. The background is one classic service-worker script: `import()` is not
// allowed in extension service workers (checked 2026-12-07 against developer.chrome.com, "Extension service
// worker basics": "import(), often called a dynamic import, is not supported"), and the bundler runs every
// statically imported module, data tables included, when the worker starts. A package used rarely and holding
// much data is bundled here by esbuild into the body of a function instead, so its objects are only built when
// it is first needed. Measured on date-holidays (bench gmail-panel, 2026-12-07): the worker's heap after 50
// thread opens went from 13.4 to 11.1 MB. What stays is the function's bytecode with its data literals
// (~1.9 MB in a heap snapshot): Chrome compiles the worker's whole script, not only what runs.

const PREFIX = 'lazy:';

/** A Vite plugin, written against no one Vite version: WXT builds with its own, vitest with another. */
interface LazyModulesPlugin {
  name: string;
  enforce: 'pre';
  resolveId(id: string): string | null;
  load(id: string): Promise<string | null>;
}

export function lazyModules(root: string): LazyModulesPlugin {
  return {
    name: 'followthrough:lazy-modules',
    enforce: 'pre',
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : null;
    },
    async load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const pkg = id.slice(PREFIX.length + 1);
      const bundled = await build({
        stdin: { contents: `export * from ${JSON.stringify(pkg)};\nexport { default } from ${JSON.stringify(pkg)};`, resolveDir: root, loader: 'js' },
        bundle: true,
        format: 'iife',
        globalName: 'lazyModule',
        platform: 'browser',
        target: 'es2022',
        write: false,
        logLevel: 'silent',
      });
      const code = bundled.outputFiles[0]!.text;
      return `let loaded;\nexport default function load() {\n  return (loaded ??= (function () {\n${code}\nreturn lazyModule;\n  })());\n}\n`;
    },
  };
}
