import { engineSuite } from './engine';
import { followupSuite } from './followup';
import { gmailSuite } from './gmail';
import { sizeSuite } from './size';
import { draftsSuite } from './drafts';
import { gmailPanelSuite } from './gmail-panel';
import { heavyYearSuite } from './heavy-year';
import { sendsSuite } from './sends';
import { reportsSuite } from './reports';
import { meetingsSuite } from './meetings';
import { todaySuite } from './today';
import type { BenchSuite } from './types';

// Every benchmark suite; adding one = one file in test/bench/ + one line here.
export const suites: BenchSuite[] = [sizeSuite, gmailSuite, gmailPanelSuite, followupSuite, draftsSuite, engineSuite, heavyYearSuite, sendsSuite, todaySuite, reportsSuite, meetingsSuite];
