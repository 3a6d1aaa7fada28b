import {
  channels,
  describeIssues,
  Envelope,
  isChannelName,
  MessageError,
  type ChannelName,
  type ParsedRequestOf,
  type ResponseOf,
  type Result,
} from './messages';
import { senderContext, type SenderLike } from './sender';
import { wordsOfError, type Words } from './words';
import { issuesWords } from './issue-words';

export interface HandlerContext {
  /** The tab the message came from, as the browser reported it. */
  tabId?: number;
}

export type Handlers = {
  [C in ChannelName as (typeof channels)[C]['to'] extends 'background' ? C : never]: (
    payload: ParsedRequestOf<C>,
    ctx: HandlerContext,
  ) => Promise<ResponseOf<C>>;
};

export interface RouterOptions {
  ownId: string;
  extensionOrigin: string;
  log?: (message: string) => void;
}

/**
 * The background's one entry for messages: checks the envelope, the channel, who sent it and the payload,
 * then runs the handler. Always resolves to a `Result`; a malformed message is answered with a typed error
 * and never reaches a handler.
 */
export function createRouter(handlers: Handlers, options: RouterOptions) {
  const log = options.log ?? ((m: string) => console.warn(`[Followthrough] ${m}`));
  const fail = (code: MessageError['code'], message: string, issues?: string[], words?: Words): Result<never> => {
    log(`refused message: ${code}: ${message}${issues?.length ? ` (${issues.join('; ')})` : ''}`);
    return { ok: false, error: { code, message, ...(issues ? { issues } : {}), ...(words ? { words } : {}) } };
  };

  return async function route(raw: unknown, sender: SenderLike): Promise<Result<unknown>> {
    const envelope = Envelope.safeParse(raw);
    if (!envelope.success) return fail('bad_envelope', 'a message must be {channel, payload}', describeIssues(envelope.error));
    const name = envelope.data.channel;
    if (!isChannelName(name)) return fail('unknown_channel', `no channel named ${JSON.stringify(name.slice(0, 100))}`);
    const spec = channels[name];
    const handler = (handlers as Record<string, ((p: unknown, c: HandlerContext) => Promise<unknown>) | undefined>)[name];
    if (spec.to !== 'background' || !handler) return fail('unknown_channel', `${name} is not answered by the background`);
    const from = senderContext(sender, options.ownId, options.extensionOrigin);
    if (from !== spec.from) return fail('forbidden_sender', `${name} may only come from ${spec.from}, not ${from}`);
    const payload = spec.request.safeParse(envelope.data.payload);
    // The schema's own messages (written through issue()) reach the rep: a sequence with no name says so.
    if (!payload.success) return fail('bad_payload', `${name}: the payload does not match its schema`, describeIssues(payload.error), issuesWords(payload.error.issues));
    try {
      const data = await handler(payload.data, { tabId: sender.tab?.id });
      return { ok: true, data };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Words the handler gave its error reach the page, which says them in the rep's language.
      return fail('handler_failed', `${name}: ${message}`, undefined, wordsOfError(error));
    }
  };
}
