import ICAL from 'ical.js';

/** An invitation read back by ical.js (the maintained parser, not our own code): what its recipient's calendar sees. */
export function readIcs(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const ev = cal.getFirstSubcomponent('vevent')!;
  return {
    method: cal.getFirstPropertyValue('method'),
    uid: ev.getFirstPropertyValue('uid'),
    sequence: ev.getFirstPropertyValue('sequence'),
    status: ev.getFirstPropertyValue('status'),
    start: (ev.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime(),
    end: (ev.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().getTime(),
    attendees: ev.getAllProperties('attendee').map((a) => String(a.getFirstValue())),
  };
}
