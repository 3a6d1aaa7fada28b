// Our controls' styles, parsed once per page and shared by every shadow root that shows them (a constructed
// stylesheet), instead of a <style> parsed again for each button Gmail gets. Where a content script cannot
// adopt a constructed sheet (an engine that refuses a sheet made in the content script's world), a <style> does.

const sheets = new Map<string, CSSStyleSheet>();

export function styleShadow(root: ShadowRoot, css: string): void {
  try {
    const view = root.ownerDocument.defaultView;
    if (!view || !('adoptedStyleSheets' in root) || typeof view.CSSStyleSheet !== 'function') throw new Error('no constructed sheets');
    let sheet = sheets.get(css);
    if (!sheet) {
      sheet = new view.CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    }
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = root.ownerDocument.createElement('style');
    style.textContent = css;
    root.prepend(style);
  }
}
