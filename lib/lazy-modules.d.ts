// Packages evaluated on first use (scripts/vite-lazy-modules.ts): `load()` runs the package once and returns
// its module namespace.
declare module 'lazy:date-holidays' {
  const load: () => typeof import('date-holidays');
  export default load;
}
