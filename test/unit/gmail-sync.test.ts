import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fieldsToArrays,
  htmlToText,
  ownMessagesIn,
  parseJsonBody,
  parseSyncRequest,
  parseSyncResponse,
  REQUEST_LAYOUTS,
  RESPONSE_LAYOUTS,
  SYNC_FETCH_PATH,
  SYNC_PATH,
} from '@/lib/gmail/sync-parsers';
import { SyncMessage, SyncOwnMessage, SyncThreadMessage } from '@/lib/gmail/sync';

// Every real capture in test/fixtures/gmail/network (SOURCES.md: InboxSDK and gmail.js test data, MIT), what
// each must parse to. The tables were checked by hand against the files and against what InboxSDK's and
// gmail.js' own tests assert of the same captures (the upstream tables further down are theirs, as facts).

const DIR = resolve(import.meta.dirname, '../fixtures/gmail/network');
const load = (name: string): unknown => parseJsonBody(readFileSync(resolve(DIR, `${name}.json`), 'utf8'));
const emails = (list: { email: string }[]) => list.map((a) => a.email);

type Req = [kind: string, messageId: string, threadId: string, from: string | null, to: string[], cc: string[], bcc: string[], subject: string, body: string, replyTo: string | null];
/** Save requests: layout, then each message [kind, id, thread, from, to, cc, bcc, subject, text, replyTo]. */
const REQUESTS: Record<string, [string, Req[]]> = {
  "2018-01-25-draftSaveWithRecipients_request": ["object-2018-01", [
    ["draft", "msg-a:r-5205311597211900881", "thread-a:r-426046699948294006", "inboxsdktestdataonly@gmail.com", ["test+to@gmail.com","test+to2@gmail.com"], ["test+cc@gmail.com","test+cc2@gmail.com"], ["test+bcc@gmail.com","test+bcc2@gmail.com"], "new draft", "new new draft 2", null],
  ]],
  "2018-01-25-draftSave_request": ["object-2018-01", [
    ["draft", "msg-a:r-5205311597211900881", "thread-a:r-426046699948294006", "inboxsdktestdataonly@gmail.com", [], [], [], "new draft", "new new draft 2", null],
  ]],
  "2018-01-25-firstDraftSave_request": ["object-2018-01", [
    ["draft", "msg-a:r-5205311597211900881", "thread-a:r-426046699948294006", "inboxsdktestdataonly@gmail.com", [], [], [], "new draft", "new new draft", null],
  ]],
  "2018-01-25-send_request": ["object-2018-01", [
    ["send", "msg-a:r-5205311597211900881", "thread-a:r-426046699948294006", "inboxsdktestdataonly@gmail.com", ["test+to@test.com"], [], [], "new draft", "new new draft 2", null],
  ]],
  "2019-01-18-cvOffDraftSave_request": ["object-2018-01", [
    ["draft", "msg-a:r1172851975112249697", "thread-a:r-6484824435222735158", "cowan@streak.com", ["cowan@streak.com"], [], [], "x", "x", null],
  ]],
  "2019-01-18-cvOffReplyDraftSave_request": ["object-2018-01", [
    ["draft", "msg-a:r5342060334926697893", "thread-a:r-6484824435222735158", "cowan@streak.com", ["cowan@streak.com"], [], [], "Re: x", "y", "msg-a:r1172851975112249697"],
  ]],
  "2019-01-18-cvOffReplySend_request": ["object-2018-01", [
    ["send", "msg-a:r5342060334926697893", "thread-a:r-6484824435222735158", "cowan@streak.com", ["cowan@streak.com"], [], [], "Re: x", "y", "msg-a:r1172851975112249697"],
  ]],
  "2019-01-18-cvOffSend_request": ["object-2018-01", [
    ["send", "msg-a:r1172851975112249697", "thread-a:r-6484824435222735158", "cowan@streak.com", ["cowan@streak.com"], [], [], "x", "x", null],
  ]],
  "2019-01-18-cvOnReplyDraftSave_request": ["object-2018-01", [
    ["draft", "msg-a:r-4742963983885267953", "thread-a:r8235801758805685576", "cowan@streak.com", ["cowan@streak.com"], [], [], "Re: ", "x", "msg-a:r-3147389712012403088"],
  ]],
  "2019-01-18-cvOnReplySend_request": ["object-2018-01", [
    ["send", "msg-a:r-4742963983885267953", "thread-a:r8235801758805685576", "cowan@streak.com", ["cowan@streak.com"], [], [], "Re: ", "x", "msg-a:r-3147389712012403088"],
  ]],
  "2019-01-18-cvOnSend_request": ["object-2018-01", [
    ["send", "msg-a:r-3147389712012403088", "thread-a:r8235801758805685576", "cowan@streak.com", ["cowan@streak.com"], [], [], "", "", null],
  ]],
  "2019-05-29-cvOnDraftSave_request": ["object-2018-01", [
    ["draft", "msg-a:r4410172531046441555", "thread-a:r-5923235777735080743", "cowan@streak.com", [], [], [], "", "a", null],
  ]],
  "2022-09-09-cvOnDraftSaveBatched_request": ["array-2022-09", [
    ["draft", "msg-a:r171568093711739042", "thread-a:r3299110183418933622", "test@gmail.com", ["test+test2@outlook.com"], [], [], "", "sdff\nfsd\nfsdf", null],
  ]],
  "2022-09-09-cvOnDraftSave_request": ["array-2022-09", [
    ["draft", "msg-a:r8190137112111191537", "thread-a:r263523620390330024", "test@gmail.com", [], [], [], "subject_111", "a", null],
  ]],
  "2022-09-09-cvOnDraftUpdate_2_request": ["array-2022-09", [
    ["draft", "msg-a:r-9122305152175603305", "thread-a:r-1030145228305804508", "test@test.com", ["test+to@test.com"], ["test+cc@test.com"], ["test+bcc@test.com"], "test subject", "test body", null],
  ]],
  "2022-09-09-cvOnDraftUpdate_request": ["array-2022-09", [
    ["draft", "msg-a:r8190137112111191537", "thread-a:r263523620390330024", "test@gmail.com", [], [], [], "subject_111", "ab", null],
  ]],
  "2022-09-09-cvOnReplyDraftSave_request": ["array-2022-09", [
    ["draft", "msg-a:r-8480821811518170896", "thread-f:1746035685735370050", "test@gmail.com", ["notifications@streak.com"], [], [], "Re: Your scheduled email did NOT send!", "aostnuhaeu", "msg-f:1746035685735370050"],
  ]],
  "2022-09-09-cvOnReplyDraftUpdate_2_request": ["array-2022-09", [
    ["draft", "msg-a:r7241715802500133864", "thread-a:r-1030145228305804508", "test@test.com", ["test+to@test.com"], ["test+cc@test.com","test+cc2@test.com"], ["test+bcc2@test.com"], "Re: test subject", "test reply body", "msg-a:r-9122305152175603305"],
  ]],
  "2022-09-09-cvOnReplyDraftUpdate_3_request": ["array-2022-09", [
    ["draft", "msg-a:r9206449609684993976", "thread-a:r-2602384757092328293", "test@test.com", ["test+to@gmail.com"], [], [], "Re: test_subject", "b2", "msg-a:r-5927579399657060923"],
  ]],
  "2022-09-09-cvOnReplyDraftUpdate_request": ["array-2022-09", [
    ["draft", "msg-a:r-8480821811518170896", "thread-f:1746035685735370050", "test@gmail.com", ["notifications@streak.com"], [], [], "Re: Your scheduled email did NOT send!", "fish sticks", "msg-f:1746035685735370050"],
  ]],
  "2022-09-09-cvOnReplySend_2_request": ["array-2022-09", [
    ["send", "msg-a:r2026878197680476540", "thread-f:1743802434391390786", "test@streak.com", ["test@streak.com"], [], [], "Re: hey2", "hey hey", "msg-a:r726552832812233575"],
  ]],
  "2022-09-09-cvOnReplySend_3_request": ["array-2022-09", [
    ["send", "msg-a:r7241715802500133864", "thread-a:r-1030145228305804508", "test@test.com", ["test+to@test.com"], ["test+cc@test.com","test+cc2@test.com"], ["test+bcc2@test.com"], "Re: test subject", "test reply body\nᐧ", "msg-a:r-9122305152175603305"],
  ]],
  "2022-09-09-cvOnReplySend_4_request": ["array-2022-09", [
    ["send", "msg-a:r9206449609684993976", "thread-a:r-2602384757092328293", "test@test.com", ["test+to@gmail.com"], [], [], "Re: test_subject", "b2\nᐧ", "msg-a:r-5927579399657060923"],
  ]],
  "2022-09-09-cvOnReplySend_5_request": ["array-2022-09", [
    ["send", "msg-a:r5645180764593433440", "thread-a:r-7504980498209780070", "test@test.com", ["test+to@gmail.com"], [], [], "Re: test subject 4", "b", "msg-a:r2752434536700201264"],
  ]],
  "2022-09-09-cvOnReplySend_request": ["array-2022-09", [
    ["send", "msg-a:r-414184523264894368", "thread-a:r-474834441621213468", "test@streak.com", ["test@streak.com"], [], [], "Re: tracking test", "foo2 (no tracking)", "msg-a:r7744570131872413250"],
  ]],
  "2022-09-09-cvOnSend_2customThreadId_request": ["array-2022-09", [
    ["send", "msg-a:r8190137112111191537", "thread-a:r263523620390330024", "test@gmail.com", ["test+1@gmail.com"], [], [], "subject_111", "ab", null],
  ]],
  "2022-09-09-cvOnSend_3_request": ["array-2022-09", [
    ["send", "msg-a:r-329565169840451245", "thread-a:r-8891700334768116294", "test@test.com", ["test+to@test.com"], ["test+cc@test.com"], ["test+bcc@test.com"], "test subject", "test body\nᐧ", null],
  ]],
  "2022-09-09-cvOnSend_4_request": ["array-2022-09", [
    ["draft", "msg-a:r8190137112111191537", "thread-a:r263523620390330024", "test@gmail.com", [], [], [], "subject_111", "ab", null],
    ["send", "msg-a:r-329565169840451245", "thread-a:r-8891700334768116294", "test@test.com", ["test+to@test.com"], ["test+cc@test.com"], ["test+bcc@test.com"], "test subject", "test body\nᐧ", null],
  ]],
  "2022-09-09-cvOnSend_request": ["array-2022-09", [
    ["send", "msg-a:r8190137112111191537", "thread-a:r263523620390330024", "test@gmail.com", ["test+1@gmail.com"], [], [], "subject_111", "ab", null],
  ]],
};

type Res = [state: string, messageId: string, threadId: string, legacyMessageId: string | null, legacyThreadId: string | null, from: string | null, to: string[], cc: string[], at: number | null];
/** Answers: layout, each whole message [state, id, thread, legacy id, legacy thread id, from, to, cc, date], messages held as a label change only, the rep's own sent messages. */
const RESPONSES: Record<string, [string, Res[], string[], string[]]> = {
  "2018-03-08-threadFetch_response": ["object-2018-01/thread", [
    ["other", "msg-f:1594407458713395417", "thread-f:1594407458713395417", null, null, "notifications@mailfoogae.appspotmail.com", ["billingchanges@streak.com","sales@streak.com"], [], 1520545443261],
  ], [], []],
  "2018-03-14-threadFetch_response": ["object-2018-01/thread", [
    ["other", "msg-f:1594506202591635145", "thread-f:1594506202591635145", null, null, "sara@streak.com", ["eng@streak.com"], [], 1520639612762],
    ["other", "msg-f:1594508744604132981", "thread-f:1594506202591635145", null, null, "michael@streak.com", ["sara@streak.com"], ["eng@streak.com"], 1520642037014],
    ["other", "msg-f:1594509071530617554", "thread-f:1594506202591635145", null, null, "sara@streak.com", ["michael@streak.com"], ["eng@streak.com"], 1520642348795],
    ["other", "msg-f:1594959172652759326", "thread-f:1594506202591635145", null, null, "michael@streak.com", ["sara@streak.com"], ["eng@streak.com"], 1521071598675],
  ], [], []],
  "2018-07-09-threadFetch_response": ["object-2018-01/thread", [
    ["other", "msg-f:1600484990382419037", "thread-f:1600484990382419037", "1636109e7816ac5d", "1636109e7816ac5d", "notifications@streak.com", ["cowan@streak.com"], [], 1526341429121],
  ], [], []],
  "2019-01-18-cvOffDraftSave_response": ["object-2018-01/update", [
    ["other", "msg-f:1622952667964122704", "thread-f:1622952667964122704", "1685e2da4d462650", "1685e2da4d462650", "tyler@rollbar.com", ["cowan@streak.com"], [], 1547768276213],
    ["other", "msg-f:1622952231851166400", "thread-f:1622913409083306301", "1685e274c2ea8ac0", "1685bf25a1a0f13d", "amiramk@gmail.com", ["cowan@streak.com"], ["inboxsdk@googlegroups.com"], 1547767860662],
    ["other", "msg-f:1622952131514190833", "thread-f:1622952131514190833", "1685e25d665dcbf1", "1685e25d665dcbf1", "omar@streak.com", ["eng@streak.com"], [], 1547767764903],
    ["other", "msg-f:1622935505952504537", "thread-f:1622932484256765644", "1685d33e75aafad9", "1685d07eea9116cc", "sam@streak.com", ["andrew@streak.com"], ["eng@streak.com"], 1547751908908],
    ["draft", "msg-a:r1172851975112249697", "thread-a:r-6484824435222735158", "16863e786439335a", "16863e786439335a", "cowan@streak.com", ["cowan@streak.com"], [], 1547864344081],
  ], [], []],
  "2019-01-18-cvOffReplyDraftSave_response": ["object-2018-01/update", [
    ["sent", "msg-a:r1172851975112249697", "thread-a:r-6484824435222735158", "16863eb04bbf6f14", "16863e786439335a", "cowan@streak.com", ["cowan@streak.com"], [], 1547864572618],
    ["draft", "msg-a:r5342060334926697893", "thread-a:r-6484824435222735158", "16863f2f591b2a8f", "16863e786439335a", "cowan@streak.com", ["cowan@streak.com"], [], 1547865092605],
  ], [], ["msg-a:r1172851975112249697"]],
  "2019-01-18-cvOffReplySend_response": ["object-2018-01/update", [
    ["sent", "msg-a:r1172851975112249697", "thread-a:r-6484824435222735158", "16863eb04bbf6f14", "16863e786439335a", "cowan@streak.com", ["cowan@streak.com"], [], 1547864572618],
    ["sent", "msg-a:r5342060334926697893", "thread-a:r-6484824435222735158", "16863f5d2b7ddd8d", "16863e786439335a", "cowan@streak.com", ["cowan@streak.com"], [], 1547865280656],
  ], [], ["msg-a:r1172851975112249697","msg-a:r5342060334926697893"]],
  "2019-01-18-cvOffSend_response": ["object-2018-01/update", [
    ["sent", "msg-a:r1172851975112249697", "thread-a:r-6484824435222735158", "16863eb04bbf6f14", "16863e786439335a", "cowan@streak.com", ["cowan@streak.com"], [], 1547864572618],
  ], ["msg-a:r1172851975112249697"], ["msg-a:r1172851975112249697"]],
  "2019-01-18-cvOnReplyDraftSave_response": ["object-2018-01/update", [
    ["sent", "msg-a:r-3147389712012403088", "thread-a:r8235801758805685576", "1686397056a0a53c", "168639635416079a", "cowan@streak.com", ["cowan@streak.com"], [], 1547859067835],
    ["draft", "msg-a:r-4742963983885267953", "thread-a:r8235801758805685576", "16863d1fe47a5415", "168639635416079a", "cowan@streak.com", ["cowan@streak.com"], [], 1547862932860],
  ], [], ["msg-a:r-3147389712012403088"]],
  "2019-01-18-cvOnReplySend_response": ["object-2018-01/update", [

  ], ["msg-a:r-4742963983885267953"], []],
  "2019-01-18-cvOnSend_response": ["object-2018-01/update", [

  ], ["msg-a:r-3147389712012403088"], []],
  "2019-05-29-cvOnDraftSave_response": ["object-2018-01/update", [
    ["draft", "msg-a:r4410172531046441555", "thread-a:r-5923235777735080743", "16b069351bf08519", "16b069351bf08519", "cowan@streak.com", [], [], 1559183445219],
  ], [], []],
  "2021-10-01-gmailjs-threadFetch_response": ["object-2018-01/thread", [
    ["draft", "msg-a:r-4871072856822866136", "thread-a:r-4872725344334517560", "17c3d9041ec7d0a5", "17c3d9041ec7d0a5", "user@gmail.com", [], [], 1633120436716],
    ["sent", "msg-a:r-4871072856822866136", "thread-a:r-4872725344334517560", "17c3d9364dec527d", "17c3d9041ec7d0a5", "user@gmail.com", ["user@gmail.com"], [], 1633120642270],
  ], [], ["msg-a:r-4871072856822866136"]],
  "2022-09-09-cvOnDraftSaveBatched_response": ["array-2022-09/update", [
    ["sent", "msg-a:r-173578382580458011", "thread-a:r-175230870092109435", "185ac55d43cf8449", "185ac55b4cde8c29", "test@gmail.com", ["test+test1@outlook.com"], [], 1673633584145],
    ["draft", "msg-a:r171568093711739042", "thread-a:r3299110183418933622", "185ac55f9930b088", "185ac55f9930b088", "test@gmail.com", ["test+test2@outlook.com"], [], 1673633593003],
  ], [], ["msg-a:r-173578382580458011"]],
  "2022-09-09-cvOnDraftSave_response": ["array-2022-09/update", [
    ["draft", "msg-a:r8190137112111191537", "thread-a:r263523620390330024", "183234ce86ffa010", "183234ce86ffa010", "test@gmail.com", [], [], 1662744585968],
  ], [], []],
  "2022-09-09-cvOnDraftUpdate_2_response": ["array-2022-09/update", [
    ["draft", "msg-a:r-9122305152175603305", "thread-a:r-1030145228305804508", "183fcbefc9f0d769", "183fcbe5afa22467", "test@test.com", ["test+to@test.com"], ["test+cc@test.com"], 1666392717746],
  ], [], []],
  "2022-09-09-cvOnDraftUpdate_response": ["array-2022-09/update", [
    ["draft", "msg-a:r8190137112111191537", "thread-a:r263523620390330024", "183234e210caa042", "183234ce86ffa010", "test@gmail.com", [], [], 1662744665764],
  ], [], []],
  "2022-09-09-cvOnReplyDraftSave_response": ["array-2022-09/update", [
    ["other", "msg-f:1746035685735370050", "thread-f:1746035685735370050", "183b2a348d698d42", "183b2a348d698d42", "notifications@streak.com", ["test@gmail.com"], [], 1665149388905],
    ["draft", "msg-a:r-8480821811518170896", "thread-f:1746035685735370050", "183b3f46fdd71d6d", "183b2a348d698d42", "test@gmail.com", ["notifications@streak.com"], [], 1665171483754],
  ], [], []],
  "2022-09-09-cvOnReplyDraftUpdate_2_response": ["array-2022-09/update", [
    ["sent", "msg-a:r-9122305152175603305", "thread-a:r-1030145228305804508", "183fcc01e9f327b3", "183fcbe5afa22467", "test@test.com", ["test+to@test.com"], ["test+cc@test.com"], 1666392792070],
    ["draft", "msg-a:r7241715802500133864", "thread-a:r-1030145228305804508", "183fcc0bcf2875d8", "183fcbe5afa22467", "test@test.com", ["test+to@test.com"], ["test+cc@test.com","test+cc2@test.com"], 1666392832772],
  ], [], ["msg-a:r-9122305152175603305"]],
  "2022-09-09-cvOnReplyDraftUpdate_3_response": ["array-2022-09/update", [
    ["sent", "msg-a:r-987146525494671789", "thread-a:r-2602384757092328293", "185c12a9b3d184e5", "185c12a5072cb2fa", "test@test.com", ["test+to@gmail.com"], [], 1673983072523],
    ["sent", "msg-a:r-5927579399657060923", "thread-a:r-2602384757092328293", "185c12ac26105087", "185c12a5072cb2fa", "test@test.com", ["test+to@gmail.com"], [], 1673983082605],
    ["draft", "msg-a:r9206449609684993976", "thread-a:r-2602384757092328293", "185c12c05154feaa", "185c12a5072cb2fa", "test@test.com", ["test+to@gmail.com"], [], 1673983165221],
    ["sent", "msg-a:r-4757395453927560778", "thread-a:r-2602384757092328293", "185c12ad1a4a4ed9", "185c12a5072cb2fa", "test@test.com", ["test+to@gmail.com"], [], 1673983086693],
  ], [], ["msg-a:r-987146525494671789","msg-a:r-5927579399657060923","msg-a:r-4757395453927560778"]],
  "2022-09-09-cvOnReplyDraftUpdate_response": ["array-2022-09/update", [
    ["other", "msg-f:1746035685735370050", "thread-f:1746035685735370050", "183b2a348d698d42", "183b2a348d698d42", "notifications@streak.com", ["test@gmail.com"], [], 1665149388905],
    ["draft", "msg-a:r-8480821811518170896", "thread-f:1746035685735370050", "183b3f64980e72a8", "183b2a348d698d42", "test@gmail.com", ["notifications@streak.com"], [], 1665171605260],
  ], [], []],
  "2022-09-09-cvOnReplySend_2_response": ["array-2022-09/update", [
    ["other", "msg-f:1743802434391390786", "thread-f:1743802434391390786", "18333b13345c3a42", "18333b13345c3a42", null, [], [], 1663019594553],
    ["sent", "msg-a:r726552832812233575", "thread-f:1743802434391390786", "18333b1721425d97", "18333b13345c3a42", null, [], [], 1663019610383],
    ["sent", "msg-a:r2026878197680476540", "thread-f:1743802434391390786", "18333b1f5712f659", "18333b13345c3a42", null, [], [], 1663019643605],
  ], [], []],
  "2022-09-09-cvOnReplySend_3_response": ["array-2022-09/update", [
    ["sent", "msg-a:r-9122305152175603305", "thread-a:r-1030145228305804508", "183fcc01e9f327b3", "183fcbe5afa22467", "test@test.com", ["test+to@test.com"], ["test+cc@test.com"], 1666392792070],
    ["sent", "msg-a:r7241715802500133864", "thread-a:r-1030145228305804508", "183fcc3c75f0255e", "183fcbe5afa22467", "test@test.com", ["test+to@test.com"], ["test+cc@test.com","test+cc2@test.com"], 1666393031985],
  ], [], ["msg-a:r-9122305152175603305","msg-a:r7241715802500133864"]],
  "2022-09-09-cvOnReplySend_4_response": ["array-2022-09/update", [
    ["sent", "msg-a:r-987146525494671789", "thread-a:r-2602384757092328293", "185c12a9b3d184e5", "185c12a5072cb2fa", "test@test.com", ["test+to@gmail.com"], [], 1673983072523],
    ["sent", "msg-a:r-5927579399657060923", "thread-a:r-2602384757092328293", "185c12ac26105087", "185c12a5072cb2fa", "test@test.com", ["test+to@gmail.com"], [], 1673983082605],
    ["sent", "msg-a:r9206449609684993976", "thread-a:r-2602384757092328293", "185c13432b3eb04b", "185c12a5072cb2fa", "test@test.com", ["test+to@gmail.com"], [], 1673983701144],
    ["sent", "msg-a:r-4757395453927560778", "thread-a:r-2602384757092328293", "185c12ad1a4a4ed9", "185c12a5072cb2fa", "test@test.com", ["test+to@gmail.com"], [], 1673983086693],
  ], [], ["msg-a:r-987146525494671789","msg-a:r-5927579399657060923","msg-a:r9206449609684993976","msg-a:r-4757395453927560778"]],
  "2022-09-09-cvOnReplySend_5_response": ["array-2022-09/update", [
    ["sent", "msg-a:r2752434536700201264", "thread-a:r-7504980498209780070", "185c15382b7788de", "185c1536996a61dc", "test+from@gmail.com", ["test+to@gmail.com"], [], 1673985753592],
    ["sent", "msg-a:r5645180764593433440", "thread-a:r-7504980498209780070", "185c153a4f028cb5", "185c1536996a61dc", "test+from@gmail.com", ["test+to@gmail.com"], [], 1673985762041],
  ], [], ["msg-a:r2752434536700201264","msg-a:r5645180764593433440"]],
  "2022-09-09-cvOnReplySend_response": ["array-2022-09/update", [
    ["sent", "msg-a:r-479791895566233148", "thread-a:r-474834441621213468", "18332e4402de515c", "18332e4292f304f1", "test@streak.com", ["test@streak.com"], [], 1663006162863],
    ["sent", "msg-a:r-2712450803414803423", "thread-a:r-474834441621213468", "18332e4a757c30ca", "18332e4292f304f1", "test@streak.com", ["test@streak.com"], [], 1663006188642],
    ["sent", "msg-a:r2224388755617838800", "thread-a:r-474834441621213468", "18332f451c9c9709", "18332e4292f304f1", "test@streak.com", ["test@streak.com"], [], 1663007215516],
    ["sent", "msg-a:r2127150336728437377", "thread-a:r-474834441621213468", "18332f532b96855e", "18332e4292f304f1", "test@streak.com", ["test@streak.com"], [], 1663007273221],
    ["sent", "msg-a:r6359356565960800612", "thread-a:r-474834441621213468", "18332f94d0c2ae6b", "18332e4292f304f1", "test@streak.com", ["test@streak.com"], [], 1663007542113],
    ["sent", "msg-a:r-7370745507881797270", "thread-a:r-474834441621213468", "18332f9c0f181bbe", "18332e4292f304f1", "test@streak.com", ["test@streak.com"], [], 1663007571805],
    ["sent", "msg-a:r-3652088545609408249", "thread-a:r-474834441621213468", "183330838c6df82f", "18332e4292f304f1", "test@streak.com", ["test@streak.com"], [], 1663008519974],
    ["sent", "msg-a:r7744570131872413250", "thread-a:r-474834441621213468", "1833309098eb25f4", "18332e4292f304f1", "test@streak.com", ["test@streak.com"], [], 1663008573469],
    ["sent", "msg-a:r-414184523264894368", "thread-a:r-474834441621213468", "1833309f6f6ac78f", "18332e4292f304f1", "test@streak.com", ["test@streak.com"], [], 1663008634218],
  ], [], ["msg-a:r-479791895566233148","msg-a:r-2712450803414803423","msg-a:r2224388755617838800","msg-a:r2127150336728437377","msg-a:r6359356565960800612","msg-a:r-7370745507881797270","msg-a:r-3652088545609408249","msg-a:r7744570131872413250","msg-a:r-414184523264894368"]],
  "2022-09-09-cvOnSend_2customThreadId_response": ["array-2022-09/update", [
    ["sent", "msg-a:r8190137112111191537", "thread-a:r263523620390330024", "183234eaadcf41e5", "183234ce86ffa010", "test@gmail.com", ["test+1@gmail.com"], [], 1662744701149],
  ], [], ["msg-a:r8190137112111191537"]],
  "2022-09-09-cvOnSend_3_response": ["array-2022-09/update", [
    ["sent", "msg-a:r-329565169840451245", "thread-a:r-8891700334768116294", "183fcc5cc03fea78", "183fcc554fa6f2dd", "test@test.com", ["test+to@test.com"], ["test+cc@test.com"], 1666393164210],
  ], [], ["msg-a:r-329565169840451245"]],
  "2022-09-09-cvOnSend_4_response": ["array-2022-09/update", [
    ["draft", "msg-a:r8190137112111191537", "thread-a:r263523620390330024", "183234e210caa042", "183234ce86ffa010", "test@gmail.com", [], [], 1662744665764],
    ["sent", "msg-a:r-329565169840451245", "thread-a:r-8891700334768116294", "183fcc5cc03fea78", "183fcc554fa6f2dd", "test@test.com", ["test+to@test.com"], ["test+cc@test.com"], 1666393164210],
  ], [], ["msg-a:r-329565169840451245"]],
  "2022-09-09-cvOnSend_response": ["array-2022-09/update", [
    ["sent", "msg-a:r8190137112111191537", "thread-a:r263523620390330024", "183234eaadcf41e5", "183234ce86ffa010", "test@gmail.com", ["test+1@gmail.com"], [], 1662744701149],
  ], [], ["msg-a:r8190137112111191537"]],
  "2022-09-13-gmailjs-threadFetch_response": ["array-2022-09/thread", [
    ["other", "msg-f:1743836977043622489", "thread-f:1743836977043622489", "18335a7dcae04a59", "18335a7dcae04a59", "jostein@secure.kjonigsen.net", ["jostein@gmail.com"], [], 1663052536832],
    ["other", "msg-f:1743836737294347280", "thread-f:1743836737294347280", "18335a45f8b4ac10", "18335a45f8b4ac10", "jostein@secure.kjonigsen.net", ["jostein@gmail.com"], [], 1663052308262],
    ["other", "msg-f:1743836743950419315", "thread-f:1743836743950419315", "18335a4785704573", "18335a4785704573", "jostein@secure.kjonigsen.net", ["jostein@gmail.com"], [], 1663052315077],
    ["other", "msg-f:1743836984656416025", "thread-f:1743836984656416025", "18335a7f90a24d19", "18335a7f90a24d19", "jostein@secure.kjonigsen.net", ["jostein@gmail.com"], [], 1663052544509],
    ["other", "msg-f:1743836728797845896", "thread-f:1743836728797845896", "18335a43fe465988", "18335a43fe465988", "jostein@secure.kjonigsen.net", ["jostein@gmail.com"], [], 1663052300221],
  ], [], []],

};

describe('every real capture', () => {
  it('is in a table above, and every table entry is a file', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...Object.keys(REQUESTS), ...Object.keys(RESPONSES)].sort());
    expect(Object.keys(REQUESTS)).toHaveLength(29);
    expect(Object.keys(RESPONSES)).toHaveLength(30);
  });

  for (const [name, [layout, want]] of Object.entries(REQUESTS)) {
    it(`${name}: ${layout}, ${want.map((m) => m[0]).join(' + ')}`, () => {
      const { layout: got, messages, problems } = parseSyncRequest(load(name));
      expect(problems).toEqual([]);
      expect(got).toBe(layout);
      expect(messages.map((m): Req => [m.kind, m.messageId, m.threadId, m.from?.email ?? null, emails(m.to), emails(m.cc), emails(m.bcc), m.subject, m.bodyText, m.replyTo ?? null])).toEqual(want);
      for (const m of messages) {
        expect(SyncMessage.parse(m)).toEqual(m);
        expect(m.at).toBeGreaterThan(Date.UTC(2018, 0, 1));
      }
    });
  }

  for (const [name, [layout, want, changed, own]] of Object.entries(RESPONSES)) {
    it(`${name}: ${layout}, ${want.length} message(s), ${own.length} own`, () => {
      const parsed = parseSyncResponse(load(name));
      expect(parsed.problems).toEqual([]);
      expect(parsed.layout).toBe(layout);
      expect(parsed.messages.map((m): Res => [m.state, m.messageId, m.threadId, m.legacyMessageId ?? null, m.legacyThreadId ?? null, m.from?.email ?? null, emails(m.to), emails(m.cc), m.at ?? null])).toEqual(want);
      expect(parsed.stored.filter((s) => s.fromLabelChange).map((s) => s.messageId)).toEqual(changed);
      const mine = ownMessagesIn(parsed);
      expect(mine.own.map((o) => o.messageId)).toEqual(own);
      for (const m of parsed.messages) expect(SyncThreadMessage.parse(m)).toEqual(m);
      for (const o of mine.own) expect(SyncOwnMessage.parse(o)).toEqual(o);
    });
  }

  it('every save request’s sent or saved message is held by Gmail’s answer beside it', () => {
    const pairs = Object.keys(REQUESTS).filter((n) => `${n.replace('_request', '_response')}` in RESPONSES);
    expect(pairs).toHaveLength(25);
    for (const name of pairs) {
      const held = new Set(parseSyncResponse(load(name.replace('_request', '_response'))).stored.map((s) => s.messageId));
      for (const m of parseSyncRequest(load(name)).messages) expect(held.has(m.messageId), `${name}: ${m.messageId}`).toBe(true);
    }
  });
});

// What InboxSDK's interceptor test (src/injected-js/gmail/setup-gmail-interceptor.test.ts, commit a8a6fe2c)
// expects of the same captures: the message, its thread, its legacy ids and RFC Message-ID.
const INBOXSDK: [capture: string, type: 'sent' | 'draft', messageId: string, threadId: string, legacyMessageId?: string, legacyThreadId?: string, rfcId?: string][] = [
  ['2019-01-18-cvOnSend', 'sent', 'msg-a:r-3147389712012403088', 'thread-a:r8235801758805685576'],
  ['2019-01-18-cvOnReplyDraftSave', 'draft', 'msg-a:r-4742963983885267953', 'thread-a:r8235801758805685576', '16863d1fe47a5415', '168639635416079a', '<CAL_Ays9L8FwQPteKmM4fj9J-4R76XMxAyxPmR7U=U1YwJ=4Zmw@mail.gmail.com>'],
  ['2019-05-29-cvOnDraftSave', 'draft', 'msg-a:r4410172531046441555', 'thread-a:r-5923235777735080743', '16b069351bf08519', '16b069351bf08519', '<CAL_Ays9Vr38qeL9=MsYHm069xbzkf5qyAsPd+PDF6cOH6UHgWw@mail.gmail.com>'],
  ['2019-01-18-cvOnReplySend', 'sent', 'msg-a:r-4742963983885267953', 'thread-a:r8235801758805685576'],
  ['2019-01-18-cvOffSend', 'sent', 'msg-a:r1172851975112249697', 'thread-a:r-6484824435222735158', '16863eb04bbf6f14', '16863e786439335a', '<CAL_Ays_bOq9jhw5e3e1x7cBS9uYpqnGLYf8YnjrVZhM2e3q2xQ@mail.gmail.com>'],
  ['2019-01-18-cvOffReplyDraftSave', 'draft', 'msg-a:r5342060334926697893', 'thread-a:r-6484824435222735158', '16863f2f591b2a8f', '16863e786439335a', '<CAL_Ays_CH2SPfzcVvRNkh6HQ+gF4REhq-vLLBrocRHYsfF9DKQ@mail.gmail.com>'],
  ['2019-01-18-cvOffReplySend', 'sent', 'msg-a:r5342060334926697893', 'thread-a:r-6484824435222735158', '16863f5d2b7ddd8d', '16863e786439335a', '<CAL_Ays8zR1gD3aWK2a=c9+nuLXQVOUUjg2EZPTFeCLNmFN59Ug@mail.gmail.com>'],
  ['2022-09-09-cvOnDraftSave', 'draft', 'msg-a:r8190137112111191537', 'thread-a:r263523620390330024', '183234ce86ffa010', '183234ce86ffa010', '<CAFsK+UTN=z14aGfUY8=uw7O3yEmn2_ciGoq0o22SeK8dC4kkRw@mail.gmail.com>'],
  ['2022-09-09-cvOnDraftUpdate', 'draft', 'msg-a:r8190137112111191537', 'thread-a:r263523620390330024', '183234e210caa042', '183234ce86ffa010', '<CAFsK+USFooaLjvYfUz4QLdCqAQS_PunKeWVvQgpso31w2PkPMA@mail.gmail.com>'],
  ['2022-09-09-cvOnSend', 'sent', 'msg-a:r8190137112111191537', 'thread-a:r263523620390330024', '183234eaadcf41e5', '183234ce86ffa010', '<CAFsK+UQf12W_Efo3+hwj+BWb+sk8DaGQkrOoBOU38nHafAHJ4Q@mail.gmail.com>'],
  ['2022-09-09-cvOnSend_2customThreadId', 'sent', 'msg-a:r8190137112111191537', 'thread-a:r263523620390330024', '183234eaadcf41e5', '183234ce86ffa010', '<CAFsK+UQf12W_Efo3+hwj+BWb+sk8DaGQkrOoBOU38nHafAHJ4Q@mail.gmail.com>'],
  ['2022-09-09-cvOnReplySend', 'sent', 'msg-a:r-414184523264894368', 'thread-a:r-474834441621213468', '1833309f6f6ac78f', '18332e4292f304f1', '<CAFxDt-NBAWENo5CdNqGdhzQcsu9rvLERnKDGh_4h5ikqnpf8wA@mail.gmail.com>'],
  ['2022-09-09-cvOnReplySend_2', 'sent', 'msg-a:r2026878197680476540', 'thread-f:1743802434391390786', '18333b1f5712f659', '18333b13345c3a42', '<CAFxDt-NiTcOcChGTdnjfqAW4x-A6VaVkW=jd2y8jE1bJajCULg@mail.gmail.com>'],
  ['2022-09-09-cvOnReplyDraftSave', 'draft', 'msg-a:r-8480821811518170896', 'thread-f:1746035685735370050', '183b3f46fdd71d6d', '183b2a348d698d42', '<CAF9MChDSw8XuwCujg22rOq_GWvVnox18mduqhVU8n=Nt+fF+tA@mail.gmail.com>'],
  ['2022-09-09-cvOnReplyDraftUpdate', 'draft', 'msg-a:r-8480821811518170896', 'thread-f:1746035685735370050', '183b3f64980e72a8', '183b2a348d698d42', '<CAF9MChCxDJ-7o=k2qnsD_JAMz9hBwU6uSO7TpeyeznRSQVywqg@mail.gmail.com>'],
  ['2022-09-09-cvOnDraftSaveBatched', 'draft', 'msg-a:r171568093711739042', 'thread-a:r3299110183418933622', '185ac55f9930b088', '185ac55f9930b088', '<CAGx7AOSwKKeFbDNBTd+xXtNK4QTXAcVC7Avr2z5Vr8sK=FM7Ww@mail.gmail.com>'],
  ['2022-09-09-cvOnDraftUpdate_2', 'draft', 'msg-a:r-9122305152175603305', 'thread-a:r-1030145228305804508', '183fcbefc9f0d769', '183fcbe5afa22467', '<CAGx7AORFVLcZ_3sE54WvX3+bb6CkVrds8Nu27Je+atJRLy8DsQ@mail.gmail.com>'],
  ['2022-09-09-cvOnSend_3', 'sent', 'msg-a:r-329565169840451245', 'thread-a:r-8891700334768116294', '183fcc5cc03fea78', '183fcc554fa6f2dd', '<CAGx7AOQiYaKpc6Zb5=+mRqU3K-WF+G3KxmmaYKdzCisHqSaRAQ@mail.gmail.com>'],
  ['2022-09-09-cvOnSend_4', 'sent', 'msg-a:r-329565169840451245', 'thread-a:r-8891700334768116294', '183fcc5cc03fea78', '183fcc554fa6f2dd', '<CAGx7AOQiYaKpc6Zb5=+mRqU3K-WF+G3KxmmaYKdzCisHqSaRAQ@mail.gmail.com>'],
  ['2022-09-09-cvOnReplyDraftUpdate_2', 'draft', 'msg-a:r7241715802500133864', 'thread-a:r-1030145228305804508', '183fcc0bcf2875d8', '183fcbe5afa22467', '<CAGx7AOT3v9AK8-PdxP+zGJwCXOYsDxLm8BF2QvufxFK_BtO5WA@mail.gmail.com>'],
  ['2022-09-09-cvOnReplyDraftUpdate_3', 'draft', 'msg-a:r9206449609684993976', 'thread-a:r-2602384757092328293', '185c12c05154feaa', '185c12a5072cb2fa', '<CAGx7AORVTxnFB3C_dyNbFNCCJMs_HQ0Chd6mq+24NERJrYSrYw@mail.gmail.com>'],
  ['2022-09-09-cvOnReplySend_3', 'sent', 'msg-a:r7241715802500133864', 'thread-a:r-1030145228305804508', '183fcc3c75f0255e', '183fcbe5afa22467', '<CAGx7AOR_=mWqD-p+Di3YbkA+zKP5Hk57LOhMUY5J1-=rCF+Vmg@mail.gmail.com>'],
  ['2022-09-09-cvOnReplySend_4', 'sent', 'msg-a:r9206449609684993976', 'thread-a:r-2602384757092328293', '185c13432b3eb04b', '185c12a5072cb2fa', '<CAGx7AOREcWgHg9fjp0oT3hV4kt_6Wu6O0W9-hzuFuv2jbQdbVw@mail.gmail.com>'],
  ['2022-09-09-cvOnReplySend_5', 'sent', 'msg-a:r5645180764593433440', 'thread-a:r-7504980498209780070', '185c153a4f028cb5', '185c1536996a61dc', '<CAGx7AOTGUP2_JUYoZioTKJLFOx1L0-Rhuzd2h9KwOgDr2ZXrWw@mail.gmail.com>'],
];

describe('what InboxSDK’s own tests expect of the same captures', () => {
  for (const [capture, type, messageId, threadId, legacyMessageId, legacyThreadId, rfcId] of INBOXSDK) {
    it(`${capture}: ${type} ${messageId}`, () => {
      const request = parseSyncRequest(load(`${capture}_request`));
      expect(request.messages.find((m) => m.messageId === messageId)).toMatchObject({ kind: type === 'sent' ? 'send' : 'draft', threadId });
      const answer = parseSyncResponse(load(`${capture}_response`));
      expect(answer.stored.find((s) => s.messageId === messageId)).toMatchObject({ threadId, labels: expect.arrayContaining([type === 'sent' ? '^f' : '^r']) });
      if (legacyMessageId) {
        const m = answer.messages.find((x) => x.messageId === messageId);
        expect(m).toMatchObject({ threadId, legacyMessageId, legacyThreadId, rfcMessageId: rfcId, state: type });
      }
    });
  }
});

describe('what gmail.js’ tests expect of its captures', () => {
  it('2022-09-13 thread fetch: five threads of one message each, ids, legacy ids, sender', () => {
    const { messages } = parseSyncResponse(load('2022-09-13-gmailjs-threadFetch_response'));
    expect(messages).toHaveLength(5);
    expect(messages[0]).toMatchObject({
      messageId: 'msg-f:1743836977043622489',
      legacyMessageId: '18335a7dcae04a59',
      // gmail.js keeps `thread-f:1743836977043622489|msg-f:1743836977043622489`; the thread is the part before `|`.
      threadId: 'thread-f:1743836977043622489',
      rfcMessageId: '<491e0008-2936-f0e2-171a-3d696268b5b7@secure.kjonigsen.net>',
      subject: 'Test email 4',
      from: { name: 'Jostein Kjønigsen', email: 'jostein@secure.kjonigsen.net' },
      to: [{ name: 'Jostein Kjønigsen', email: 'jostein@gmail.com' }],
      cc: [],
      bcc: [],
    });
  });

  it('2021-10-01 thread fetch (object layout): the draft, then the sent message, by the same id', () => {
    const { messages } = parseSyncResponse(load('2021-10-01-gmailjs-threadFetch_response'));
    expect(messages.map((m) => [m.messageId, m.legacyMessageId, m.threadId, m.state, m.subject, m.at, m.from?.email, m.from?.name, m.to.length, m.rfcMessageId])).toEqual([
      ['msg-a:r-4871072856822866136', '17c3d9041ec7d0a5', 'thread-a:r-4872725344334517560', 'draft', 'test subject', 1633120436716, 'user@gmail.com', 'First Last', 0, '<CAMiVxa0a5q7XjJspKZ3UEk0AuxY46ES6AXOZWcj-A1MWNZbUWQ@mail.gmail.com>'],
      ['msg-a:r-4871072856822866136', '17c3d9364dec527d', 'thread-a:r-4872725344334517560', 'sent', 'test subject', 1633120642270, 'user@gmail.com', 'First Last', 1, '<CAMiVxa2V12sQtPvzoDe-HssF4-HXf3uouNCM2RBntb54nX4uag@mail.gmail.com>'],
    ]);
  });
});

describe('the misreads this layer used to make', () => {
  it('a batched draft save: the answer holds the draft in its second thread, and another compose’s send in its first', () => {
    const answer = parseSyncResponse(load('2022-09-09-cvOnDraftSaveBatched_response'));
    expect(answer.stored.map((s) => [s.threadId, s.messageId])).toEqual([
      ['thread-a:r-175230870092109435', 'msg-a:r-173578382580458011'],
      ['thread-a:r3299110183418933622', 'msg-a:r171568093711739042'],
    ]);
    expect(ownMessagesIn(answer).own).toEqual([
      {
        messageId: 'msg-a:r-173578382580458011',
        threadId: 'thread-a:r-175230870092109435',
        legacyMessageId: '185ac55d43cf8449',
        legacyThreadId: '185ac55b4cde8c29',
        rfcMessageId: expect.stringMatching(/^<CAGx7AOSdr0csk8U=4q.*@mail\.gmail\.com>$/),
        from: { name: 'Test A. Test', email: 'test@gmail.com' },
        to: [{ name: 'Testy', email: 'test+test1@outlook.com' }],
        cc: [],
        bcc: [],
        subject: 'a 9',
        at: 1673633584145,
        labels: ['^a', '^all', '^f', '^f_bt', '^f_cl', '^pfg'],
        layout: 'array-2022-09/update',
      },
    ]);
  });

  it('a request saving one draft and sending another: both read, both held by the answer', () => {
    const request = parseSyncRequest(load('2022-09-09-cvOnSend_4_request'));
    expect(request.messages.map((m) => [m.kind, m.messageId])).toEqual([
      ['draft', 'msg-a:r8190137112111191537'],
      ['send', 'msg-a:r-329565169840451245'],
    ]);
    const held = parseSyncResponse(load('2022-09-09-cvOnSend_4_response')).stored.map((s) => s.messageId);
    expect(held).toEqual(['msg-a:r8190137112111191537', 'msg-a:r-329565169840451245']);
  });

  it('a thread id with the message it was opened from (`thread-a:r…|msg-a:r…`) is that thread', () => {
    const [m] = parseSyncRequest(load('2022-09-09-cvOnSend_2customThreadId_request')).messages;
    expect(m).toMatchObject({ kind: 'send', threadId: 'thread-a:r263523620390330024', messageId: 'msg-a:r8190137112111191537' });
  });

  it('an answer holding a send only as a label change (2019-01-18): held, not taken for a whole message', () => {
    const answer = parseSyncResponse(load('2019-01-18-cvOnSend_response'));
    expect(answer.messages).toEqual([]);
    expect(answer.stored).toEqual([{ messageId: 'msg-a:r-3147389712012403088', threadId: 'thread-a:r8235801758805685576', labels: ['^f'], fromLabelChange: true }]);
  });

  it('legacy ids come from their documented places ([55] message, [19] thread), not from the last element', () => {
    const body = structuredClone(load('2022-09-09-cvOnSend_response')) as unknown[][];
    const message = (body as any)[1][5][0][0][2][6][0][4][0] as unknown[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    message.push('0123456789abcdef'); // a field Gmail might add after [55]
    expect(parseSyncResponse(body).messages[0]).toMatchObject({ legacyMessageId: '183234eaadcf41e5', legacyThreadId: '183234ce86ffa010' });
  });

  it('a scrubbed capture whose sent messages have no readable sender: a named problem, not an own message', () => {
    const mine = ownMessagesIn(parseSyncResponse(load('2022-09-09-cvOnReplySend_2_response')));
    expect(mine.own).toEqual([]);
    expect(mine.problems).toEqual([
      'sent message msg-a:r726552832812233575: no sender in the array-2022-09/update answer',
      'sent message msg-a:r2026878197680476540: no sender in the array-2022-09/update answer',
    ]);
  });
});

describe('scheduled sends (InboxSDK 2025-02-06 processor, gmail.js): `^scheduled`', () => {
  // No public capture of a scheduled send exists: these are the real 2022-09-09 cvOnSend capture with its
  // label list changed as the 2025-02-06 processor documents, and say so.
  const withLabels = (name: string, path: number[], labels: string[]) => {
    const body = structuredClone(load(name));
    let target: any = body; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const k of path) target = target[k];
    target[10] = labels;
    return body;
  };
  const REQUEST_MESSAGE = [1, 0, 0, 1, 1, 13, 0];
  const ANSWER_MESSAGE = [1, 5, 0, 0, 2, 6, 0, 4, 0];

  it('a request scheduling a send is `scheduled`, never a send, even with `^pfg` beside it', () => {
    for (const labels of [['^all', '^scheduled', '^f_bt'], ['^all', '^pfg', '^scheduled']]) {
      const [m] = parseSyncRequest(withLabels('2022-09-09-cvOnSend_request', REQUEST_MESSAGE, labels)).messages;
      expect(m).toMatchObject({ kind: 'scheduled', messageId: 'msg-a:r8190137112111191537', to: [{ email: 'test+1@gmail.com' }] });
    }
  });

  it('waiting: not an own message; cancelled (a draft again): not an own message; gone out (`^f`): an own message, dated by the message', () => {
    const waiting = parseSyncResponse(withLabels('2022-09-09-cvOnSend_response', ANSWER_MESSAGE, ['^all', '^scheduled', '^f']));
    expect(waiting.messages[0]!.state).toBe('scheduled');
    expect(ownMessagesIn(waiting).own).toEqual([]);
    const cancelled = parseSyncResponse(withLabels('2022-09-09-cvOnSend_response', ANSWER_MESSAGE, ['^all', '^r', '^r_bt']));
    expect(cancelled.messages[0]!.state).toBe('draft');
    expect(ownMessagesIn(cancelled).own).toEqual([]);
    const sent = parseSyncResponse(withLabels('2022-09-09-cvOnSend_response', ANSWER_MESSAGE, ['^all', '^f', '^f_bt']));
    expect(ownMessagesIn(sent).own).toEqual([expect.objectContaining({ messageId: 'msg-a:r8190137112111191537', at: 1662744701149 })]);
  });
});

describe('dated layouts, tried in turn', () => {
  it('are listed newest first, each with the date of the capture it was written from', () => {
    expect(REQUEST_LAYOUTS.map((l) => [l.id, l.since])).toEqual([
      ['array-2022-09', '2022-09-09'],
      ['object-2018-01', '2018-01-25'],
    ]);
    expect(RESPONSE_LAYOUTS.map((l) => [l.id, l.since])).toEqual([
      ['array-2022-09/update', '2022-09-09'],
      ['array-2022-09/thread', '2022-09-13'],
      ['object-2018-01/update', '2019-01-18'],
      ['object-2018-01/thread', '2018-03-08'],
    ]);
  });

  it('the object layout is the array layout with field N at index N-1', () => {
    expect(fieldsToArrays({ '2': { '1': [{ '1': 'a', '3': ['x'] }] }, '4': 7 })).toEqual([null, [[['a', null, ['x']]]], null, 7]);
    expect(fieldsToArrays({ a: 1 })).toEqual({ a: 1 });
    expect(fieldsToArrays({})).toEqual({});
  });

  it('a body no layout knows is one problem naming what each layout missed', () => {
    expect(parseSyncRequest({ hello: 1 })).toEqual({
      layout: null,
      messages: [],
      problems: ['sync request in no known layout (array-2022-09: not a JSON array; object-2018-01: not an object with field-number keys)'],
    });
    expect(parseSyncRequest([1, 2]).problems).toEqual(['sync request in no known layout (array-2022-09: no item list at [1][0]; object-2018-01: not an object with field-number keys)']);
    expect(parseSyncResponse({ '1': 0 }).problems).toEqual([
      'sync answer in no known layout (array-2022-09/update: no thread updates at [1][5]; array-2022-09/thread: no thread list at [1]; object-2018-01/update: no thread updates at "2"."6"; object-2018-01/thread: no thread list at "2")',
    ]);
  });

  it('Gmail’s sync paths, any account index, with or without `/u/N`', () => {
    for (const path of ['/sync/u/0/i/s', '/sync/u/0/i/s?hl=en&c=32', '/sync/u/12/i/s?c=1', '/sync/i/s?hl=en']) expect(SYNC_PATH.test(path), path).toBe(true);
    for (const path of ['/sync/u/0/i/fd', '/sync/u/0/i/s2', '/sync/u/x/i/s', '/mail/u/0/sync/u/0/i/s', '/sync/u/0/i/bv']) expect(SYNC_PATH.test(path), path).toBe(false);
    for (const path of ['/sync/u/0/i/fd', '/sync/u/3/i/fd?rt=r&pt=ji', '/sync/i/fd']) expect(SYNC_FETCH_PATH.test(path), path).toBe(true);
    expect(SYNC_FETCH_PATH.test('/sync/u/0/i/s')).toBe(false);
  });
});

describe('bad input never throws and says what was wrong', () => {
  const texts = ['2022-09-09-cvOnSend_request', '2022-09-09-cvOnReplySend_response', '2019-01-18-cvOffReplySend_request', '2018-03-14-threadFetch_response'].map((n) =>
    readFileSync(resolve(DIR, `${n}.json`), 'utf8'),
  );

  it('truncated bodies: a cut text is not JSON (the hook reports it); a cut structure is read without an exception', () => {
    for (const text of texts) for (let cut = 1; cut < text.length - 1; cut += 37) expect(() => parseJsonBody(text.slice(0, cut).trimEnd())).toThrow();
    // Every list in every capture cut to its first half, one at a time: what is read stays well-formed.
    let cuts = 0;
    for (const text of texts) {
      const real = JSON.parse(text) as unknown;
      const lists: (number | string)[][] = [];
      const walk = (x: unknown, path: (number | string)[]) => {
        if (Array.isArray(x) && x.length > 0) lists.push(path);
        if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) walk(v, [...path, Array.isArray(x) ? Number(k) : k]);
      };
      walk(real, []);
      for (const path of lists) {
        const copy = structuredClone(real);
        let target: any = copy; // eslint-disable-line @typescript-eslint/no-explicit-any
        for (const k of path) target = target[k];
        target.length = Math.floor(target.length / 2);
        cuts++;
        const request = parseSyncRequest(copy);
        for (const m of request.messages) expect(SyncMessage.safeParse(m).success).toBe(true);
        const answer = parseSyncResponse(copy);
        for (const m of answer.messages) expect(SyncThreadMessage.safeParse(m).success).toBe(true);
        if (request.layout === null) expect(request.problems).toEqual([expect.stringMatching(/^sync request in no known layout/)]);
        if (answer.layout === null) expect(answer.problems).toEqual([expect.stringMatching(/^sync answer in no known layout/)]);
      }
    }
    expect(cuts).toBeGreaterThan(150);
  });

  it('garbled shapes: a named problem each', () => {
    const cases: [unknown, RegExp][] = [
      [null, /no known layout \(array-2022-09: not a JSON array; object-2018-01: not an object/],
      ['[[1]]', /not a JSON array/],
      [[], /no item list at \[1\]\[0\]/],
      [[null, [[[10, ['thread-a:r1', null]]]]], /item 0: no operation array/],
      [[null, [[[10, ['not-a-thread', [null, [[]]]]]]]], /item 0: no Gmail thread id/],
      [[null, [[[10, ['thread-a:r1|nope', [null, [[]]]]]]]], /item 0: no Gmail thread id/],
      [[null, [[[10, ['thread-a:r1', [null, [['msg-x:1']]]]]]]], /item 0 op\[1\]: no Gmail message id/],
      [[null, [[[10, ['thread-a:r1', [null, null, [['', null, 1, 'thread-a:r1', 'oops']]]]]]]], /item 0 op\[2\]: no message list/],
      [[null, [[42]]], /item 0: not \[n, \[threadId, op\]\]/],
      [{ '2': { '1': [{ '1': '5', '2': { '1': 'thread-a:r1', '2': { '14': { '1': { '1': 'nope' } } } } }] } }, /item 0 op\[13\]: no Gmail message id/],
      [{ '2': { '9': 1 } }, /object-2018-01: no item list at "2"."1"/],
    ];
    for (const [body, problem] of cases) {
      const out = parseSyncRequest(body);
      expect(out.messages).toEqual([]);
      expect(out.problems.join('\n')).toMatch(problem);
    }
    expect(parseSyncResponse([null, [0, null, null, null, null, [[['no-thread']]]]]).problems).toEqual(['thread update 0: no Gmail thread id at [0][0]']);
    expect(parseSyncResponse([null, [0, null, null, null, null, [[['thread-a:r1', null, [null, null, null, null, null, null, [['x', null, null, 'thread-a:r1', [['bad']]]]]]]]]]).problems).toEqual([
      'thread update 0 message 0: no Gmail message id at [0]',
    ]);
  });

  it('a message with strange fields keeps what is valid and drops bad addresses', () => {
    const body = [null, [[[10, ['thread-a:r5', [null, [['msg-a:r6', [1, 'not an email'], [[1, 'ok@example.com', 'Ok'], [1, 42], 'x'], null, null, null, 'soon', 7, 'nope', null, ['^pfg']]]]]]]]];
    const { messages } = parseSyncRequest(body);
    expect(messages).toEqual([
      expect.objectContaining({ kind: 'send', messageId: 'msg-a:r6', from: undefined, to: [{ name: 'Ok', email: 'ok@example.com' }], subject: '', bodyText: '', at: undefined }),
    ]);
  });

  it('nesting deeper than any Gmail body: a problem, not a stack overflow', () => {
    let deep: unknown = { '1': 'x' };
    for (let i = 0; i < 5000; i++) deep = { '1': deep };
    expect(parseSyncRequest(deep).problems).toEqual(['sync request unreadable: nested too deep']);
    expect(parseSyncResponse(deep).problems).toEqual(['sync answer unreadable: nested too deep']);
  });

  it('any JSON value: never throws (property-based)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        const request = parseSyncRequest(value);
        if (request.layout === null) expect([request.messages.length, request.problems.length]).toEqual([0, 1]);
        const answer = parseSyncResponse(value);
        if (answer.layout === null) expect([answer.messages.length, answer.problems.length]).toEqual([0, 1]);
        expect(Array.isArray(ownMessagesIn(answer).own)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('random mutations of real captures: never throws, and whatever is read is well-formed', () => {
    const reals = texts.map((t) => JSON.parse(t) as unknown);
    const paths = reals.map((real) => {
      const out: (number | string)[][] = [];
      const walk = (x: unknown, path: (number | string)[]) => {
        out.push(path);
        if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) walk(v, [...path, Array.isArray(x) ? Number(k) : k]);
      };
      walk(real, []);
      return out;
    });
    fc.assert(
      fc.property(fc.nat(reals.length - 1), fc.nat(), fc.jsonValue({ maxDepth: 2 }), (which, pick, replacement) => {
        const copy = structuredClone(reals[which]) as Record<string | number, unknown>;
        const all = paths[which]!;
        const path = all[1 + (pick % (all.length - 1))]!;
        let target: any = copy; // eslint-disable-line @typescript-eslint/no-explicit-any
        for (const k of path.slice(0, -1)) target = target[k];
        target[path.at(-1)!] = replacement;
        for (const m of parseSyncRequest(copy).messages) expect(SyncMessage.safeParse(m).success).toBe(true);
        const answer = parseSyncResponse(copy);
        for (const m of answer.messages) expect(SyncThreadMessage.safeParse(m).success).toBe(true);
        for (const o of ownMessagesIn(answer).own) expect(SyncOwnMessage.safeParse(o).success).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('htmlToText', () => {
  it('keeps lines, decodes entities, drops tags', () => {
    expect(htmlToText('<div dir="ltr">Hi&nbsp;Priya,<br>price: 29 &amp; up &#8364;<div>Sam</div></div>')).toBe('Hi Priya,\nprice: 29 & up €\nSam');
  });
});
