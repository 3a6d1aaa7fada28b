// Channels of the drafts area. Each is declared once here and spread into lib/messages.ts.
export const draftsChannels = {} as const;
