import { followupSuite } from './followup';
import { sizeSuite } from './size';
import type { BenchSuite } from './types';

// Every benchmark suite; adding one = one file in test/bench/ + one line here.
export const suites: BenchSuite[] = [sizeSuite, followupSuite];
