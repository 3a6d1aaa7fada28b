import { z } from 'zod';

// The building blocks of a channel declaration, apart from lib/messages.ts so that each area's channel
// file (lib/channels/*.ts) can declare its own without an import cycle.

export type Context = 'gmail' | 'crm' | 'extension' | 'background';

export interface ChannelSpec<F extends Context, T extends Context, Req extends z.ZodType, Res extends z.ZodType> {
  from: F;
  to: T;
  kind: 'notice' | 'request';
  description: string;
  request: Req;
  response: Res;
}

export const channel = <F extends Context, T extends Context, Req extends z.ZodType, Res extends z.ZodType>(
  spec: ChannelSpec<F, T, Req, Res>,
) => spec;

export const Ack = z.object({ received: z.literal(true) });
