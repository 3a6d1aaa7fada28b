// What the rep is told when connecting each CRM: the steps, the scopes and the field names, in one place
// with no dependencies so the popup and options pages can show them. Every line was checked against the
// vendor's own documentation and changelog on 2026-12-06 (details beside each connector).

/**
 * HubSpot: legacy private apps can no longer be created (account UI, from 2026-10-26 for every account);
 * HubSpot's replacement for account-level API access is the Service key (public beta), sent as a Bearer
 * token. These are HubSpot's scope names for what Followthrough reads and writes — there is no "emails" scope.
 */
export const HUBSPOT_SCOPES = ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.deals.read', 'crm.objects.owners.read', 'sales-email-read'] as const;

export const HUBSPOT_STEPS = [
  'In HubSpot, open Development → Keys → Service keys (you need to be a super admin or have Developer tools access).',
  'Click “Create service key” and name it “Followthrough”.',
  `Click “Add new scope” and add: ${HUBSPOT_SCOPES.join(', ')}.`,
  'Click Create, open the key, click Show, and copy it.',
  'Paste it below and press Connect. (A token of a legacy private app you already have, with these scopes, works too until HubSpot retires legacy apps in September 2027.)',
] as const;

export const PIPEDRIVE_STEPS = [
  'In Pipedrive, click your name (top right) → Personal preferences → API.',
  'Copy your personal API token, paste it below and press Connect.',
] as const;

/**
 * Salesforce: the scopes the sign-in asks for — `api` (REST API), `refresh_token` (the connection outlives the
 * org's session timeout) and `openid` (UserInfo, which names the connected account). Salesforce refuses a
 * request for a scope the app does not list, so the setup steps name exactly these.
 */
export const SALESFORCE_SCOPES = ['api', 'refresh_token', 'openid'] as const;

/**
 * What an admin does once in the org: new Connected Apps can no longer be created by default (since Spring
 * '26); an External Client App is the current way, and it enforces PKCE and refresh-token rotation. A
 * Connected App made earlier and set up the same way still works.
 */
export const SALESFORCE_SETUP_STEPS = [
  'In Salesforce, open Setup → Quick Find “External Client App Manager” → New External Client App.',
  'Name it “Followthrough”, give a contact email, and keep Distribution State “Local”.',
  'Under API (Enable OAuth Settings) tick Enable OAuth, and paste the callback URL shown here.',
  'Add the OAuth scopes “Manage user data via APIs (api)”, “Perform requests at any time (refresh_token, offline_access)” and “Access unique user identifiers (openid)”.',
  'Under Flow Enablement tick “Enable Authorization Code and Credentials Flow”. Under Security tick “Require Proof Key for Code Exchange (PKCE)” and untick “Require secret for Web Server Flow” and “Require secret for Refresh Token Flow”.',
  'Create the app, open its Settings → OAuth Settings → Consumer Key and Secret, and copy the Consumer Key (never the secret) into the field here.',
  'Pick where your users sign in, save, then use “Sign in with Salesforce” in Followthrough’s popup.',
] as const;
