import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowthroughDb } from '@/lib/db';
import { defineAction } from '@/lib/engine/actions';
import type { EngineEvent } from '@/lib/engine/events';
import { compileRule, createRegistry, parseRule, RuleValidationError } from '@/lib/engine/rules';
import { contact, freshDb, makeEngine, received, sent } from '../support/engine';

let db: FollowthroughDb;
let drop: () => Promise<void>;
beforeEach(async () => {
  ({ db, drop } = await freshDb());
});
afterEach(() => drop());

// Test-only actions: emit the next event of a chain, or fail.
const next: Record<string, (e: EngineEvent, n: number) => EngineEvent> = {
  'activity.logged': (_e, n) => ({ type: 'suggestion.accepted', suggestionId: `s${n}`, kind: 'test', at: n }),
  'suggestion.accepted': (_e, n) => ({ type: 'activity.logged', activityId: `a${n}`, at: n }),
  'thread.opened': (_e, n) => ({ type: 'reply.overdue', threadId: 'thread-a:r1', lastMessageId: `msg-a:r${n}`, lastMessageAt: n, waitingOn: [], at: n }),
  'reply.overdue': (_e, n) => ({ type: 'thread.opened', threadId: 'thread-a:r1', subject: 's', participants: [], at: n }),
};
let counter = 0;
const emitNext = defineAction({
  kind: 'test.emit',
  label: 'emit the next event',
  params: z.object({ as: z.enum(['activity.logged', 'suggestion.accepted', 'thread.opened', 'reply.overdue']).optional() }),
  async run({ event }, { as }) {
    counter++;
    return { result: 'ok', detail: `emitted after ${event.type}`, emit: [next[as ?? event.type]!(event, counter)] };
  },
});
const explode = defineAction({
  kind: 'test.explode',
  label: 'fail',
  params: z.object({}),
  async run({ db }) {
    await db.suggestions.add({ id: 'half-written', kind: 'log', reason: 'must roll back', payload: {}, status: 'open', createdAt: 1 });
    throw new Error('the CRM said no');
  },
});
const registry = createRegistry({ actions: [emitNext, explode] });

describe('rules as data', () => {
  it('names the offending field of an invalid rule', () => {
    const bad = (rule: object) => {
      try {
        parseRule(rule, registry);
      } catch (error) {
        expect(error).toBeInstanceOf(RuleValidationError);
        return (error as RuleValidationError).issues;
      }
      throw new Error('accepted an invalid rule');
    };
    const base = { id: 'r1', description: 'Log mail to Acme', trigger: 'email.sent', actions: [{ kind: 'activity.log' }] };
    expect(parseRule(base, registry).rule).toMatchObject({ enabled: true, conditions: [] });

    expect(bad({ ...base, description: '  ' })).toEqual([{ path: 'description', message: 'describe the rule in plain words', words: { key: 'issue_rule_description' } }]);
    expect(bad({ ...base, trigger: 'email.exploded' })[0]?.path).toBe('trigger');
    expect(bad({ ...base, actions: [] })).toEqual([{ path: 'actions', message: 'a rule needs at least one action', words: { key: 'issue_rule_min_action' } }]);
    expect(bad({ ...base, conditions: [{ kind: 'sender.domain', params: { in: ['acme.example', 'not a domain'] } }] })).toEqual([
      { path: 'conditions.0.params.in.1', message: 'not a domain name', words: { key: 'issue_not_domain' } },
    ]);
    expect(bad({ ...base, conditions: [{ kind: 'moon.phase' }] })[0]).toMatchObject({ path: 'conditions.0.kind', message: expect.stringContaining('no condition kind "moon.phase"') });
    expect(bad({ ...base, conditions: [{ kind: 'deal.stage', params: { in: ['closing'] } }] })[0]?.path).toBe('conditions.0.params.in.0');
    expect(bad({ ...base, trigger: 'thread.opened' })[0]).toMatchObject({ path: 'actions.0.kind', message: expect.stringContaining('does not apply to thread.opened') });
    expect(bad({ ...base, actions: [{ kind: 'activity.log' }, { kind: 'followup.schedule', params: { afterDays: -1 } }] })[0]?.path).toBe('actions.1.params.afterDays');
    // Every issue is reported at once, not only the first.
    expect(compileRule({ ...base, conditions: [{ kind: 'nope' }], actions: [{ kind: 'nope' }] }, registry)).toMatchObject({
      ok: false,
      issues: [{ path: 'conditions.0.kind' }, { path: 'actions.0.kind' }],
    });
  });

  it('refuses to store an invalid rule and keeps the old one', async () => {
    const engine = makeEngine(db, {}, { registry });
    await engine.start();
    await expect(engine.saveRule({ id: 'builtin.auto-log-sent', description: 'x', trigger: 'email.sent', actions: [{ kind: 'activity.log', params: {} }], conditions: [{ kind: 'sender.domain', params: {} }] })).rejects.toThrow(
      /conditions\.0\.params\.in: name at least one domain/,
    );
    expect((await db.rules.get('builtin.auto-log-sent'))?.definition).toMatchObject({ description: expect.stringContaining('When I send an email') });
  });

  it('seeds the built-in rules once, keeps the rep’s edits, and lets them be switched off', async () => {
    const engine = makeEngine(db, {}, { registry });
    await engine.start();
    expect((await engine.listRules()).map((r) => r.id).sort()).toEqual([
      'builtin.auto-log-sent',
      'builtin.followup-after-reply',
      'builtin.followup-after-sending',
      'builtin.log-replies',
      'builtin.meeting-recap',
      'builtin.route-leads',
    ]);
    await engine.saveRule({ id: 'builtin.log-replies', description: 'My wording', trigger: 'email.received', actions: [{ kind: 'activity.log', params: {} }] });
    await engine.setRuleEnabled('builtin.auto-log-sent', false);
    await makeEngine(db, {}, { registry }).start();
    expect((await db.rules.get('builtin.log-replies'))?.definition).toMatchObject({ description: 'My wording' });
    expect((await db.rules.get('builtin.auto-log-sent'))?.enabled).toBe(false);
    await expect(engine.deleteRule('builtin.auto-log-sent')).rejects.toThrow(/switch it off/);

    await db.contacts.add(contact('ct-priya', 'priya@acme.example'));
    await engine.dispatch(sent(['priya@acme.example']));
    await engine.idle();
    expect(await db.activities.count()).toBe(0);
  });
});

describe('runner', () => {
  it('runs a chain: a logged email fires the rules on activity.logged', async () => {
    await db.contacts.add(contact('ct-priya', 'priya@acme.example'));
    const engine = makeEngine(db, {}, { registry });
    await engine.start();
    await engine.saveRule({
      id: 'suggest-after-log',
      description: 'When an email is logged, suggest a follow-up.',
      trigger: 'activity.logged',
      actions: [{ kind: 'suggestion.create', params: { kind: 'followup', reason: 'Follow up in 3 days' } }],
    });
    await engine.setRuleEnabled('builtin.followup-after-sending', false); // this test's chain only
    const { id } = await engine.dispatch(sent(['Priya@Acme.example'], { messageId: 'msg-a:r77', threadId: 'thread-a:r77' }));
    await engine.idle();

    expect(await db.activities.toArray()).toMatchObject([{ id: 'act:msg-a:r77:ct-priya', contactId: 'ct-priya', kind: 'email.sent', ruleId: 'builtin.auto-log-sent' }]);
    const logged = await db.events.get('activity.logged:act:msg-a:r77:ct-priya');
    expect(logged).toMatchObject({ status: 'done', depth: 1, causedBy: id, chain: ['builtin.auto-log-sent'] });
    expect(await db.suggestions.toArray()).toMatchObject([{ kind: 'followup', threadId: 'thread-a:r77', contactId: 'ct-priya', status: 'open' }]);
    const audit = await db.auditLog.toArray();
    expect(audit.map((a) => [a.ruleId, a.action, a.result])).toEqual([
      ['builtin.auto-log-sent', 'activity.log', 'ok'],
      ['suggest-after-log', 'suggestion.create', 'ok'],
    ]);
    expect(audit[0]).toMatchObject({ eventId: id, ruleDescription: expect.stringContaining('When I send'), threadId: 'thread-a:r77', contactIds: ['ct-priya'], undo: [{ op: 'delete', table: 'activities', keys: ['act:msg-a:r77:ct-priya'] }] });
  });

  it('stops a chain at the depth limit and says so in the audit log', async () => {
    const engine = makeEngine(db, {}, { registry, maxDepth: 2 });
    await engine.start();
    const rule = (id: string, trigger: string, as: string) => engine.saveRule({ id, description: id, trigger: trigger as 'thread.opened', actions: [{ kind: 'test.emit', params: { as } }] });
    await rule('r1', 'activity.logged', 'activity.logged'); // → suggestion.accepted
    await rule('r2', 'suggestion.accepted', 'thread.opened'); // → reply.overdue
    await rule('r3', 'reply.overdue', 'reply.overdue'); // → thread.opened
    await rule('r4', 'thread.opened', 'thread.opened'); // → reply.overdue
    await engine.dispatch({ type: 'activity.logged', activityId: 'start', at: 1 });
    await engine.idle();

    const events = await db.events.orderBy('at').toArray();
    expect(events.map((e) => [e.type, e.depth])).toEqual([
      ['activity.logged', 0],
      ['suggestion.accepted', 1],
      ['reply.overdue', 2],
    ]);
    const audit = await db.auditLog.toArray();
    expect(audit.map((a) => [a.ruleId, a.action, a.result])).toEqual([
      ['r1', 'test.emit', 'ok'],
      ['r2', 'test.emit', 'ok'],
      ['r3', 'test.emit', 'ok'],
      ['r3', 'chain', 'skipped'],
    ]);
    expect(audit[3]?.detail).toMatch(/depth limit \(2\): thread\.opened:thread-a:r1:\d+ not acted on/);
  });

  it('detects a cycle between two rules and stops it', async () => {
    const engine = makeEngine(db, {}, { registry });
    await engine.start();
    await engine.saveRule({ id: 'ping', description: 'ping', trigger: 'activity.logged', actions: [{ kind: 'test.emit', params: {} }] });
    await engine.saveRule({ id: 'pong', description: 'pong', trigger: 'suggestion.accepted', actions: [{ kind: 'test.emit', params: {} }] });
    await engine.dispatch({ type: 'activity.logged', activityId: 'start', at: 1 });
    await engine.idle();

    const audit = await db.auditLog.toArray();
    expect(audit.map((a) => [a.ruleId, a.action, a.result])).toEqual([
      ['ping', 'test.emit', 'ok'],
      ['pong', 'test.emit', 'ok'],
      ['ping', 'cycle', 'skipped'],
    ]);
    expect(audit[2]?.detail).toBe('cycle: ping → pong → ping — this rule already ran earlier in the chain');
    expect(await db.events.count()).toBe(3);
    expect(await db.events.where('status').equals('pending').count()).toBe(0);
  });

  it('acts on an event once: reported twice, or its action re-run after an interruption', async () => {
    await db.contacts.add(contact('ct-priya', 'priya@acme.example'));
    const engine = makeEngine(db);
    await engine.start();
    const event = sent(['priya@acme.example']);
    expect((await engine.dispatch(event)).duplicate).toBe(false);
    expect((await engine.dispatch(event)).duplicate).toBe(true);
    await engine.idle();
    expect(await db.activities.count()).toBe(1);

    // The worker stopped after the action committed but before its outbox row was marked done.
    const row = (await db.outbox.toArray())[0]!;
    await db.outbox.update(row.id, { status: 'running' });
    const restarted = makeEngine(db);
    await restarted.start();
    expect(await db.outbox.get(row.id)).toMatchObject({ status: 'done' });
    expect(await db.activities.count()).toBe(1);
    expect(await db.auditLog.where('key').equals(row.id).count()).toBe(1);

    // Even with its audit entry gone, the activity's key keeps the re-run from writing a second one.
    await db.auditLog.clear();
    await db.outbox.update(row.id, { status: 'pending', nextAttemptAt: 0 });
    await restarted.process();
    expect(await db.activities.count()).toBe(1);
    expect((await db.auditLog.toArray())[0]).toMatchObject({ result: 'skipped', detail: 'already logged' });
  });

  it('leaves other areas’ outbox rows to their own runners', async () => {
    await db.outbox.add({ id: 'crm:1', kind: 'crm.email', payload: {}, status: 'pending', attempts: 0, nextAttemptAt: 0, createdAt: 0 });
    await db.outbox.add({ id: 'crm:2', kind: 'crm.email', payload: {}, status: 'running', attempts: 1, nextAttemptAt: 0, createdAt: 0 });
    const engine = makeEngine(db);
    await engine.start();
    expect((await db.outbox.bulkGet(['crm:1', 'crm:2'])).map((r) => r?.status)).toEqual(['pending', 'running']);
  });

  it('records a failing action, rolls back what it half wrote, and still runs the others', async () => {
    await db.contacts.add(contact('ct-priya', 'priya@acme.example'));
    const engine = makeEngine(db, {}, { registry });
    await engine.start();
    await engine.saveRule({
      id: 'three-things',
      description: 'three things',
      trigger: 'email.sent',
      actions: [{ kind: 'suggestion.create', params: { kind: 'log', reason: 'first' } }, { kind: 'test.explode', params: {} }, { kind: 'followup.schedule', params: { afterDays: 3 } }],
    });
    await engine.dispatch(sent(['priya@acme.example']));
    await engine.idle();

    expect(await db.suggestions.get('half-written')).toBeUndefined();
    expect(await db.suggestions.filter((s) => !s.id.includes('builtin.')).count()).toBe(1);
    expect(await db.reminders.count()).toBe(1);
    expect(await db.activities.count()).toBe(1);
    const failed = await db.auditLog.filter((a) => a.result === 'failed').toArray();
    expect(failed).toMatchObject([{ ruleId: 'three-things', action: 'test.explode', detail: 'the CRM said no' }]);
    expect(await db.outbox.filter((r) => r.status === 'failed').toArray()).toMatchObject([{ kind: 'engine.action', lastError: 'the CRM said no' }]);
  });

  it('logs replies in threads already logged, and cancels the thread’s reminders', async () => {
    await db.contacts.add(contact('ct-priya', 'priya@acme.example'));
    const engine = makeEngine(db);
    await engine.start();
    await engine.dispatch(received('priya@acme.example', 'thread-a:r1'));
    await engine.idle();
    expect(await db.activities.count()).toBe(0); // thread not logged yet

    await engine.dispatch(sent(['priya@acme.example'], { threadId: 'thread-a:r2' }));
    await db.reminders.add({ id: 'rem-1', threadId: 'thread-a:r2', dueAt: 5, reason: 'chase', status: 'pending', createdAt: 1 });
    await db.reminders.add({ id: 'rem-other', threadId: 'thread-a:r3', dueAt: 5, reason: 'chase', status: 'pending', createdAt: 1 });
    await engine.idle();
    await engine.dispatch(received('priya@acme.example', 'thread-a:r2'));
    await engine.idle();
    expect((await db.activities.toArray()).map((a) => a.kind).sort()).toEqual(['email.received', 'email.sent']);
    expect((await db.reminders.get('rem-1'))?.status).toBe('cancelled');
    expect((await db.reminders.get('rem-other'))?.status).toBe('pending');

    // Undo puts the reminder back.
    const cancel = await db.auditLog.filter((a) => a.action === 'reminders.reply').first();
    await engine.undo(cancel!.seq!);
    expect((await db.reminders.get('rem-1'))?.status).toBe('pending');
    await expect(engine.undo(cancel!.seq!)).rejects.toThrow(/already undone/);
  });

  it('undoes an automated log: the activity and the contact it created are gone', async () => {
    const engine = makeEngine(db, { createLocalContacts: true });
    await engine.start();
    await engine.dispatch(sent(['new.person@prospect.example']));
    await engine.idle();
    expect(await db.contacts.count()).toBe(1);
    expect(await db.companies.toArray()).toMatchObject([{ domain: 'prospect.example', name: 'Prospect' }]);
    const entry = await db.auditLog.filter((a) => a.action === 'activity.log').first();
    expect(entry?.detail).toMatch(/created 1 contact/);
    const undone = await engine.undo(entry!.seq!);
    expect(undone.changed).toBe(3);
    expect(await db.activities.count()).toBe(0);
    expect(await db.contacts.count()).toBe(0);
    expect(await db.companies.count()).toBe(0);
    expect((await db.auditLog.get(entry!.seq!))?.undoneAt).toBeGreaterThan(0);
  });
});

describe('runner wake-ups', () => {
  it('an event dispatched while the runner reports idle is acted on, and idle is reported only after it', async () => {
    // What the background does on idle: clear the resume alarm. An event still pending then would be lost.
    const idles: number[] = [];
    const engine = makeEngine(db, {}, { onIdle: (next) => void idles.push(next ?? -1) });
    await engine.start();
    await engine.idle();
    idles.length = 0;
    const original = engine.outbox.nextDueAt.bind(engine.outbox);
    let once = true;
    engine.outbox.nextDueAt = async () => {
      const next = await original();
      if (once) {
        once = false;
        // The interleaving: a message handler dispatches while the run is reading when to wake next.
        await engine.dispatch(sent(['priya@acme.example'], { threadId: 'thread-a:r77' }));
      }
      return next;
    };
    engine.kick();
    await engine.idle();
    const pending = await db.events.where('status').equals('pending').count();
    expect(pending).toBe(0);
    expect(idles).toHaveLength(1);
  });
});
