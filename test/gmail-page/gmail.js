// The Gmail test page's behaviour: hash navigation, inbox list, thread view, compose dialogs, inline reply,
// Undo Send and Gmail's sync requests. Plain JS served as is (no build step), so it runs in any browser.
//
// Facts about Gmail are dated where they are used. Sources, read 2026-11: InboxSDK's GMAIL selectors and
// test data (MIT), gmail.js's DOM helpers (MIT), Briskine and Mailvelope's Gmail integrations, and the
// 2022-09 network captures in test/fixtures/gmail/network.

const $ = (sel, root = document) => root.querySelector(sel);
const main = $('[role="main"]');
const nav = $('#ft-nav');
const composeRow = $('#ft-compose-row');
const alertBox = $('.b8.UC');
const undoSeconds = Number(document.body.dataset.undoSeconds ?? '5');
const pageLoadedAt = Date.now();

/** @type {{ account: {name: string, email: string}, threads: any[] }} */
let mailbox = { account: { name: '', email: '' }, threads: [] };

// ---- Variant modes ------------------------------------------------------------------------------------------
// `?ftVariant=a,b` (before the hash) renders the page as Gmail has been seen to render it since 2025, each
// variant from a public source:
// - `perm-undefined` / `perm-absent`: `h2.hP` with `data-thread-perm-id="undefined"`, or none at all
//   (InboxSDK 1b0ea3b9, 2025-11-10; PR #1284, 2025-11-25).
// - `stale-views`: earlier thread views stay in the page, hidden with `display: none` (InboxSDK's thread views
//   are found per view element, never the first in the document).
// - `collapsed`: all but the last message collapsed, `div.kv` with a `div.adf.ads` header and no message id
//   (InboxSDK gmail-message-view getViewState: `kv` collapsed, `h7` expanded).
// - `localized`: a Russian UI: date titles and the "кому: …, копия: …" line in Russian.
// - `split-pane`: vertical split list rows, 2–3 `tr.zA.apv` per thread, the last `apw` (InboxSDK
//   thread-row-parser tests, 2014-12 and 2015-01 captures).
// - `second-reply-bar`: a second, hidden `div.amn` reply bar before the visible one (InboxSDK 240ca0ea,
//   2025-11-10, "A/B testing where one might be hidden").
// - `quote-adl`: quoted history as plain text in `div.adL` under a `div.adm` "…" row, no gmail_quote.
// - `fresh-ids`: each time a thread is drawn its messages carry ids the page has not shown before (the low 20 bits
//   of the legacy id, below the send time, change), as when the rep opens a thread whose mail is new to this
//   page. Not a Gmail change: it lets the bench measure a first read where it opens one thread again and again.
// `all` turns on every one but `perm-absent` and `fresh-ids`.
const VARIANTS = ['perm-undefined', 'perm-absent', 'stale-views', 'collapsed', 'localized', 'split-pane', 'second-reply-bar', 'quote-adl', 'fresh-ids'];
const variants = new Set(
  (new URLSearchParams(location.search).get('ftVariant') ?? '')
    .split(',')
    .flatMap((v) => (v === 'all' ? VARIANTS.filter((x) => x !== 'perm-absent' && x !== 'fresh-ids') : [v]))
    .filter((v) => VARIANTS.includes(v)),
);
const variant = (name) => variants.has(name);
const RU = variant('localized');
const staleViews = [];
let uid = 0;
const nextUid = () => `:${(++uid).toString(36)}`;

// Gmail 2022-09 (captures): ids made in the page session are `thread-a:r<signed 64-bit decimal>` and
// `msg-a:r<…>`; stored mail is `thread-f:<decimal>` / `msg-f:<decimal>`, whose hex form is the legacy id.
function sessionId(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  if (n >= 1n << 63n) n -= 1n << 64n;
  return `${prefix}:r${n}`;
}
const legacyOf = (id) => (/^(?:thread|msg)-f:(\d+)$/.test(id) ? BigInt(id.split(':')[1]).toString(16) : undefined);

function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const isMe = (p) => p.email.toLowerCase() === mailbox.account.email.toLowerCase();
const firstName = (p) => (isMe(p) ? 'me' : (p.name || p.email).split(/\s+/)[0]);

// Gmail 2026-11: list dates read "Nov 24" (this year) or "9:41 AM" (today); the title holds the full date.
const fullDate = (d) =>
  new Date(d).toLocaleString(RU ? 'ru-RU' : 'en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
const shortDate = (d) => new Date(d).toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
const headerDate = (d) => new Date(d).toLocaleString(RU ? 'ru-RU' : 'en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });

function threadByToken(token) {
  return mailbox.threads.find((t) => t.token === token);
}
const lastMessage = (t) => t.messages[t.messages.length - 1];
const threadSubject = (t) => t.subject;

function route() {
  const [path] = decodeURIComponent(location.hash.replace(/^#/, '')).split('?');
  const parts = (path || 'inbox').split('/').filter(Boolean);
  const token = parts.length >= 2 ? parts[parts.length - 1] : undefined;
  const thread = token ? threadByToken(token) : undefined;
  return { list: parts[0] || 'inbox', thread, token };
}

function listThreads(list) {
  const all = [...mailbox.threads].sort((a, b) => Date.parse(lastMessage(b).date) - Date.parse(lastMessage(a).date));
  if (list === 'inbox') return all.filter((t) => t.labels.includes('^i'));
  if (list === 'sent') return all.filter((t) => t.messages.some((m) => isMe(m.from)));
  if (list === 'all') return all;
  return [];
}

function renderNav() {
  const { list } = route();
  const unread = listThreads('inbox').filter((t) => t.unread).length;
  const item = (id, label, count) =>
    `<div class="aim${list === id ? ' ain' : ''}"><a href="#${id}" class="J-Ke n0" aria-label="${label}${count ? ` ${count} unread` : ''}">${label}</a>` +
    `${count ? `<div class="bsU">${count}</div>` : ''}</div>`;
  nav.innerHTML = item('inbox', 'Inbox', unread) + item('starred', 'Starred') + item('sent', 'Sent') + item('drafts', 'Drafts') + item('all', 'All Mail');
}

// ---- Inbox list ---------------------------------------------------------------------------------------------
// Gmail 2026-11 (gmail.js `dom.inbox_content`, InboxSDK `thread-row-view`): rows are `tr.zA`, `zE` when unread
// and `yO` when read; senders are `span[email][name]` in `td.yX > div.yW` (`zF` bold when unread, `yP` read);
// the subject is `span.bog` inside `div.y6`, the snippet `span.y2`; the thread ids sit on a span inside the
// subject: `data-thread-id="#thread-f:…"` and `data-legacy-thread-id` (hex), plus the last message's legacy id.
function senderSpans(t) {
  const seen = new Map();
  for (const m of t.messages) seen.set(m.from.email.toLowerCase(), m.from);
  const people = [...seen.values()].slice(-3);
  const bold = t.unread ? 'zF' : 'yP';
  const spans = people.map((p) => `<span class="${bold}" email="${esc(p.email)}" name="${esc(firstName(p))}" data-hovercard-id="${esc(p.email)}">${esc(firstName(p))}</span>`);
  const count = t.messages.length > 1 ? `<span class="bx0">${t.messages.length}</span>` : '';
  return `<span class="bA4">${spans.join(', ')}</span>${count}`;
}

function rowHtml(t) {
  if (variant('split-pane')) return splitRowsHtml(t);
  const last = lastMessage(t);
  const legacy = legacyOf(t.id);
  const lastLegacy = last.legacyId ?? legacyOf(last.id);
  const ids = `data-thread-id="#${esc(t.id)}"${legacy ? ` data-legacy-thread-id="${legacy}"` : ''}${lastLegacy ? ` data-legacy-last-message-id="${lastLegacy}" data-legacy-last-non-draft-message-id="${lastLegacy}"` : ''}`;
  const snippet = last.body.replace(/\s+/g, ' ').slice(0, 140);
  return (
    `<tr class="zA ${t.unread ? 'zE' : 'yO'}" id="${nextUid()}" role="row" tabindex="-1" draggable="false" data-ft-token="${esc(t.token)}">` +
    `<td class="oZ-x3 xY" role="gridcell"><div class="oZ-jc T-Jo J-J5-Ji" role="checkbox" aria-checked="false" tabindex="-1"></div></td>` +
    `<td class="apU xY" role="gridcell"><span class="T-KT" aria-label="Not starred" role="button"></span></td>` +
    `<td class="WA xY" role="gridcell"></td>` +
    `<td class="yX xY" role="gridcell"><div class="yW">${senderSpans(t)}</div></td>` +
    `<td class="xY a4W" role="gridcell"><div class="xS" role="link"><div class="xT"><div class="y6">` +
    `<span class="bog"><span class="bqe" ${ids}>${esc(threadSubject(t))}</span></span></div>` +
    `<span class="y2"><span class="Zt">&nbsp;-&nbsp;</span>${esc(snippet)}</span></div></div></td>` +
    `<td class="xW xY" role="gridcell"><span title="${esc(fullDate(last.date))}" aria-label="${esc(fullDate(last.date))}"><span>${esc(shortDate(last.date))}</span></span></td>` +
    `</tr>`
  );
}

/** The vertical split-pane layout: the first row (id, senders, date), the subject row, the snippet row (`apw`). */
function splitRowsHtml(t) {
  const last = lastMessage(t);
  const legacy = legacyOf(t.id);
  const ids = `data-thread-id="#${esc(t.id)}"${legacy ? ` data-legacy-thread-id="${legacy}"` : ''}`;
  const snippet = last.body.replace(/\s+/g, ' ').slice(0, 140);
  const state = t.unread ? 'zE' : 'yO';
  return (
    `<tr class="zA ${state} apv" id="${nextUid()}" role="row" tabindex="-1" data-ft-token="${esc(t.token)}">` +
    `<td rowspan="3" class="PF xY"></td><td rowspan="3" class="apo-x3 xY aid"><div class="apo-jc T-Jo J-J5-Ji" role="checkbox" aria-checked="false" tabindex="-1"></div></td>` +
    `<td class="yX xY apy"><div class="yW">${senderSpans(t)}</div></td>` +
    `<td class="yf xY apt"><div class="apm"><span title="${esc(fullDate(last.date))}">${esc(shortDate(last.date))}</span></div></td>` +
    `<td rowspan="3" class="apU apC"><span class="aXw T-KT" aria-label="Not starred"></span></td></tr>` +
    `<tr class="zA ${state} apv" data-ft-token="${esc(t.token)}"><td colspan="2" tabindex="0" role="link" class="xY apD"><div class="xS"><div class="xT"><div class="y6">` +
    `<span class="bog"><span class="bqe" ${ids}>${esc(threadSubject(t))}</span></span></div></div></div></td></tr>` +
    `<tr class="zA ${state} apv apw" data-ft-token="${esc(t.token)}"><td colspan="2" class="xY apA"><div class="apB"><div class="y2 apz">${esc(snippet)}</div></div></td></tr>`
  );
}

// Gmail 2026-11 (InboxSDK ThreadView, gmail.js `dom.toolbar` = `[gh="mtb"]`): the toolbar `div.iH` holds
// `div.G-atb[gh="mtb"]` with Back, Archive, Spam, Delete… as `div.T-I.J-J5-Ji[role=button]` with aria-labels.
function toolbarHtml(kind) {
  const button = (cls, label, text = label) => `<div class="T-I J-J5-Ji ${cls} T-I-ax7 L3" role="button" tabindex="0" aria-label="${label}" data-tooltip="${label}"><div class="asa"><div class="ar9 T-I-J3 J-J5-Ji">${text}</div></div></div>`;
  const buttons =
    kind === 'thread'
      ? button('lS', 'Back to Inbox', '←') + button('lR', 'Archive') + button('nN', 'Report spam') + button('nX', 'Delete') + button('bvt', 'Mark as unread') + button('T-I-Js-Gs', 'Move to')
      : `<div class="T-I J-J5-Ji T-Pm T-I-ax7 L3 J-JN-M-I" role="button" aria-label="Select" tabindex="0"><div class="T-Jo J-J5-Ji" role="checkbox" aria-checked="false"></div></div>` + button('T-I-Js-IF', 'Refresh');
  return `<div class="nH iH bAw"><div class="G-atb" gh="mtb">${buttons}</div></div>`;
}

function renderList(list) {
  const threads = listThreads(list);
  if (threads.length === 0) {
    main.innerHTML = `<div class="ae4 UI nH oy8Mbf"><div class="TC">No conversations in ${esc(list)}.</div></div>`;
    return;
  }
  main.innerHTML =
    toolbarHtml('list') +
    `<div class="ae4 aDM nH oy8Mbf" gh="tl"><div class="Cp"><div><table class="F cf zt" id="${nextUid()}" role="grid" aria-readonly="true">` +
    `<colgroup><col class="Ci"><col class="y5"><col class="WA"><col class="yY"><col><col class="xX"></colgroup>` +
    `<tbody>${threads.map(rowHtml).join('')}</tbody></table></div></div></div>`;
}

/** Re-render only the rows, as Gmail does when the list changes under an open inbox. */
function rerenderRows() {
  const { list, thread } = route();
  if (thread) return false;
  const tbody = $('table.F tbody', main);
  if (!tbody) {
    renderList(list);
    return true;
  }
  tbody.innerHTML = listThreads(list).map(rowHtml).join('');
  return true;
}

main.addEventListener('click', (e) => {
  const row = e.target.closest('tr.zA');
  if (row && !row.dataset.ftToken) return;
  if (!row || e.target.closest('[role="checkbox"],.T-KT')) return;
  const { list } = route();
  location.hash = `#${list}/${row.dataset.ftToken}`;
});

// ---- Thread view --------------------------------------------------------------------------------------------
// Gmail 2026-11 (InboxSDK `GMAIL_SELECTORS`, gmail.js `dom.email`): the subject is `h2.hP` carrying
// `data-thread-perm-id` (no `#`) and `data-legacy-thread-id`; each loaded message is `div.adn.ads` with
// `data-message-id="#msg-f:…"` and `data-legacy-message-id`; the sender `span.gD[email][name]` in `h3.iw`;
// recipients `span.g2[email][name]` in the `span.hb` line ("to me, cc: Marcus"); the date `span.g3[title]`;
// the body `div.a3s` (with `aiL`), quoted history `div.gmail_quote`, folded behind `div.yj6qo` ("…").
function quoteHtml(t, index) {
  const prev = t.messages[index - 1];
  if (!prev) return '';
  const attr = `On ${esc(fullDate(prev.date))} ${esc(prev.from.name)} &lt;${esc(prev.from.email)}&gt; wrote:`;
  if (variant('quote-adl'))
    return (
      `<div class="adm"><div class="ajR" role="button" tabindex="0" aria-label="Show trimmed content"><img class="ajT" alt="">…</div></div>` +
      `<div class="adL">${attr}<br>${esc(prev.body)
        .split('\n')
        .map((line) => `&gt; ${line}`)
        .join('<br>')}</div>`
    );
  return (
    `<div class="yj6qo"><div class="ajR" role="button" tabindex="0" aria-label="Show trimmed content" data-tooltip="Show trimmed content"><img class="ajT" alt="">…</div></div>` +
    `<div class="adL"><div class="gmail_quote"><div dir="ltr" class="gmail_attr">${attr}<br></div>` +
    `<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${esc(prev.body)}</blockquote></div></div>`
  );
}

function recipientsHtml(m) {
  const one = (p) => `<span class="g2" email="${esc(p.email)}" name="${esc(p.name || p.email)}" data-hovercard-id="${esc(p.email)}">${esc(isMe(p) ? (RU ? 'мне' : 'me') : p.name || p.email)}</span>`;
  const [toWord, ccWord, bccWord] = RU ? ['кому: ', 'копия: ', 'скрытая копия: '] : ['to ', 'cc: ', 'bcc: '];
  let html = `${toWord}${m.to.map(one).join(', ')}`;
  if (m.cc?.length) html += `, ${ccWord}${m.cc.map(one).join(', ')}`;
  if (m.bcc?.length) html += `, ${bccWord}${m.bcc.map(one).join(', ')}`;
  return html;
}

/** A collapsed message: sender, date and snippet only, no message id (Gmail 2025, InboxSDK `kv`). */
function collapsedHtml(m, index) {
  const snippet = m.body.replace(/\s+/g, ' ').slice(0, 100);
  return (
    `<div class="kv" role="listitem" aria-expanded="false" data-ft-index="${index}"><div class="Bk"><div class="G3 G2"><div><div class="adf ads">` +
    `<table class="cf gJ"><tbody><tr><td class="gF gK"><span class="zF" email="${esc(m.from.email)}" name="${esc(m.from.name)}">${esc(m.from.name || m.from.email)}</span></td>` +
    `<td class="gH"><span class="g3" title="${esc(fullDate(m.date))}">${esc(headerDate(m.date))}</span></td></tr>` +
    `<tr><td colspan="2"><span class="iA g6">${esc(snippet)}</span></td></tr></tbody></table></div></div></div></div></div>`
  );
}

// `fresh-ids`: how many times a thread view has been drawn; its low bits go into the drawn message ids.
let drawn = 0;
/** A message id as drawn: in `fresh-ids`, with the low 20 bits of its number (below the send time) changed per draw. */
function drawnId(id) {
  if (!variant('fresh-ids')) return id;
  const [, prefix, number] = /^(msg-[af]:r?)(-?\d+)$/.exec(id) ?? [];
  if (!prefix) return id;
  return `${prefix}${BigInt(number) ^ BigInt(drawn & 0xfffff)}`;
}
const drawnLegacy = (hex) => (hex && variant('fresh-ids') ? (BigInt(`0x${hex}`) ^ BigInt(drawn & 0xfffff)).toString(16) : hex);

function messageHtml(t, m, index) {
  if (variant('collapsed') && index < t.messages.length - 1 && !m.expanded) return collapsedHtml(m, index);
  const legacy = drawnLegacy(m.legacyId ?? legacyOf(m.id));
  const quote = m.quote === false ? '' : quoteHtml(t, index);
  return (
    `<div class="h7" role="listitem" aria-expanded="true"><div class="Bk"><div class="G3 G2"><div>` +
    `<div id="${nextUid()}"><div class="adn ads" data-message-id="#${esc(drawnId(m.id))}"${legacy ? ` data-legacy-message-id="${legacy}"` : ''} style="display:">` +
    `<div class="gs"><div class="gE iv gt"><table cellpadding="0" class="cf gJ"><tbody><tr class="acZ">` +
    `<td class="gF gK"><table cellpadding="0" class="cf ix"><tbody><tr><td><h3 class="iw gFxsud"><span class="qu" role="gridcell" tabindex="-1">` +
    `<span class="gD" email="${esc(m.from.email)}" name="${esc(m.from.name)}" data-hovercard-id="${esc(m.from.email)}">${esc(m.from.name || m.from.email)}</span> ` +
    `<span class="go"><span aria-hidden="true">&lt;</span>${esc(m.from.email)}<span aria-hidden="true">&gt;</span></span></span></h3></td></tr></tbody></table></td>` +
    `<td class="gH bAk"><div class="gK"><span class="g3" title="${esc(fullDate(m.date))}" alt="${esc(fullDate(m.date))}" role="gridcell" tabindex="-1">${esc(headerDate(m.date))}</span></div></td>` +
    `</tr><tr class="acZ xD"><td colspan="3"><table cellpadding="0" class="cf adz"><tbody><tr><td class="ady">` +
    `<div class="iw ajw"><span class="hb">${recipientsHtml(m)}</span></div></td></tr></tbody></table></td></tr></tbody></table></div>` +
    `<div class="ii gt" id="${nextUid()}"><div class="a3s aiL">${esc(m.body)}${quote}</div></div></div>` +
    `</div></div></div></div></div></div>`
  );
}

const replyBarHtml = () => `<div class="amn"><span class="ams bkH" role="link" tabindex="0">${RU ? 'Ответить' : 'Reply'}</span><span class="ams bkG" role="link" tabindex="0">${RU ? 'Переслать' : 'Forward'}</span></div>`;

function renderThread(t) {
  drawn++;
  if (t.unread) {
    t.unread = false;
    renderNav();
  }
  const legacy = legacyOf(t.id);
  const perm = variant('perm-absent') ? '' : ` data-thread-perm-id="${variant('perm-undefined') ? 'undefined' : esc(t.id)}"`;
  // The A/B-tested second bar: hidden, inside a table, before the real one; its Reply opens nothing.
  const hiddenBar = variant('second-reply-bar') ? `<table class="Bs nH iY" style="display: none"><tbody><tr><td>${replyBarHtml()}</td></tr></tbody></table>` : '';
  const view =
    `<div class="nH" role="list" data-ft-view><div class="nH aHU"><div class="nH ha">` +
    `<h2 class="hP" id="${nextUid()}" tabindex="-1"${perm}${legacy ? ` data-legacy-thread-id="${legacy}"` : ''}>${esc(threadSubject(t))}</h2></div>` +
    `<div class="nH if" data-ft-messages>${t.messages.map((m, i) => messageHtml(t, m, i)).join('')}</div>` +
    hiddenBar +
    `<div class="nH UG id"><div class="ip iq">${replyBarHtml()}</div></div>` +
    `</div></div>`;
  const stale = variant('stale-views') ? staleViews.filter((v) => v.token !== t.token).map((v) => `<div class="nH" style="display: none">${v.html}</div>`) : [];
  main.innerHTML = stale.join('') + toolbarHtml('thread') + view;
  if (variant('stale-views')) {
    const i = staleViews.findIndex((v) => v.token === t.token);
    if (i >= 0) staleViews.splice(i, 1);
    staleViews.push({ token: t.token, html: view });
    if (staleViews.length > 3) staleViews.shift();
  }
}

/** The view on screen (in `stale-views`, earlier ones stay in the page, hidden). */
const currentView = () => [...main.querySelectorAll('[data-ft-view]')].at(-1) ?? main;

/** Append one message to the open thread the way Gmail does: the existing messages stay in place. */
function appendMessage(t, m) {
  const list = $('[data-ft-messages]', currentView());
  const { thread } = route();
  if (!list || thread !== t) return;
  list.insertAdjacentHTML('beforeend', messageHtml(t, m, t.messages.indexOf(m)));
}

main.addEventListener('click', (e) => {
  const reply = e.target.closest('.ams.bkH');
  if (reply && reply.closest('.ip')) openInlineReply(reply.closest('.ip'));
  const folded = e.target.closest('.kv[data-ft-index]');
  if (folded) {
    const { thread } = route();
    const i = Number(folded.dataset.ftIndex);
    if (thread?.messages[i]) {
      thread.messages[i].expanded = true;
      folded.outerHTML = messageHtml(thread, thread.messages[i], i);
    }
  }
  const trimmed = e.target.closest('.ajR');
  if (trimmed) trimmed.closest('.a3s')?.querySelector('.adL')?.classList.toggle('ft-open');
});

let gmailChanged = false;
/** Test hook: what a Gmail release that renamed everything would look like (no class, id or data attribute). */
function strip(root) {
  for (const el of root.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) if (attr.name !== 'style' && attr.name !== 'contenteditable') el.removeAttribute(attr.name);
  }
}

function render() {
  const { list, thread, token } = route();
  renderNav();
  if (token && thread) {
    renderThread(thread);
    fetchThread(thread);
  } else if (token) main.innerHTML = `<div class="TC">That conversation could not be found.</div>`;
  else renderList(list);
  if (gmailChanged) strip(main);
  document.title = `${thread ? threadSubject(thread) : list[0].toUpperCase() + list.slice(1)} - ${mailbox.account.email} - Gmail`;
}

// ---- Compose: dialog and inline reply ---------------------------------------------------------------------
// Gmail 2026-11 (InboxSDK compose-view, gmail.js `dom.compose`, Briskine): a new message is a `[role=dialog]`
// (`div.nH.Hd`) holding `div.M9`; an inline reply is `div.M9` inside `div.ip.adB` under the thread. Both have
// `input[name=subjectbox]`, hidden `input[name=draft]` ("#msg-a:r…" once saved) and `input[name=composeid]`,
// recipients as `div.afV[data-hovercard-id]` chips beside `input.agP.aFw[aria-label="To recipients"]`, a body
// `div.Am.aiL.Al.editable[contenteditable][role=textbox][aria-label="Message Body"]` and the Send button
// `div.T-I.J-J5-Ji.aoO.v7.T-I-atl.L3[role=button]` (tooltip "Send (Ctrl-Enter)").

const composes = new Set();

function chipHtml(p) {
  return `<div class="afV" data-hovercard-id="${esc(p.email)}" data-name="${esc(p.name)}" role="option"><div class="akl">${esc(p.name || p.email)}</div></div>`;
}

function recipientField(kind, people) {
  const label = kind === 'to' ? 'To recipients' : kind === 'cc' ? 'CC recipients' : 'BCC recipients';
  return (
    `<div class="aoD hl" data-ft-field="${kind}"${kind !== 'to' && people.length === 0 ? ' hidden' : ''}><label>${kind === 'to' ? 'To' : kind === 'cc' ? 'Cc' : 'Bcc'}</label>` +
    `${people.map(chipHtml).join('')}<input class="agP aFw" aria-label="${label}" autocomplete="off" peoplekit-id="${kind}" type="text"></div>`
  );
}

function parseAddress(text) {
  const t = text.trim().replace(/[,;]$/, '').trim();
  if (!t) return null;
  const angled = /^(.*)<([^<>\s]+@[^<>\s]+)>$/.exec(t);
  if (angled) return { name: angled[1].trim().replace(/^"|"$/g, ''), email: angled[2].toLowerCase() };
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(t) ? { name: '', email: t.toLowerCase() } : null;
}

function commitChip(input) {
  const p = parseAddress(input.value);
  if (!p) return;
  input.insertAdjacentHTML('beforebegin', chipHtml(p));
  input.value = '';
}

function openCompose({ to = [], cc = [], subject = '', body = '', draftId, threadId, saved = false } = {}) {
  const compose = {
    kind: 'dialog',
    draftId: draftId ?? sessionId('msg-a'),
    threadId: threadId ?? sessionId('thread-a'),
    saved,
    replyTo: undefined,
    thread: undefined,
  };
  const el = document.createElement('div');
  el.className = 'nn';
  el.innerHTML =
    `<div class="nH Hd" role="dialog" aria-label="New Message" tabindex="-1"><div class="nH"><div class="aaZ"><div class="M9"><div class="AD">` +
    `<div class="aDh"><h2 class="a3E"><div class="aYF"><span>${esc(subject || 'New Message')}</span></div></h2>` +
    `<img class="Ha" src="data:," alt="Close" aria-label="Save &amp; close" data-tooltip="Save &amp; close" role="button" tabindex="0"></div>` +
    composeFormHtml(compose, { to, cc, subject, body, inline: false }) +
    `</div></div></div></div></div>`;
  composeRow.appendChild(el);
  wireCompose(compose, el);
  $('input.agP', el).focus();
  return el;
}

function composeFormHtml(compose, { to, cc, subject, body, inline }) {
  return (
    `<form class="bAs" method="POST" enctype="multipart/form-data" onsubmit="return false">` +
    `<input type="hidden" name="composeid" value="${esc(compose.draftId.replace('msg-a:', 'c'))}">` +
    `<input type="hidden" name="draft" value="${compose.saved ? `#${esc(compose.draftId)}` : 'undefined'}">` +
    `<input type="hidden" name="rt" value="${compose.replyTo ? `#${esc(compose.replyTo)}` : ''}">` +
    recipientField('to', to) +
    `<div class="aoD az6" ${inline ? 'hidden' : ''}><span class="aB gQ pE" role="link" tabindex="0" aria-label="Add Cc recipients ‪(Ctrl-Shift-C)‬">Cc</span>` +
    `<span class="aB gQ pB" role="link" tabindex="0" aria-label="Add Bcc recipients ‪(Ctrl-Shift-B)‬">Bcc</span></div>` +
    recipientField('cc', cc) +
    recipientField('bcc', []) +
    `<input name="subjectbox" class="aoT" placeholder="Subject" aria-label="Subject" ${inline ? 'type="hidden"' : 'type="text"'} value="${esc(subject)}">` +
    `</form>` +
    `<div class="Ar Au"><div id="${nextUid()}" class="Am aiL Al editable LW-avf tS-tW" hidefocus="true" aria-label="Message Body" g_editable="true" role="textbox" aria-multiline="true" contenteditable="true" tabindex="1">${esc(body)}</div></div>` +
    `<div class="btC"><div class="dC"><div class="T-I J-J5-Ji aoO v7 T-I-atl L3" role="button" tabindex="1" data-tooltip="Send ‪(Ctrl-Enter)‬" aria-label="Send ‪(Ctrl-Enter)‬">Send</div></div>` +
    `<div class="og T-I-J3" role="button" tabindex="1" aria-label="Discard draft ‪(Ctrl-Shift-D)‬" data-tooltip="Discard draft ‪(Ctrl-Shift-D)‬">Discard</div></div>`
  );
}

function wireCompose(compose, el) {
  compose.el = el;
  composes.add(compose);
  let saveTimer;
  const scheduleSave = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void saveDraft(compose), 1500);
  };
  compose.cancelSave = () => clearTimeout(saveTimer);
  el.addEventListener('input', scheduleSave);
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send(compose);
      return;
    }
    // The focused Send button answers Enter and Space, like Gmail's.
    if ((e.key === 'Enter' || e.key === ' ') && e.target.closest?.('.aoO')) {
      e.preventDefault();
      send(compose);
      return;
    }
    if (e.target.matches?.('input.agP') && (e.key === 'Enter' || e.key === ',' || e.key === ';')) {
      e.preventDefault();
      commitChip(e.target);
    }
  });
  el.addEventListener('focusout', (e) => {
    if (e.target.matches?.('input.agP')) commitChip(e.target);
  });
  el.addEventListener('click', (e) => {
    if (e.target.closest('.aoO')) send(compose);
    else if (e.target.closest('.og')) closeCompose(compose);
    else if (e.target.closest('.Ha')) {
      void saveDraft(compose);
      closeCompose(compose);
    } else if (e.target.closest('.aB.pE')) $('[data-ft-field="cc"]', el).hidden = false;
    else if (e.target.closest('.aB.pB')) $('[data-ft-field="bcc"]', el).hidden = false;
  });
}

function closeCompose(compose) {
  compose.cancelSave?.();
  composes.delete(compose);
  if (compose.kind === 'dialog') compose.el.remove();
  else if (compose.el.isConnected) compose.el.outerHTML = `<div class="ip iq">${replyBarHtml()}</div>`;
}

function openInlineReply(box, draft) {
  const { thread } = route();
  if (!thread || !box) return;
  const last = lastMessage(thread);
  const to = draft?.to ?? [isMe(last.from) ? last.to[0] : last.from].filter(Boolean);
  const compose = {
    kind: 'inline',
    draftId: draft?.draftId ?? sessionId('msg-a'),
    threadId: thread.id,
    saved: draft?.saved ?? false,
    replyTo: last.id,
    thread,
  };
  const subject = /^re:/i.test(thread.subject) ? thread.subject : `Re: ${thread.subject}`;
  box.className = 'ip adB';
  box.innerHTML =
    `<div class="M9"><div class="AD"><div class="iN"><table class="IG"><tbody><tr><td class="I5">` +
    composeFormHtml(compose, { to, cc: draft?.cc ?? [], subject, body: draft?.body ?? '', inline: true }) +
    `</td></tr></tbody></table></div></div></div>`;
  wireCompose(compose, box);
  $('[aria-label="Message Body"]', box).focus();
}

function readCompose(compose) {
  const el = compose.el;
  for (const input of el.querySelectorAll('input.agP')) commitChip(input);
  const people = (kind) =>
    [...el.querySelectorAll(`[data-ft-field="${kind}"] .afV`)].map((c) => ({ name: c.dataset.name ?? '', email: c.dataset.hovercardId ?? '' }));
  const body = $('[aria-label="Message Body"]', el);
  return {
    to: people('to'),
    cc: people('cc'),
    bcc: people('bcc'),
    subject: $('input[name="subjectbox"]', el).value,
    text: body.innerText,
    html: body.innerHTML,
  };
}

// ---- Gmail's sync requests --------------------------------------------------------------------------------
// Gmail 2022-09 captures (test/fixtures/gmail/network, from InboxSDK's test data): POST /sync/u/N/i/s with a
// JSON body; body[1][0] lists `[10, [threadId, op]]`. A new thread's first save is op[2] (a thread holding the
// message), a reply's first save op[1] = [message, replyToId, 1, null, [ts]], later saves op[13]. The message
// array: [0] id, [1] from [1, email, name, …, email], [2] to, [3] cc, [4] bcc ([1, email, name] each),
// [6] time, [7] subject, [8] body [null, [[0, html], [2, quoted html]], …, 1], [10] labels (`^pfg` = send,
// `^r` = draft), [17] time, [51] "s:<hex>|#<id>|0".
const person = (p) => [1, p.email, p.name || null];
const personFrom = (p) => [1, p.email, p.name, null, null, null, null, null, null, p.email];

function messageArray(compose, fields, labels, now) {
  const m = new Array(52).fill(null);
  m[0] = compose.draftId;
  m[1] = personFrom(mailbox.account);
  m[2] = fields.to.length ? fields.to.map(person) : null;
  m[3] = fields.cc.length ? fields.cc.map(person) : null;
  m[4] = fields.bcc.length ? fields.bcc.map(person) : null;
  m[6] = now;
  m[7] = fields.subject;
  const parts = [[0, `<div dir="ltr">${fields.html}</div>`]];
  if (compose.replyTo && compose.thread) {
    const last = compose.thread.messages.find((x) => x.id === compose.replyTo);
    if (last) parts.push([2, `<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On ${esc(fullDate(last.date))} ${esc(last.from.name)} &lt;${esc(last.from.email)}&gt; wrote:<br></div><blockquote class="gmail_quote">${esc(last.body)}</blockquote></div>`]);
  }
  m[8] = [null, parts, null, null, null, null, 1];
  m[10] = labels;
  m[17] = now;
  m[35] = [null, null, null, null, null, 0];
  m[36] = [null, null, null, 0];
  m[41] = 0;
  m[42] = [0, 0, 2, 0];
  m[51] = `s:${Math.floor(Math.random() * 2 ** 52).toString(16).padStart(16, '0')}|#${compose.draftId}|0`;
  return m;
}

function syncBody(compose, fields, kind) {
  const now = Date.now();
  const labels = kind === 'send' ? ['^all', '^pfg', '^f_bt', '^f_btns', '^f_cl', '^i', '^u'] : ['^all', '^r', '^r_bt'];
  const m = messageArray(compose, fields, labels, now);
  let op;
  if (compose.saved) op = { 13: [m, compose.replyTo ?? null, 1] };
  else if (compose.replyTo) op = { 1: [m, compose.replyTo, 1, null, [now]] };
  else op = { 2: [['', null, now, compose.threadId, [m]]] };
  const opArray = new Array(14).fill(null);
  for (const [k, v] of Object.entries(op)) opArray[Number(k)] = v;
  while (opArray.length && opArray[opArray.length - 1] === null) opArray.pop();
  const items = [[10, [compose.threadId, opArray]]];
  if (kind === 'send' && compose.replyTo) items.push([10, [compose.threadId, [null, null, null, null, null, null, [['^io_re'], ['^io_fwd'], [compose.replyTo]]]]]);
  return [[null, null, 2], [items], null, [pageLoadedAt, 1, now, 1, 205], 2];
}

// Opening a thread, Gmail fetches it through its thread fetch, `POST /sync/u/N/i/fd` (the endpoint of
// InboxSDK's and gmail.js's thread-fetch captures, 2018-03 to 2022-09), with an XHR like its other sync
// calls. The request body here is the test page's own (`[[threadId]]`; no real request body of this call
// has been published); the server answers in the captured array layout (test/server/gmail-server.ts). Like
// Gmail, the page fetches even a thread it already shows; it renders nothing from the answer (a message only
// in that answer is one the rep sent from elsewhere that this view has not drawn yet).
function fetchThread(thread) {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `/sync/u/0/i/fd?hl=en&c=${requestCounter++}&rt=r&pt=ji`);
  xhr.setRequestHeader('content-type', 'application/json');
  xhr.send(JSON.stringify([[thread.id]]));
}

let requestCounter = 0;
async function postSync(body) {
  // Gmail 2026-11: the query string carries a client version and counter; the body is JSON.
  const response = await fetch(`/sync/u/0/i/s?hl=en&c=${requestCounter++}&rt=r&pt=ji`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-gmail-btai': '[null]', 'x-framework-xsrf-token': 'test' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sync failed: ${response.status}`);
  return response.json();
}

async function saveDraft(compose) {
  if (!composes.has(compose) || compose.sending) return;
  const fields = readCompose(compose);
  if (!fields.text.trim() && !fields.subject && fields.to.length === 0) return;
  try {
    await postSync(syncBody(compose, fields, 'draft'));
    compose.saved = true;
    const draft = $('input[name="draft"]', compose.el);
    if (draft) draft.value = `#${compose.draftId}`;
  } catch {
    // Gmail retries drafts quietly; the test page just tries again on the next edit.
  }
}

/** What the response says Gmail stored: the message's legacy hex id (Gmail 2022-09 response layout). */
function storedLegacyId(response, messageId) {
  try {
    for (const entry of response[1][5][0]) {
      for (const m of entry[2][6][0][4]) if (m[0] === messageId) return m[55] ?? undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

// ---- Send, Undo and the notice ------------------------------------------------------------------------------
// Gmail 2026-11 (gmail.js `#link_undo` / `#link_vsm`, InboxSDK): after Send the compose closes at once and the
// notice reads "Message sent" with Undo and View message; the message leaves only when the undo window
// ("Send cancellation period", 5–30 s) has passed; Undo reopens the draft and says "Sending undone.".
let noticeTimer;
function notice(html, { sticky = false } = {}) {
  const box = $('.vh', alertBox);
  box.innerHTML = html;
  alertBox.hidden = false;
  clearTimeout(noticeTimer);
  if (!sticky) noticeTimer = setTimeout(() => (alertBox.hidden = true), 8000);
}

function send(compose) {
  if (!composes.has(compose) || compose.sending) return;
  const fields = readCompose(compose);
  if (fields.to.length + fields.cc.length + fields.bcc.length === 0) {
    notice('<span class="bAq">Please specify at least one recipient.</span>');
    return;
  }
  compose.sending = true;
  compose.cancelSave?.();
  const draft = { ...fields, draftId: compose.draftId, threadId: compose.threadId, saved: compose.saved, body: fields.text };
  closeCompose(compose);
  let undone = false;
  const timer = setTimeout(() => {
    if (undone) return;
    void deliver(compose, fields);
  }, undoSeconds * 1000);
  notice(
    `<span class="aT"><span class="bAq">Message sent</span><span class="bAo">&nbsp;&nbsp;</span>` +
      `<span class="ag a8k" id="link_undo" role="link" tabindex="0" param="#${esc(compose.draftId)}">Undo</span>` +
      `<span class="ag a8k" id="link_vsm" role="link" tabindex="0">View message</span></span>`,
    { sticky: true },
  );
  $('#link_undo', alertBox).addEventListener(
    'click',
    () => {
      if (undone) return;
      undone = true;
      clearTimeout(timer);
      notice('<span class="bAq">Sending undone.</span>');
      if (compose.kind === 'dialog') openCompose({ ...draft, body: draft.text });
      else if (route().thread === compose.thread) openInlineReply($('.UG .ip', currentView()), draft);
    },
    { once: true },
  );
}

async function deliver(compose, fields) {
  const undo = $('#link_undo', alertBox);
  undo?.remove();
  noticeTimer = setTimeout(() => (alertBox.hidden = true), 8000);
  const now = Date.now();
  let response;
  try {
    lastSendBody = syncBody(compose, fields, 'send');
    response = await postSync(lastSendBody);
  } catch {
    notice('<span class="bAq">Sending failed. Try again.</span>');
    return;
  }
  const message = {
    id: compose.draftId,
    legacyId: storedLegacyId(response, compose.draftId),
    from: { ...mailbox.account },
    to: fields.to,
    cc: fields.cc,
    bcc: fields.bcc,
    date: new Date(now).toISOString(),
    body: fields.text,
    quote: Boolean(compose.replyTo),
  };
  if (compose.thread) {
    compose.thread.messages.push(message);
    appendMessage(compose.thread, message);
  } else {
    mailbox.threads.push({ id: compose.threadId, token: tokenFor(compose.threadId), subject: fields.subject || '(no subject)', labels: ['^f'], unread: false, messages: [message] });
  }
  sent.push({ threadId: compose.threadId, messageId: compose.draftId });
  rerenderRows();
}

function tokenFor(id) {
  const letters = 'BCDFGHJKLMNPQRSTVWXZbcdfghjklmnpqrstvwxz';
  let h = 0;
  let out = 'FMfcgz';
  for (let i = 0; out.length < 32; i++) {
    h = (h * 31 + id.charCodeAt(i % id.length) + i) >>> 0;
    out += letters[h % letters.length];
  }
  return out;
}

// ---- Test hooks -----------------------------------------------------------------------------------------------
// ---- Files dropped on a compose ----------------------------------------------------------------------------
// Gmail 2023-08 (InboxSDK gmail-compose-view.ts `#attachFiles` / `#findDropzoneForThisCompose`, fullscreen fix
// #964 of 2023-08-10, read 2026-12-06): while files are dragged over the page, Gmail adds dropzones at the end of
// <body>, per compose a `div.aC7.aWP` (attach) and a `div.aC7` without `aWP` (inline images), each placed over its
// compose by inline top/left/width/height, with a `div.aC9` inside. Files dropped on the `aWP` zone are attached:
// Gmail 2021-12 (gmail.js `compose.attachments()`, PR #658 of 2021-12-20) shows each as `div.dL` in the compose,
// the name in `div.vI`, the size in `div.vJ`, a link `a.dO`. The drag ending (a drop, dragend, leaving the page)
// takes the zones away. Not reproduced: the upload itself, inline images, the zones' look.
let refusingDrops = false;
const draggingFiles = (e) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');

function showDropzones() {
  if (refusingDrops || document.querySelector('body > div.aC7')) return;
  for (const compose of composes) {
    const m9 = $('.M9', compose.el);
    if (!m9 || !compose.el.isConnected) continue;
    const r = m9.getBoundingClientRect();
    const top = Math.ceil(r.top);
    const left = Math.ceil(r.left);
    const width = Math.floor(r.right) - left;
    const half = Math.floor((Math.floor(r.bottom) - top) / 2);
    for (const [cls, y, label] of [['aC7', top, 'Drop files here to insert them'], ['aC7 aWP', top + half, 'Drop files here']]) {
      const zone = document.createElement('div');
      zone.className = cls;
      zone.style.cssText = `position: fixed; top: ${y}px; left: ${left}px; width: ${width}px; height: ${half}px;`;
      zone.innerHTML = `<div class="aC9">${label}</div>`;
      zone.ftCompose = compose;
      document.body.appendChild(zone);
    }
  }
}

function hideDropzones() {
  for (const zone of document.querySelectorAll('body > div.aC7')) zone.remove();
}

function attachFiles(compose, files) {
  compose.attachments = [...(compose.attachments ?? []), ...files];
  let area = $('.GM', compose.el);
  if (!area) {
    area = document.createElement('div');
    area.className = 'GM';
    $('.Ar', compose.el).after(area);
  }
  for (const f of files) {
    area.insertAdjacentHTML(
      'beforeend',
      `<div class="dL" tabindex="-1" id="${nextUid()}"><a class="dO" href="#" target="_blank"><div class="vI">${esc(f.name)}</div><div class="vJ">(${Math.max(1, Math.round(f.size / 1024))}K)</div></a><div class="vq" role="button" aria-label="Remove attachment"></div></div>`,
    );
  }
}

document.addEventListener('dragenter', (e) => {
  if (draggingFiles(e)) showDropzones();
});
document.addEventListener('dragover', (e) => {
  if (!draggingFiles(e)) return;
  showDropzones();
  if (e.target.closest?.('body > div.aC7')) e.preventDefault();
});
document.addEventListener('drop', (e) => {
  const zone = e.target.closest?.('body > div.aC7');
  hideDropzones();
  if (!zone || !draggingFiles(e)) return;
  e.preventDefault();
  if (zone.ftCompose?.el.isConnected) attachFiles(zone.ftCompose, [...e.dataTransfer.files]);
});
document.addEventListener('dragleave', (e) => {
  if (!e.relatedTarget) hideDropzones();
});
document.addEventListener('dragend', hideDropzones);

// Not Gmail: what tests and the benchmark use to make things happen that, on real Gmail, come from elsewhere.
const sent = [];
let receivedCounter = 0;
let lastSendBody;
window.__ftGmail = {
  ready: false,
  sent,
  /** A new inbound reply lands in a thread, rendered the way Gmail renders one. Returns its ids. */
  receiveReply({ threadId, token, from, body, to, cc = [], date } = {}) {
    const thread = mailbox.threads.find((t) => (threadId ? t.id === threadId : t.token === token)) ?? mailbox.threads[0];
    const last = lastMessage(thread);
    const sender = from ?? (isMe(last.from) ? last.to[0] : last.from);
    const at = date ? Date.parse(date) : Date.now();
    const id = `msg-f:${(BigInt(at) * 1048576n + BigInt(++receivedCounter)).toString()}`;
    const message = { id, from: sender, to: to ?? [{ ...mailbox.account }], cc, date: new Date(at).toISOString(), body: body ?? 'Thanks, that works for us.', quote: true };
    thread.messages.push(message);
    thread.labels = [...new Set([...thread.labels, '^i'])];
    if (route().thread === thread) appendMessage(thread, message);
    else {
      thread.unread = true;
      rerenderRows();
      renderNav();
    }
    return { threadId: thread.id, messageId: id, legacyMessageId: legacyOf(id) };
  },
  /** Post the last send again, as Gmail does when it retries a request whose answer it did not get. */
  resendLast: () => (lastSendBody ? postSync(lastSendBody).then(() => true) : Promise.resolve(false)),
  /** From now on, render the way an unrecognisable future Gmail would (tests of selector health). */
  simulateGmailChange() {
    gmailChanged = true;
    render();
  },
  /** Re-render the list rows in place (what Gmail does on a list update); false when a thread is open. */
  rerenderInbox: () => rerenderRows(),
  variants: () => [...variants],
  /** Files attached to each open compose, in order, read back (name, type, size, text). */
  attachments: () =>
    Promise.all(
      [...composes].filter((c) => c.el.isConnected).map((c) => Promise.all((c.attachments ?? []).map(async (f) => ({ name: f.name, type: f.type, size: f.size, text: await f.text() })))),
    ),
  /** From now on Gmail shows no dropzone, as a Gmail that takes no dropped file would (the fallback's test). */
  refuseDrops(on = true) {
    refusingDrops = on;
  },
  threads: () => mailbox.threads.map((t) => ({ id: t.id, token: t.token, subject: t.subject, messages: t.messages.map((m) => m.id) })),
};

// The Compose button: `div.T-I.J-J5-Ji.T-I-KE.L3[role=button][gh=cm]` (gmail.js `compose.start_compose`; InboxSDK
// GmailElementGetter.getComposeButton finds it by `[gh=cm]`, 2026-12). Like Gmail's other `T-I` buttons it acts on
// a press — mousedown then mouseup — or Enter, not on a bare `click()`, which is why InboxSDK's openComposeWindow
// sends mousedown, mouseup and click (simulateClick). The new-message window is drawn a moment later, not in the
// same task, with the To field focused.
const composeButton = $('.T-I.T-I-KE');
let composePressed = false;
const openComposeSoon = () => setTimeout(() => openCompose(), 120);
composeButton.addEventListener('mousedown', () => (composePressed = true));
composeButton.addEventListener('mouseleave', () => (composePressed = false));
composeButton.addEventListener('mouseup', () => {
  if (composePressed) openComposeSoon();
  composePressed = false;
});
composeButton.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') openComposeSoon();
});
window.addEventListener('hashchange', render);

fetch('mailbox.json')
  .then((r) => r.json())
  .then((data) => {
    mailbox = data;
    if (!location.hash) history.replaceState(null, '', '#inbox');
    render();
    window.__ftGmail.ready = true;
  });
