import { describe, expect, it } from 'vitest';
import { carriesCharts, pageScripts } from '../bench/size';
import { EXTENSION_DIR } from './browser';

// The chart library loads on the Reports page only: the side panel and the popup stay small. Checked on the
// Chrome build, which the e2e half always has (`npm test` builds first; global-setup refuses to run without it).
// It sat among the unit tests before, where `npm test` runs before the build, so it was always skipped there.
describe('built pages', () => {
  it('the side panel, popup and options page carry no chart code; the Reports page does', () => {
    expect(carriesCharts(EXTENSION_DIR, 'sidepanel.html')).toEqual([]);
    expect(carriesCharts(EXTENSION_DIR, 'popup.html')).toEqual([]);
    expect(carriesCharts(EXTENSION_DIR, 'options.html')).toEqual([]);
    expect(carriesCharts(EXTENSION_DIR, 'reports.html').length).toBeGreaterThan(0);
    expect(pageScripts(EXTENSION_DIR, 'sidepanel.html').length).toBeGreaterThan(0);
  });
});
