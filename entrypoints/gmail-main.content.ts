import { defineContentScript } from 'wxt/utils/define-content-script';
import { installSyncHook } from '@/lib/gmail/network-hook';

// Gmail's MAIN world: observes Gmail's own sync requests to confirm sends (lib/gmail/network-hook.ts) and
// hands them to the isolated world through a private channel (lib/gmail/sync-channel.ts). document_start, so
// the hook is in place, and its handshake posted, before any page script runs.
export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: false,
  main() {
    installSyncHook(window);
  },
});
