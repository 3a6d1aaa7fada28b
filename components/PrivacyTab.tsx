import type { ReactNode } from 'react';

const STORED: [string, string][] = [
  ['Contacts, companies and deals', 'Your local CRM: who people are, where they work and what you are selling them.'],
  ['Threads and messages', 'Subjects, participants and the text of threads you opened or sent, so logs and follow-ups can be made without asking Gmail again.'],
  ['Activities', 'What was logged on each contact’s timeline.'],
  ['Suggestions and reminders', 'Follow-ups and drafts Followthrough proposed, and the reminders you accepted.'],
  ['Rules and the automation log', 'Your SOP as rules, and a record of every automatic action with what it takes to undo it.'],
  ['Queues', 'Work waiting to be done (a CRM write, a retry), so nothing is lost when the browser stops the extension.'],
  ['Settings', 'Your domains, never-log list, hours, cadence and AI provider, in the extension’s storage.'],
];

/** What Followthrough stores, where, and what ever leaves the device. */
export function PrivacyTab({ children }: { children?: ReactNode }) {
  return (
    <section aria-labelledby="privacy-title">
      <h1 id="privacy-title">About and privacy</h1>
      <p>Followthrough is a copilot for your sales email. It works locally: it logs, remembers and suggests inside this browser, and you decide what happens.</p>
      <h2>What is stored</h2>
      <dl className="defs">
        {STORED.map(([what, why]) => (
          <div key={what}>
            <dt>{what}</dt>
            <dd className="muted">{why}</dd>
          </div>
        ))}
      </dl>
      <h2>Where</h2>
      <p>In this browser profile only: an IndexedDB database named “followthrough” and the extension’s local storage. CRM sign-ins and the AI provider’s key are kept apart, in a database named “followthrough-secrets” that pages you visit (Gmail, your CRM) cannot read. Which tab shows which Gmail view is kept in session storage and forgotten when the browser closes. Nothing is synced to your Google account.</p>
      <h2>What leaves the device</h2>
      <ul className="bullets">
        <li>Nothing, by default. Followthrough makes no network requests of its own: no analytics, no telemetry, no update checks beyond the browser’s.</li>
        <li>If you connect a CRM (HubSpot, Pipedrive, Salesforce), the records you log are sent to that CRM’s API, and only after you grant access to its address.</li>
        <li>If you choose an AI provider, the text needed for a draft you ask for goes to that provider only, with addresses and phone numbers redacted. Every call is listed under “AI log”.</li>
      </ul>
      {children}
      <h2>What is never logged</h2>
      <p>Mail between your own domains, personal webmail and automated senders (no-reply, notifications) are skipped unless you turn that on, and anything on your never-log list is skipped always.</p>
      <h2>Your control</h2>
      <p>Export everything or delete everything from the Data tab at any time: deleting also forgets CRM sign-ins and keys and gives back every access you granted. Uninstalling the extension removes all of it.</p>
    </section>
  );
}
