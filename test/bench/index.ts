import { engineSuite } from './engine';
import { followupSuite } from './followup';
import { gmailSuite } from './gmail';
import { sizeSuite } from './size';
import { draftsSuite } from './drafts';
import { sendsSuite } from './sends';
import type { BenchSuite } from './types';

// Every benchmark suite; adding one = one file in test/bench/ + one line here.
export const suites: BenchSuite[] = [sizeSuite, gmailSuite, followupSuite, draftsSuite, engineSuite, sendsSuite];
