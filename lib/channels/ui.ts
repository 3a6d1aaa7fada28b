// Channels of the ui area. Each is declared once here and spread into lib/messages.ts.
export const uiChannels = {} as const;
