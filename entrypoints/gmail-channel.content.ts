import { defineContentScript } from 'wxt/utils/define-content-script';
import { acceptSyncChannel } from '@/lib/gmail/sync-channel';

// Gmail's isolated world at document_start: waits for the MAIN-world hook's handshake before any page
// script can post one (lib/gmail/sync-channel.ts). The send watcher (gmail.content, document_idle) shares
// this isolated world and subscribes to the channel.
export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_start',
  allFrames: false,
  main() {
    acceptSyncChannel(window);
  },
});
