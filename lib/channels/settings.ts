import { z } from 'zod';
import { channel } from '../channel';
import { Words } from '../words';

// Settings are written by the background only (lib/settings.ts SettingsStore): the popup and options page
// send a field-level patch and get the stored result back.

const Loaded = z.object({ settings: z.record(z.string(), z.unknown()), warnings: z.array(z.string().max(500)).max(50), warningWords: z.array(Words).max(50).optional() });

export const settingsChannels = {
  'settings.load': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'The settings as stored, with what was reset to its default and why.',
    request: z.strictObject({}),
    response: Loaded,
  }),
  'settings.update': channel({
    from: 'extension',
    to: 'background',
    kind: 'request',
    description: 'Change only the fields given, on top of what is stored now; an invalid value changes nothing and says why.',
    request: z.strictObject({ patch: z.record(z.string().max(100), z.unknown()) }),
    response: z.object({ settings: z.record(z.string(), z.unknown()) }),
  }),
};
