import { suggestFollowUp } from '../lib/followup';
const at = Date.parse('2026-02-20T10:00:00+01:00');
for (const t of process.argv.slice(2)) {
  const r = suggestFollowUp({ text: t, at, timeZone: 'Europe/Berlin' });
  console.log(r.date, '|', r.reason, '|', t, JSON.stringify(r.cues.map(c=>[c.phrase,c.date,c.reading])));
}
