import { defineContentScript } from 'wxt/utils/define-content-script';
import { installSyncHook } from '@/lib/gmail/network-hook';

// Gmail's MAIN world: observes Gmail's own sync requests to confirm sends (lib/gmail/network-hook.ts).
// document_start, so the hook is in place before Gmail's code keeps references to XHR/fetch.
export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: false,
  main() {
    installSyncHook(window);
  },
});
