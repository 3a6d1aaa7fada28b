import { describe, expect, it } from 'vitest';
import { createRegistry } from '@/lib/engine/rules';
import type { Facts } from '@/lib/engine/facts';
import { defaultSettings } from '@/lib/settings';
import { contact, sent } from '../support/engine';

const registry = createRegistry();
const test = (kind: string, params: unknown, event = sent(['a@x.example']), facts: Partial<Facts> = {}) => {
  const def = registry.conditions.get(kind)!;
  return def.test(event, def.params.parse(params), { now: 0, settings: defaultSettings(), contacts: new Map(), deals: [], ...facts });
};

describe('conditions', () => {
  it('recipient domain: any / all, in / not in, subdomains count', () => {
    const to = sent(['a@eu.acme.example', 'b@other.example']);
    expect(test('recipient.domain', { in: ['acme.example'] }, to)).toBe(true);
    expect(test('recipient.domain', { in: ['acme.example'], match: 'all' }, to)).toBe(false);
    expect(test('recipient.domain', { notIn: ['nope.example'], match: 'all' }, to)).toBe(true);
    expect(test('recipient.domain', { notIn: ['acme.example', 'other.example'] }, to)).toBe(false);
    expect(test('recipient.domain', { in: ['cme.example'] }, to)).toBe(false);
    expect(test('recipient.domain', { in: ['acme.example'], match: 'all' }, sent([]))).toBe(false);
  });

  it('sender domain, contact exists, deal stage', () => {
    expect(test('sender.domain', { in: ['followthrough-demo.example'] })).toBe(true);
    expect(test('sender.domain', { notIn: ['followthrough-demo.example'] })).toBe(false);
    expect(test('contact.exists', { who: 'recipient' }, sent(['a@x.example']), { contacts: new Map([['a@x.example', contact('c', 'a@x.example')]]) })).toBe(true);
    expect(test('contact.exists', { who: 'sender' }, sent(['a@x.example']), { contacts: new Map([['a@x.example', contact('c', 'a@x.example')]]) })).toBe(false);
    expect(test('deal.stage', { in: ['proposal'] }, undefined, { deals: [{ id: 'd', name: 'd', contactIds: [], stage: 'proposal', updatedAt: 0 }] })).toBe(true);
    expect(test('deal.stage', { in: ['won'] }, undefined, { deals: [{ id: 'd', name: 'd', contactIds: [], stage: 'proposal', updatedAt: 0 }] })).toBe(false);
  });
});
