// Channels of the crm area. Each is declared once here and spread into lib/messages.ts.
export const crmChannels = {} as const;
