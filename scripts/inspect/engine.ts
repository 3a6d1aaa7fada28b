import { z } from 'zod';
import { loggingVerdict } from '../../lib/crm/policy';
import { contactEmails } from '../../lib/db';
import { EngineEvent } from '../../lib/engine/events';
import { eventPeople } from '../../lib/engine/facts';
import { compileRule, createRegistry } from '../../lib/engine/rules';
import { ruleMatches } from '../../lib/engine/runner';
import { Settings } from '../../lib/settings';
import type { InspectCommand } from './types';
import { answerLines } from './lines';

// `npm run inspect -- engine`: one JSON line in, one out, in order. Two kinds of line:
//   {"rule": {…}, "event"?: {…}, "contacts"?: ["a@x.example"], "settings"?: {…}}
//     → {"ok": true, "needs": […], "matches"?: bool} or {"ok": false, "issues": [{"path","message"}]}
//   {"address": "a@x.example", "subject"?: "…", "contact"?: bool, "manual"?: bool, "settings"?: {…}}
//     → the logging policy's verdict: {"log": true, …} or {"log": false, "reason": …}
// A bad line answers {"error"} and the next line is read. Deals and thread facts are not loaded here.

const RuleLine = z.object({
  rule: z.unknown(),
  event: EngineEvent.optional(),
  contacts: z.array(z.string()).max(500).default([]),
  settings: z.record(z.string(), z.unknown()).default({}),
});
const AddressLine = z.object({
  address: z.string().max(320),
  subject: z.string().max(1000).optional(),
  contact: z.boolean().default(false),
  manual: z.boolean().default(false),
  settings: z.record(z.string(), z.unknown()).default({}),
});

const registry = createRegistry();

function answer(json: unknown): unknown {
  if (json && typeof json === 'object' && 'address' in json) {
    const line = AddressLine.parse(json);
    const settings = Settings.parse(line.settings);
    const email = line.address.trim().toLowerCase();
    const contact = line.contact ? { id: 'contact', name: '', email, altEmails: [], emails: contactEmails({ email }), source: 'local' as const, createdAt: 0, updatedAt: 0 } : undefined;
    const verdict = loggingVerdict({ person: { name: '', email }, contact, subject: line.subject, settings, manual: line.manual });
    return verdict.log ? { log: true, to: verdict.contact ? 'the existing contact' : 'a new contact' } : verdict;
  }
  const line = RuleLine.parse(json);
  const result = compileRule(line.rule, registry);
  if (!result.ok) return { ok: false, issues: result.issues };
  const out: Record<string, unknown> = { ok: true, description: result.compiled.rule.description, needs: [...result.compiled.needs] };
  if (line.event) {
    const settings = Settings.parse(line.settings);
    const known = new Set(line.contacts.map((c) => c.toLowerCase()));
    const { sender, recipients } = eventPeople(line.event);
    const contacts = new Map(
      [...(sender ? [sender] : []), ...recipients]
        .filter((p) => known.has(p.email))
        .map((p) => [p.email, { id: p.email, name: p.name, email: p.email, altEmails: [], emails: [p.email], source: 'local' as const, createdAt: 0, updatedAt: 0 }]),
    );
    out.matches = line.event.type === result.compiled.rule.trigger && ruleMatches(result.compiled, line.event, { now: Date.now(), settings, contacts, deals: [] });
  }
  return out;
}

// The line is checked inside answer() (its errors name the rule's fields), so the loop takes it as it comes.
export const run: InspectCommand = (_args, io) => answerLines(io, z.unknown(), answer);
