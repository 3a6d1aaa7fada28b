import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { carriesCharts, pageScripts } from '../bench/size';

// The chart library loads on the Reports page only: the side panel and the popup stay small. Checked on the
// Chrome build when there is one (`npm run build`; `npm test` builds before the e2e half, and the size bench
// checks the same).
const output = resolve(import.meta.dirname, '../../.output/chrome-mv3');
const built = existsSync(resolve(output, 'reports.html'));

describe.skipIf(!built)('built pages', () => {
  it('the side panel, popup and options page carry no chart code; the Reports page does', () => {
    expect(carriesCharts(output, 'sidepanel.html')).toEqual([]);
    expect(carriesCharts(output, 'popup.html')).toEqual([]);
    expect(carriesCharts(output, 'options.html')).toEqual([]);
    expect(carriesCharts(output, 'reports.html').length).toBeGreaterThan(0);
    expect(pageScripts(output, 'sidepanel.html').length).toBeGreaterThan(0);
  });
});
