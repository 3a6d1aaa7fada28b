// One row of `npm run bench`: a figure beside its baseline, measured in the same run.
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
  /** The budget in words ("≤ 25 KB") and whether this run met it. */
  budget?: { text: string; met: boolean };
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchRow[]>;
}
