// Channels of the followup area. Each is declared once here and spread into lib/messages.ts.
export const followupChannels = {} as const;
