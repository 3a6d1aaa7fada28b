import { describe, expect, it } from 'vitest';
import { parseAttachMessage } from '@/lib/gmail/features/attach-invitation';

// The Gmail script trusts nothing it is sent: the attach request is checked field by field.

const ok = {
  channel: 'gmail.attachInvitation',
  payload: { threadId: 'thread-f:1850000000000000000', text: 'Attached.', fallbackText: 'Link: https://calendar.google.com/x', ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR', fileName: 'invite.ics', method: 'REQUEST' },
};

describe('gmail.attachInvitation in the Gmail script', () => {
  it('takes a well-formed request', () => {
    expect(parseAttachMessage(ok)).toEqual(ok.payload);
  });

  it.each([
    ['another channel', { ...ok, channel: 'gmail.insertDraft' }],
    ['an extra field', { ...ok, payload: { ...ok.payload, html: '<b>' } }],
    ['a path in the file name', { ...ok, payload: { ...ok.payload, fileName: '../invite.ics' } }],
    ['not an .ics name', { ...ok, payload: { ...ok.payload, fileName: 'invite.exe' } }],
    ['a body that is not iCalendar', { ...ok, payload: { ...ok.payload, ics: '<script>' } }],
    ['an unknown method', { ...ok, payload: { ...ok.payload, method: 'PUBLISH' } }],
    ['a bad thread id', { ...ok, payload: { ...ok.payload, threadId: 'x' } }],
    ['empty text', { ...ok, payload: { ...ok.payload, text: '' } }],
  ])('refuses %s', (_, message) => {
    expect(parseAttachMessage(message)).toBeNull();
  });
});
