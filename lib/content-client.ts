import type { ChannelsFrom, RequestOf, ResponseOf } from './messages';
import type { SendPort } from './client';

// Content scripts send without bundling the schemas: zod would be most of the Gmail script's size budget
// (CONTRIBUTING.md habit 7). The types keep payloads right at build time; the background validates every one.

export class BackgroundRefused extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'BackgroundRefused';
  }
}

export async function sendFromContent<C extends ChannelsFrom<'gmail' | 'crm'>>(
  send: SendPort,
  name: C,
  payload: RequestOf<C>,
): Promise<ResponseOf<C>> {
  const reply = (await send({ channel: name, payload })) as
    | { ok: true; data: ResponseOf<C> }
    | { ok: false; error?: { code?: string; message?: string } }
    | undefined;
  if (reply?.ok === true) return reply.data;
  throw new BackgroundRefused(reply?.error?.code ?? 'no_answer', reply?.error?.message ?? `${name}: no answer from the background`);
}
