import { Failure, MessageError, channels, type ChannelName, type RequestOf, type ResponseOf } from './messages';
import { issuesWords } from './issue-words';

/** How a context sends a message; entrypoints pass `browser.runtime.sendMessage`. */
export type SendPort = (message: unknown) => Promise<unknown>;

/**
 * Send on a channel and get its typed answer. The request is checked before it leaves, and the answer
 * is checked when it comes back; a refusal from the background is thrown as a `MessageError`.
 */
export async function request<C extends ChannelName>(send: SendPort, name: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
  const spec = channels[name];
  const checked = spec.request.safeParse(payload);
  // What was wrong, in the rep's words (a custom range that ends before it starts); the English line names the channel for logs.
  if (!checked.success) throw new MessageError('bad_payload', `${name}: refusing to send a malformed payload`, undefined, issuesWords(checked.error.issues));
  const reply = (await send({ channel: name, payload })) as { ok?: unknown; data?: unknown } | undefined;
  if (reply?.ok === true) {
    const data = spec.response.safeParse(reply.data);
    if (!data.success) throw new MessageError('bad_payload', `${name}: the answer does not match its schema`);
    return data.data as ResponseOf<C>;
  }
  const failure = Failure.safeParse(reply);
  if (failure.success) throw new MessageError(failure.data.error.code, failure.data.error.message, failure.data.error.issues, failure.data.error.words);
  throw new MessageError('handler_failed', `${name}: no answer`);
}
