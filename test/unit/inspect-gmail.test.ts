import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
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
  it('one line per sync request: sends and drafts, addresses as lower-case strings', async () => {
    const files = readdirSync(NET).filter((f) => f.endsWith('_request.json')).sort().map((f) => resolve(NET, f));
    const { code, lines } = await inspect(files);
    expect(code).toBe(0);
    expect(lines).toHaveLength(7);
    const send = lines.find((l) => String(l.file).endsWith('cvOnSend_request.json'));
    expect(send).toEqual({
      file: expect.stringContaining('cvOnSend_request.json'),
      sends: [{ messageId: 'msg-a:r8190137112111191537', threadId: 'thread-a:r263523620390330024', from: 'test@gmail.com', to: ['test+1@gmail.com'], cc: [], bcc: [], subject: 'subject_111' }],
      drafts: [],
    });
    expect(lines.map((l) => [(l.sends as unknown[]).length, (l.drafts as unknown[]).length])).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
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
    const { code, lines } = await inspect([
      resolve(NET, '2022-09-09-cvOnSend_response.json'),
      resolve(PAGES, 'nope.html'),
      resolve(PAGES, '2026-11-unrecognised.html'),
      resolve(NET, 'LICENSE-MIT.txt'),
      resolve(NET, '2022-09-09-cvOnSend_request.json'),
    ]);
    expect(code).toBe(1);
    expect(lines.map((l) => typeof l.error)).toEqual(['string', 'string', 'string', 'string', 'undefined']);
    expect(lines[0]!.error).toMatch(/not a Gmail sync request/);
    expect(lines[1]!.error).toBe('no such file');
    expect(lines[2]!.error).toMatch(/no Gmail view recognised.*list\.row/);
    expect(lines[3]!.error).toMatch(/unrecognised file type/);
  });
});
