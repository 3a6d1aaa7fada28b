import { describe, expect, it } from 'vitest';
import { DETECTORS, NOT_RECORDS, recordOf } from '@/lib/crm/pages';

describe('CRM record page detectors', () => {
  for (const { name, examples } of DETECTORS) {
    for (const example of examples) {
      it(`${example} is ${name} and nothing else`, () => {
        const url = new URL(example);
        for (const other of DETECTORS) expect(other.detect(url), `${other.name}(${example})`).toBe(other.name === name);
      });
    }
  }

  it.each(NOT_RECORDS)('%s is no record', (example) => {
    for (const d of DETECTORS) expect(d.detect(new URL(example)), d.name).toBe(false);
    expect(recordOf(new URL(example))).toBeUndefined();
  });

  it('reads the record id and type', () => {
    expect(recordOf(new URL('https://app.hubspot.com/contacts/24681357/record/0-1/51234567801'))).toEqual({ crm: 'hubspot', recordType: 'contact', recordId: '51234567801' });
    expect(recordOf(new URL('https://acme.lightning.force.com/lightning/r/Lead/00QHs00001XyZwVMAV/view'))).toEqual({ crm: 'salesforce', recordType: 'lead', recordId: '00QHs00001XyZwVMAV' });
    expect(recordOf(new URL('https://acme.pipedrive.com/organization/311'))).toEqual({ crm: 'pipedrive', recordType: 'organization', recordId: '311' });
  });
});
