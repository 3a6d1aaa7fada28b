import { resolve, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUBSPOT_SCOPES } from '../../lib/crm/connect-help';
import { axeViolations, overflow, serious } from './audit';
import { BackgroundStore } from './pages/background-store';
import { ConnectForm, SalesforceSignInSetup } from './pages/crm-connect';
import { useExtensionBrowser } from './suite';

// The connect forms a new user follows, in the built extension: each CRM's steps (checked against the
// vendors' docs on 2026-12-06), Salesforce's sign-in set up in Options, and the README screenshots of each.

const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');
const e2e = useExtensionBrowser({ server: false });

describe('CRM connect forms', () => {
  it('HubSpot asks for a Service key with HubSpot’s own scope names, Pipedrive for its API token, Salesforce offers sign-in', async () => {
    const form = await ConnectForm.openPopup(e2e.browser.context, e2e.browser.extensionId!);

    await form.choose('HubSpot');
    const hubspot = await form.steps();
    expect(hubspot).toMatch(/Development → Keys → Service keys/);
    for (const scope of HUBSPOT_SCOPES) expect(hubspot).toContain(scope);
    expect(hubspot).not.toMatch(/\bemails scope\b/i);
    expect(await form.secretLabel()).toBe('Service key');
    await form.section.screenshot({ path: join(SHOTS, 'connect-hubspot.png') });

    await form.choose('Pipedrive');
    expect(await form.steps()).toMatch(/Personal preferences → API/);
    expect(await form.secretLabel()).toBe('API token');
    await form.section.screenshot({ path: join(SHOTS, 'connect-pipedrive.png') });

    await form.choose('Salesforce');
    await expect(form.signIn.isVisible()).resolves.toBe(true);
    expect(await form.steps()).toMatch(/Options → CRM sign-in/);
    expect(await form.secretLabel()).toBe('Access token');
    await form.section.screenshot({ path: join(SHOTS, 'connect-salesforce.png') });
    await form.page.close();
  });

  it('Options → CRM sign-in shows the callback URL to paste, the External Client App steps, and saves the Consumer Key', async () => {
    const setup = await SalesforceSignInSetup.open(e2e.browser.context, e2e.browser.extensionId!);
    // Chrome's identity redirect for this extension (the identity permission is not granted yet).
    expect(await setup.callbackUrl()).toBe(`https://${e2e.browser.extensionId}.chromiumapp.org/salesforce`);
    const steps = await setup.steps();
    expect(steps).toMatch(/External Client App Manager/);
    expect(steps).toMatch(/\(api\).*\(refresh_token, offline_access\).*\(openid\)/s);
    expect(steps).toMatch(/Require Proof Key for Code Exchange \(PKCE\)/);

    await setup.copyCallback();
    await expect.poll(() => setup.status.innerText()).toBe('Callback URL copied.');

    await setup.save('not a key');
    await expect.poll(() => setup.alert.innerText()).toMatch(/Consumer Key exactly/);
    await setup.save('3MVG9fTLmJ60pJ5Jx.e2e_consumer_key_0000000000', 'Sandbox (test.salesforce.com)');
    await expect.poll(() => setup.status.innerText()).toMatch(/Saved/);
    const settings = await new BackgroundStore(e2e.browser.worker!).settings();
    expect(settings.salesforceOAuth).toEqual({ clientId: '3MVG9fTLmJ60pJ5Jx.e2e_consumer_key_0000000000', loginUrl: 'https://test.salesforce.com' });
    await setup.section.screenshot({ path: join(SHOTS, 'connect-salesforce-setup.png') });
    await setup.page.close();
  });

  it('the connect form and the sign-in setup have no serious axe violations, light or dark, and fit 360 px', async () => {
    const found: Record<string, unknown> = {};
    for (const scheme of ['light', 'dark'] as const) {
      const form = await ConnectForm.openPopup(e2e.browser.context, e2e.browser.extensionId!);
      await form.page.emulateMedia({ colorScheme: scheme });
      for (const crm of ['HubSpot', 'Salesforce'] as const) {
        await form.choose(crm);
        found[`connect ${crm} ${scheme}`] = serious(await axeViolations(form.page));
      }
      const setup = await SalesforceSignInSetup.open(e2e.browser.context, e2e.browser.extensionId!);
      await setup.page.emulateMedia({ colorScheme: scheme });
      found[`sign-in setup ${scheme}`] = serious(await axeViolations(setup.page));
      await setup.page.setViewportSize({ width: 360, height: 900 });
      expect(await overflow(setup.page), 'sign-in setup at 360 px').toEqual([]);
      await Promise.all([form.page.close(), setup.page.close()]);
    }
    for (const [where, violations] of Object.entries(found)) expect(violations, where).toEqual([]);
  });
});
