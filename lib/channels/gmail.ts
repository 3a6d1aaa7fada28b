// Channels of the gmail area. Each is declared once here and spread into lib/messages.ts.
export const gmailChannels = {} as const;
