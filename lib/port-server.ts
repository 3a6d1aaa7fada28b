import { z } from 'zod';
import { CONTENT_PORT, fromWire, toWire } from './port-client';
import type { SenderLike } from './sender';

// The background's end of the content scripts' port (lib/port-client.ts). The port is only a transport:
// every message on it goes through the same router as `runtime.sendMessage` (envelope, channel, sender,
// payload), with the sender the browser filled in when the port was opened (`Port.sender`), never a claim
// inside the message.

const Request = z.object({ id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), message: z.unknown() }).strict();

/** The part of `runtime.Port` the background uses. */
export interface ServedPort {
  name: string;
  sender?: SenderLike;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
}

export function servePort(port: ServedPort, route: (raw: unknown, sender: SenderLike) => Promise<unknown>, log: (message: string) => void = () => {}) {
  if (port.name !== CONTENT_PORT) {
    log(`refused port: unknown name ${JSON.stringify(String(port.name).slice(0, 100))}`);
    port.disconnect();
    return;
  }
  // Read once: the browser fills it in when the port opens; a page cannot change it afterwards.
  const sender: SenderLike = port.sender ?? {};
  port.onMessage.addListener((raw) => {
    const request = Request.safeParse(fromWire(raw));
    // No number to answer to: nothing can be sent back, so it is logged and dropped.
    if (!request.success) return log(typeof raw === 'string' ? 'refused port message: not JSON of {id, message}' : 'refused port message: not {id, message}');
    const { id, message } = request.data;
    void route(message, sender).then((reply) => {
      try {
        port.postMessage(toWire({ id, reply }));
      } catch {
        // The tab went away (or navigated) before the answer: nobody is waiting for it.
      }
    });
  });
}
