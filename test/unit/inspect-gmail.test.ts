import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../scripts/inspect/gmail';

const NET = resolve(import.meta.dirname, '../fixtures/gmail/network');
const PAGES = resolve(import.meta.dirname, '../fixtures/gmail/pages');

async function inspect(files: string[]) {
  const lines: Record<string, unknown>[] = [];
  const code = await run(files, { stdin: process.stdin, out: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  return { code, lines };
}

describe('npm run inspect -- gmail', () => {
  it('every real sync capture: one line each, naming the dated parser that read it', async () => {
    const files = readdirSync(NET).filter((f) => f.endsWith('.json')).sort().map((f) => resolve(NET, f));
    const { code, lines } = await inspect(files);
    expect(code).toBe(0);
    expect(lines).toHaveLength(59);
    const parsers = new Map<string, number>();
    for (const l of lines) parsers.set(`${String(l.body)} ${String(l.parser)}`, (parsers.get(`${String(l.body)} ${String(l.parser)}`) ?? 0) + 1);
    expect(Object.fromEntries(parsers)).toEqual({
      'request object-2018-01': 12,
      'request array-2022-09': 17,
      'answer object-2018-01/thread': 4,
      'answer object-2018-01/update': 8,
      'answer array-2022-09/update': 17,
      'answer array-2022-09/thread': 1,
    });
    const send = lines.find((l) => String(l.file).endsWith('2022-09-09-cvOnSend_request.json'));
    expect(send).toEqual({
      file: expect.stringContaining('cvOnSend_request.json'),
      body: 'request',
      parser: 'array-2022-09',
      sends: [{ messageId: 'msg-a:r8190137112111191537', threadId: 'thread-a:r263523620390330024', from: 'test@gmail.com', to: ['test+1@gmail.com'], cc: [], bcc: [], subject: 'subject_111' }],
      scheduled: [],
      drafts: [],
      answer: { file: expect.stringContaining('cvOnSend_response.json'), parser: 'array-2022-09/update', own: ['msg-a:r8190137112111191537'] },
    });
    const batched = lines.find((l) => String(l.file).endsWith('2022-09-09-cvOnDraftSaveBatched_response.json'));
    expect(batched).toMatchObject({
      body: 'answer',
      parser: 'array-2022-09/update',
      own: [{ messageId: 'msg-a:r-173578382580458011', threadId: 'thread-a:r-175230870092109435', legacyMessageId: '185ac55d43cf8449', from: 'test@gmail.com', to: ['test+test1@outlook.com'], subject: 'a 9', date: '2023-01-13T18:13:04.145Z' }],
    });
    // The one scrubbed capture (SOURCES.md) says what it could not read.
    expect(lines.filter((l) => l.problems).map((l) => [String(l.file).replace(/^.*\//, ''), (l.problems as string[]).length])).toEqual([['2022-09-09-cvOnReplySend_2_response.json', 2]]);
  });

  it('one line per page snapshot: view, rows, thread', async () => {
    const { code, lines } = await inspect([resolve(PAGES, '2026-11-inbox.html'), resolve(PAGES, '2026-11-thread.html')]);
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({ view: 'list', thread: null });
    expect((lines[0]!.rows as unknown[]).length).toBe(5);
    expect((lines[0]!.rows as unknown[])[0]).toEqual({
      threadId: 'thread-f:1882028161105939945',
      senders: ['sam@followthrough-demo.example', 'priya.raman@acme-robotics.example'],
      subject: 'Fleet tracking pilot for 40 vans',
      unread: true,
    });
    expect(lines[1]).toMatchObject({ view: 'thread', rows: [], thread: { threadId: 'thread-f:1882028161105939945', legacyThreadId: '1a1e4ea420004de9' } });
    expect((lines[1]!.thread as { messages: unknown[] }).messages).toHaveLength(4);
  });

  it('an unreadable or unrecognised file gives an error line, the rest go on, exit code 1', async () => {
    // A hand-made body of a shape Gmail never used.
    const unknown = join(mkdtempSync(join(tmpdir(), 'inspect-gmail-')), 'hand-made-unknown-shape.json');
    writeFileSync(unknown, '{"threads":[{"id":"thread-a:r1"}]}');
    const { code, lines } = await inspect([
      unknown,
      resolve(PAGES, 'nope.html'),
      resolve(PAGES, '2026-11-unrecognised.html'),
      resolve(NET, 'LICENSE-MIT.txt'),
      resolve(NET, '2022-09-09-cvOnSend_request.json'),
    ]);
    expect(code).toBe(1);
    expect(lines.map((l) => typeof l.error)).toEqual(['string', 'string', 'string', 'string', 'undefined']);
    expect(lines[0]!.error).toMatch(/^not a Gmail sync body in any known layout: sync request in no known layout \(array-2022-09: not a JSON array; object-2018-01: .*\); sync answer in no known layout/);
    expect(lines[1]!.error).toBe('no such file');
    expect(lines[2]!.error).toMatch(/no Gmail view recognised.*list\.row/);
    expect(lines[3]!.error).toMatch(/unrecognised file type/);
  });
});
