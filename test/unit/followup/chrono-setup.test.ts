import { ParsingContext, type ParsingComponents } from 'chrono-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, partsOf } from '@/lib/followup/calendar';
import { dayComponents } from '@/lib/followup/parsers';

// The follow-up reader builds the components of its own results without chrono's constructor (see
// `dayComponents`). They must be what the constructor makes, for any reference and any day: if a chrono
// version builds components otherwise, this fails.

const fields = (c: ParsingComponents) => {
  const raw = c as unknown as { knownValues: object; impliedValues: object; reference: unknown };
  return {
    known: JSON.stringify(raw.knownValues),
    implied: JSON.stringify(raw.impliedValues),
    reference: raw.reference,
    tags: [...c.tags()],
    date: c.date().getTime(),
    certain: ['year', 'month', 'day', 'hour', 'weekday'].map((k) => c.isCertain(k as never)),
  };
};

describe('dayComponents', () => {
  it("is what chrono's constructor makes for the same year, month and day", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayOf(1990, 1, 1), max: dayOf(2200, 12, 31) }),
        fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }),
        (day, reference) => {
          const context = new ParsingContext('text', reference);
          const { year, month, day: date } = partsOf(day);
          const ours = dayComponents(context.reference, day);
          const chronos = context.createParsingComponents({ year, month, day: date });
          expect(fields(ours)).toEqual(fields(chronos));
          expect(fields(ours).reference).toBe(context.reference);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps its tags apart from every other one', () => {
    const context = new ParsingContext('text', new Date(2026, 1, 17, 12));
    const a = dayComponents(context.reference, dayOf(2026, 3, 2)).addTag('a');
    const b = dayComponents(context.reference, dayOf(2026, 3, 2));
    expect([...a.tags()]).toEqual(['a']);
    expect([...b.tags()]).toEqual([]);
  });
});
