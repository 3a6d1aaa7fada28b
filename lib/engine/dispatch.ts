import type { FollowthroughDb } from '../db';
import { EngineEvent, eventId } from './events';

export interface Dispatched {
  id: string;
  /** True when this event was already recorded: it is not acted on again. */
  duplicate: boolean;
}

/**
 * Record an event once, by its id, as a pending row of the events table: the durable hand-off from the
 * areas that report events to the engine that runs rules on them. Throws on an invalid event.
 */
export async function recordEvent(db: FollowthroughDb, input: EngineEvent, at: number, depth = 0, causedBy?: string, chain?: string[]): Promise<Dispatched> {
  const event = EngineEvent.parse(input);
  const id = eventId(event);
  return db.transaction('rw', db.events, async () => {
    if (await db.events.get(id)) return { id, duplicate: true };
    await db.events.add({ id, type: event.type, event, status: 'pending', depth, causedBy, chain, at });
    return { id, duplicate: false };
  });
}
