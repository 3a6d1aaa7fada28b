// Channels of the engine area. Each is declared once here and spread into lib/messages.ts.
export const engineChannels = {} as const;
