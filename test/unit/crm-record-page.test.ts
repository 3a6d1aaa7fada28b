import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecord } from '@/lib/crm/record-page';

// The readers against the committed CRM test pages (each template is what the app renders for one URL).

function render(crm: string, path: string) {
  const html = readFileSync(resolve(import.meta.dirname, `../crm-pages/${crm}/index.html`), 'utf8');
  document.documentElement.innerHTML = html.replace(/<!doctype html>/i, '');
  const t = [...document.querySelectorAll('template')].find((x) => (x as HTMLTemplateElement).dataset.path === path) as HTMLTemplateElement;
  for (const el of document.querySelectorAll('.active')) el.classList.remove('active');
  document.getElementById('app')!.replaceChildren(t.content.cloneNode(true));
  return document;
}

describe('reading the record a CRM page shows', () => {
  it('HubSpot contact and company', () => {
    expect(readRecord(render('hubspot', '/contacts/24681357/record/0-1/51234567801'), 'hubspot')).toEqual({ name: 'Priya Raman', email: 'priya.raman@acme-robotics.example' });
    // The help link in HubSpot's own navigation is outside the record and never read as the record's email.
    expect(readRecord(render('hubspot', '/contacts/24681357/record/0-2/18765432109'), 'hubspot')).toEqual({ name: 'Acme Robotics', email: undefined });
  });

  it('Salesforce contact: the active tab, not the hidden earlier one', () => {
    expect(readRecord(render('salesforce', '/lightning/r/Contact/003Hs00002AbCdEIAV/view'), 'salesforce')).toEqual({ name: 'Marcus Webb', email: 'marcus.webb@acme-robotics.example' });
    expect(readRecord(render('salesforce', '/lightning/r/Lead/00QHs00001XyZwVMAV/view'), 'salesforce')).toEqual({ name: 'Nia Buyer', email: 'nia@prospect.example' });
  });

  it('Pipedrive person and organization', () => {
    expect(readRecord(render('pipedrive', '/person/1042'), 'pipedrive')).toEqual({ name: 'Elena Sorensen', email: 'e.sorensen@northwind.example' });
    expect(readRecord(render('pipedrive', '/organization/311'), 'pipedrive')).toEqual({ name: 'Northwind Logistics', email: undefined });
  });

  it('never throws on a page that is not a record', () => {
    document.documentElement.innerHTML = '<body><a href="mailto:%E0%A4%A">broken</a></body>';
    expect(readRecord(document, 'pipedrive')).toEqual({ name: undefined, email: undefined });
  });
});
