/*
 * app.js - the review UI of hocba: login, queue, record review (scan beside
 * the form), signing, accounts.  Plain DOM, no framework, no build step.
 *
 * Every string from the server reaches the page through textContent or an
 * attribute (h() below), never innerHTML, so a name or a value read off the
 * paper can never become markup.  The API is described in README.md ("The JSON API").
 */
'use strict';

// The session: the CSRF token lives only in this variable (never in
// storage), so a reload asks /api/me for it again.
let me = null;
let csrf = null;
let viewSeq = 0;        // bumped by each view; a late answer for an older view is dropped
let inFlight = 0;       // requests under way (the page shows a busy cursor)
let cur = null;         // the open record: see openRecord
let lastOpened = null;  // "id/version" of the last record opened, refocused in the queue
let signKey = '';       // the key path typed last (a path, not a secret; the PIN is never kept)
const filters = { state: '', year: '', class: '' };

const STATE_WORD = {
  draft: 'Bản nháp', in_review: 'Đang xác minh', approved: 'Đã duyệt',
  signed: 'Đã ký', issued: 'Đã phát hành',
};
const ROLE_WORD = { teacher: 'Giáo viên', principal: 'Hiệu trưởng', clerk: 'Văn thư', admin: 'Quản trị' };
const SIGN_ROLE_WORD = {
  NGUOI_XAC_MINH: 'Người xác minh', GVCN: 'Giáo viên chủ nhiệm', GVBM: 'Giáo viên bộ môn',
  CBQL: 'Cán bộ quản lý (Hiệu trưởng)',
};
const ACTION_WORD = { confirm: 'xác nhận', correct: 'sửa', approve: 'duyệt hồ sơ', return: 'trả lại hồ sơ' };
// The two deadlines of the Ministry's database (domain.md), by month-day.
const DUE_WORD = { '06-25': 'học sinh hoàn thành năm học', '08-10': 'các trường hợp còn lại và đính chính' };
const ZOOMS = [1, 1.5, 2, 3];
const NOTE_PAPER = 'Giấy ghi như vậy';

const $ = (sel, root) => (root || document).querySelector(sel);

// h('tr', {class: 'x', 'data-id': 1, onclick: f}, child, ...): attributes
// are set as attributes (true: present, null/false: absent), on* as
// listeners; children are nodes or text (arrays are flattened, null skipped).
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, kids);
  return el;
}

function append(el, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k !== null && k !== undefined && k !== false) el.append(k instanceof Node ? k : String(k));
  }
  return el;
}

function fill(el, ...kids) {
  el.textContent = '';
  return append(el, kids);
}

// ---------------------------------------------------------------- server

async function api(method, url, body) {
  const opt = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (method === 'POST') {
    opt.headers['Content-Type'] = 'application/json';
    if (csrf) opt.headers['X-CSRF-Token'] = csrf;
    opt.body = JSON.stringify(body || {});
  }
  busy(1);
  try {
    let res;
    try {
      res = await fetch(url, opt);
    } catch (e) {
      throw Object.assign(new Error('Không kết nối được với máy chủ. Kiểm tra mạng rồi thử lại.'), { status: 0, data: {} });
    }
    let data = {};
    try { data = await res.json(); } catch (e) { /* an empty or non-JSON body: the status says enough */ }
    if (!res.ok) {
      throw Object.assign(new Error(data.error || `Máy chủ báo lỗi (mã ${res.status}).`), { status: res.status, data });
    }
    return data;
  } finally {
    busy(-1);
  }
}

// A GET for a view: the answer, or null once the error is shown.
async function load(url) {
  try {
    return await api('GET', url);
  } catch (e) {
    fail(e);
    return null;
  }
}

function busy(d) {
  inFlight += d;
  document.body.classList.toggle('busy', inFlight > 0);
}

// #msg holds the last error or success, as the server worded it.
function say(text, kind) {
  const m = $('#msg');
  m.textContent = text || '';
  m.className = text ? (kind || 'ok') : '';
}

function fail(err) {
  if (err.status === 401) showLogin(err.message);
  else say(err.message, 'error');
}

// --------------------------------------------------------------- session

function start() {
  $('#login-form').addEventListener('submit', login);
  $('#logout').addEventListener('click', logout);
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && cur && $('#record')) {
      ev.preventDefault();
      approve();
    }
  });
  api('GET', '/api/me').then(signedIn, (e) => {
    showLogin(e.status === 401 ? '' : e.message);
  });
}

function showLogin(text) {
  me = csrf = cur = null;
  viewSeq++;
  $('#top').hidden = true;
  fill($('#view'));
  $('#login').hidden = false;
  say(text, 'error');
  $('#login-user').focus();
}

function signedIn(answer) {
  me = answer.user;
  csrf = answer.csrf;
  $('#login').hidden = true;
  $('#top').hidden = false;
  const links = [];
  if (me.role !== 'admin') links.push(['#/', 'Hàng chờ']);
  if (me.role === 'principal') links.push(['#/ky', 'Ký số']);
  if (me.role === 'admin') links.push(['#/tk', 'Tài khoản']);
  fill($('#nav'), links.map(([href, text]) => h('a', { href }, text)));
  $('#who').textContent = `${me.full_name || me.login} · ${ROLE_WORD[me.role] || me.role}`;
  route();
}

async function login(ev) {
  ev.preventDefault();
  const pass = $('#login-pass');
  const body = { login: $('#login-user').value.trim(), password: pass.value };
  pass.value = '';
  try {
    const answer = await api('POST', '/api/login', body);
    say('');
    signedIn(answer);
  } catch (e) {
    say(e.message, 'error');
    pass.focus();
  }
}

async function logout() {
  try {
    await api('POST', '/api/logout', {});
  } catch (e) {
    // the session may already be gone; the login screen is right either way
  }
  history.replaceState(null, '', '#/');
  showLogin('');
  say('Đã đăng xuất.', 'ok');
}

// Hash routes: #/ queue, #/r/ID/VERSION record, #/ky signing, #/tk accounts.
function route() {
  if (!me) return;
  say('');
  cur = null;
  const hash = location.hash || '#/';
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.getAttribute('href') === hash) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const m = /^#\/r\/([^/]+)\/(\d+)$/.exec(hash);
  const home = me.role === 'admin' ? '#/tk' : '#/';
  if (m && me.role !== 'admin' && me.role !== 'clerk') openRecord(decodeURIComponent(m[1]), Number(m[2]));
  else if (hash === '#/ky' && me.role === 'principal') showSign();
  else if (hash !== home) location.replace(home);
  else if (home === '#/tk') showUsers();
  else showQueue();
}

// --------------------------------------------------------------- helpers

function pad(n) {
  return String(n).padStart(2, '0');
}

// "2024-06-25" -> "25/6/2024"
function dmy(iso) {
  const m = /^(\d{4})-(\d\d)-(\d\d)/.exec(iso || '');
  return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : iso || '';
}

// A time stamp as "14:05 25/6/2024": in local time when it names its zone,
// as written otherwise.
function when(s) {
  if (!s) return '';
  const d = /(Z|[+-]\d\d:?\d\d)$/.test(s) ? new Date(s) : null;
  if (d && !isNaN(d)) {
    return `${pad(d.getHours())}:${pad(d.getMinutes())} ${d.getDate()}/${d.getMonth() + 1}/${d.getFullYear()}`;
  }
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d)/.exec(s);
  return m ? `${m[2]} ${dmy(m[1])}` : s;
}

function stateBadge(state) {
  return h('span', { class: `badge st-${state}` }, STATE_WORD[state] || state);
}

function recUrl(id, version) {
  return `/api/records/${encodeURIComponent(id)}/${version}`;
}

function rowsTable(rows, openable, empty) {
  return h('table', { class: 'rows' },
    h('thead', {}, h('tr', {},
      ['Học sinh', 'Lớp', 'Năm học', 'Trạng thái', 'Ô cần xem', 'Ô bị đánh dấu', 'Cập nhật']
        .map((t, i) => h('th', { scope: 'col', class: i === 4 || i === 5 ? 'num' : null }, t)))),
    h('tbody', {}, rows.length ? rows.map((r) => recRow(r, openable))
      : h('tr', {}, h('td', { colspan: 7, class: 'empty' }, empty))));
}

function recRow(r, openable) {
  const tr = h('tr', {
    class: openable ? 'rec-row openable' : 'rec-row',
    'data-id': r.id, 'data-version': r.version,
    tabindex: openable ? 0 : null,
    title: openable ? 'Bấm hoặc nhấn Enter để mở hồ sơ' : null,
  },
  h('td', { class: 'student' }, r.student || '(chưa đọc được tên)'),
  h('td', {}, r.class), h('td', {}, r.year), h('td', {}, stateBadge(r.state)),
  h('td', { class: 'num' }, r.open > 0 ? h('span', { class: 'count-open' }, r.open) : h('span', { class: 'count-none' }, '0')),
  h('td', { class: 'num' }, r.flagged), h('td', {}, when(r.updated_at)));
  if (openable) {
    const go = () => {
      lastOpened = `${r.id}/${r.version}`;
      location.hash = `#/r/${encodeURIComponent(r.id)}/${r.version}`;
    };
    tr.addEventListener('click', go);
    tr.addEventListener('keydown', (ev) => {
      // Up/Down walk the rows, so the keyboard reaches a record without Tab-ing through the page
      const next = { ArrowDown: tr.nextElementSibling, ArrowUp: tr.previousElementSibling }[ev.key];
      if (ev.key === 'Enter') go();
      else if (next) {
        ev.preventDefault();
        next.focus();
      }
    });
  }
  return tr;
}

// ----------------------------------------------------------------- queue

async function showQueue() {
  const seq = ++viewSeq;
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
  const data = await load('/api/queue' + (q ? '?' + q : ''));
  if (!data || seq !== viewSeq) return;
  const refocus = document.activeElement && document.activeElement.id;
  const openable = me.role !== 'clerk';
  const classes = data.classes || [];
  fill($('#view'), h('div', { class: 'queue' },
    h('div', { class: 'overview' }, deadlinesPanel(data.deadlines || []), classesPanel(classes)),
    h('section', { class: 'panel' },
      h('h2', {}, 'Hồ sơ'),
      filterBar(classes),
      openable ? null : h('p', { class: 'muted' }, 'Tài khoản văn thư chỉ xem hàng chờ, không mở được hồ sơ.'),
      rowsTable(data.records || [], openable, 'Không có hồ sơ nào khớp bộ lọc.'))));
  // the keyboard starts on the record opened last, else on the first one with work left
  const rows = [...document.querySelectorAll('tr.rec-row[tabindex]')];
  const back = rows.find((tr) => `${tr.dataset.id}/${tr.dataset.version}` === lastOpened)
    || rows.find((tr) => $('.count-open', tr));
  if (refocus && document.getElementById(refocus)) document.getElementById(refocus).focus();
  else if (back) back.focus();
}

function deadlinesPanel(list) {
  if (!list.length) return null;
  return h('section', { class: 'panel deadlines' },
    h('h2', {}, 'Hạn đưa lên cơ sở dữ liệu của Bộ'),
    list.map((d) => h('div', { class: 'deadline' },
      h('p', {}, h('strong', {}, `Năm học ${d.year}`), `: ${d.records} hồ sơ, đã phát hành ${d.issued}`),
      h('ul', {}, (d.due || []).map(dueItem)))));
}

function dueItem(u) {
  const word = DUE_WORD[(u.date || '').slice(5)];
  const left = u.days_left < 0 ? `đã quá hạn ${-u.days_left} ngày`
    : u.days_left === 0 ? 'hạn chót là hôm nay' : `còn ${u.days_left} ngày`;
  const cls = u.missing <= 0 ? 'dl-ok' : u.days_left <= 14 ? 'dl-warn' : '';
  return h('li', { class: cls },
    h('strong', {}, `Hạn ${dmy(u.date)}`), word ? ` (${word})` : '', ` – ${left} – `,
    u.missing > 0 ? h('strong', {}, `còn thiếu ${u.missing} hồ sơ`) : 'đã đủ hồ sơ');
}

function classesPanel(list) {
  if (!list.length) return null;
  return h('section', { class: 'panel classes' },
    h('h2', {}, 'Tiến độ theo lớp'),
    h('table', { class: 'progress' }, h('tbody', {}, list.map((c) => {
      const done = (c.approved || 0) + (c.done || 0);
      const pct = c.total ? Math.round((100 * done) / c.total) : 0;
      const bar = h('span', { class: 'bar-fill' });
      bar.style.width = `${pct}%`;
      return h('tr', {},
        h('th', { scope: 'row' },
          h('button', {
            type: 'button', class: 'link', title: 'Chỉ xem hồ sơ của lớp này',
            onclick: () => { Object.assign(filters, { year: c.year, class: c.class }); showQueue(); },
          }, `Lớp ${c.class}`),
          h('span', { class: 'muted' }, ` ${c.year}`)),
        h('td', { class: 'bar-cell' }, h('span', {
          class: pct === 100 ? 'bar full' : 'bar', role: 'progressbar',
          'aria-valuemin': 0, 'aria-valuemax': c.total, 'aria-valuenow': done,
          'aria-label': `Lớp ${c.class}: ${done} trên ${c.total} hồ sơ đã duyệt`,
        }, bar)),
        h('td', { class: 'num' }, `${done}/${c.total} đã duyệt`),
        h('td', { class: c.open ? 'warn-text' : 'muted' }, c.open ? `${c.open} ô cần xem` : 'không còn ô cần xem'));
    }))));
}

function filterBar(classes) {
  const uniq = (a) => [...new Set(a.filter(Boolean))];
  const years = uniq([...classes.map((c) => c.year), filters.year]).sort().reverse();
  const names = uniq([...classes.filter((c) => !filters.year || c.year === filters.year).map((c) => c.class), filters.class]).sort();
  const select = (key, label, all, options) => h('label', { class: 'filter' }, label,
    h('select', {
      id: `f-${key}`,
      onchange: (ev) => { filters[key] = ev.target.value; showQueue(); },
    },
    h('option', { value: '' }, all),
    options.map(([v, t]) => h('option', { value: v, selected: v === filters[key] }, t))));
  return h('div', { class: 'filters' },
    select('state', 'Trạng thái', 'Tất cả', Object.entries(STATE_WORD)),
    select('year', 'Năm học', 'Tất cả', years.map((y) => [y, y])),
    select('class', 'Lớp', 'Tất cả', names.map((c) => [c, c])));
}

// ---------------------------------------------------------------- record
//
// cur = {id, version, rec (the RECORD), page (shown), zoom, busy, conflict
// (a 409 came back), returning (the send-back form is open), imgs (page n ->
// Image, for the crops), inputs (path -> {field, note, row}), order (the
// fields as shown), focus (the path focused last), el (the parts of the
// view that are redrawn)}.

async function openRecord(id, version) {
  const seq = ++viewSeq;
  const rec = await load(recUrl(id, version));
  if (seq !== viewSeq) return;
  if (!rec) return fill($('#view'), h('p', {}, h('a', { href: '#/', class: 'button' }, '← Về hàng chờ')));
  cur = { id, version, rec, page: 0, zoom: 0, busy: false, conflict: false, returning: false, imgs: {}, inputs: new Map() };
  buildRecordView();
  redraw();
  focusStart();
}

function buildRecordView() {
  const img = h('img', { id: 'page-img', alt: '' });
  img.addEventListener('error', () => say('Không tải được ảnh của trang này.', 'error'));
  cur.el = {
    root: h('div', { id: 'record' }),
    head: h('div', { class: 'rec-head' }),
    banners: h('div', { class: 'rec-banners' }),
    tabs: h('div', { class: 'page-tools' }),
    pane: h('div', { class: 'pane-page' }),
    wrap: h('div', { class: 'page-wrap' }),
    img,
    boxes: h('div', { class: 'boxes' }),
    form: h('div', { class: 'pane-form', onkeydown: formKey, oninput: formInput, onfocusin: formFocus }),
  };
  const e = cur.el;
  append(e.wrap, [img, e.boxes]);
  append(e.pane, [e.wrap]);
  append(e.root, [e.head, e.banners, h('div', { class: 'rec-body' }, h('div', { class: 'pane-left' }, e.tabs, e.pane), e.form)]);
  fill($('#view'), e.root);
}

// Redraws everything from cur.rec but the page image, keeping what the
// person typed and did not save yet, and the form's scroll position.
function redraw() {
  const r = cur.rec;
  const e = cur.el;
  e.root.dataset.rev = r.rev;
  e.root.dataset.state = r.state;
  const kept = [];
  for (const [path, ins] of cur.inputs) {
    for (const kind of ['field', 'note']) {
      if (ins[kind] && ins[kind].value !== ins[kind].defaultValue) kept.push([path, kind, ins[kind].value]);
    }
  }
  const scroll = e.form.scrollTop;
  fill(e.head, recordHead());
  fill(e.banners, recordBanners());
  fill(e.form, recordForm());
  for (const [path, kind, value] of kept) {
    const ins = cur.inputs.get(path);
    if (ins && ins[kind]) {
      ins[kind].value = value;
      markDirty(ins[kind]);
    }
  }
  e.form.scrollTop = scroll;
  showPage(cur.page || firstPage());
}

function firstPage() {
  const f = fieldWhere((f) => f.open && f.page) || fieldWhere((f) => f.page);
  return f ? f.page : (cur.rec.pages[0] || { n: 1 }).n;
}

function fieldWhere(test) {
  return cur.rec.fields.find(test);
}

function openCount() {
  return cur.rec.fields.filter((f) => f.open).length;
}

// Why the approve button is (not) usable, in words.
function approveHint() {
  const r = cur.rec;
  const n = openCount();
  if (!r.can_edit) return 'Bạn chỉ được xem hồ sơ này.';
  if (n) return `Còn ${n} ô cần xem trước khi duyệt.`;
  if (r.can_approve) return 'Đã xem hết các ô: có thể duyệt.';
  return r.state === 'approved' ? 'Hồ sơ đã được duyệt.' : 'Hồ sơ này chưa duyệt được.';
}

function recordHead() {
  const r = cur.rec;
  const n = openCount();
  return [
    h('div', { class: 'rec-title' },
      h('a', { href: '#/', class: 'button', id: 'back' }, '← Hàng chờ'),
      h('h1', {}, r.student || '(chưa đọc được tên)'),
      stateBadge(r.state),
      h('span', { class: 'muted' }, [`Lớp ${r.class}`, `Năm học ${r.year}`, r.family && `Mẫu ${r.family}`, r.book && `Sổ ${r.book}`]
        .filter(Boolean).join(' · '))),
    h('div', { class: 'rec-actions' },
      h('button', { type: 'button', id: 'approve', class: 'primary', disabled: !r.can_approve, onclick: approve }, 'Duyệt hồ sơ'),
      r.can_return ? h('button', { type: 'button', id: 'return', onclick: openReturn }, 'Trả lại') : null),
    h('p', { class: 'help' },
      h('span', { class: n ? 'warn-text' : 'ok-text' }, approveHint()),
      r.can_edit ? 'Phím tắt: Enter – lưu ô, sang ô cần xem tiếp theo · Tab – sang ô kế · Esc – bỏ phần vừa gõ · Ctrl+Enter – duyệt hồ sơ' : null),
  ];
}

function recordBanners() {
  const r = cur.rec;
  const out = [];
  if (cur.conflict) {
    // the server's sentence is in #msg; this says what to do about it
    out.push(h('div', { class: 'banner error', role: 'alert' },
      h('p', {}, 'Hồ sơ vừa được người khác thay đổi nên chưa lưu được. Bấm “Tải lại” để xem bản mới nhất; những gì bạn vừa gõ mà chưa lưu sẽ mất.'),
      h('button', { type: 'button', id: 'reload', class: 'primary', onclick: reload }, 'Tải lại')));
  }
  if (r.returned) {
    out.push(h('div', { class: 'banner warn' }, h('strong', {}, 'Hồ sơ bị trả lại: '), r.returned));
  }
  if (cur.returning) {
    const reason = h('input', { id: 'return-reason', type: 'text', autocomplete: 'off', placeholder: 'Ví dụ: Điểm Toán HK II chưa đúng, xem lại trang 2' });
    reason.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') closeReturn(); });
    out.push(h('form', { class: 'banner return-form', onsubmit: sendBack },
      h('label', { for: 'return-reason' }, 'Lý do trả lại'), reason,
      h('button', { type: 'submit', id: 'return-submit', class: 'primary' }, 'Gửi trả lại'),
      h('button', { type: 'button', onclick: closeReturn }, 'Hủy')));
  }
  return out;
}

// The fields grouped by their "group", in the order each group first appears.
function recordForm() {
  const groups = new Map();
  for (const f of cur.rec.fields) {
    if (!groups.has(f.group)) groups.set(f.group, []);
    groups.get(f.group).push(f);
  }
  cur.inputs = new Map();
  cur.order = [];
  const out = [];
  for (const [name, list] of groups) {
    out.push(h('fieldset', { class: 'group' }, h('legend', {}, name || 'Khác'), list.map(fieldRow)));
  }
  out.push(auditList());
  return out;
}

function fieldState(f) {
  return f.open ? 'is-open' : f.checked ? 'is-checked' : f.review ? 'is-noted' : 'is-plain';
}

function fieldRow(f) {
  const i = cur.order.push(f);
  const ro = !cur.rec.can_edit;
  const field = h('input', {
    id: `f${i}`, class: 'field', type: 'text', 'data-path': f.path, 'data-open': f.open ? '1' : null,
    value: f.value || '', readonly: ro, autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': f.review ? `why${i}` : null,
  });
  const status = { 'is-open': 'Cần xem', 'is-checked': 'Đã kiểm tra', 'is-noted': 'Có ghi chú' }[fieldState(f)];
  const row = h('div', { class: `frow ${fieldState(f)}` },
    h('label', { for: `f${i}` }, f.label),
    h('div', { class: 'fvalue' }, field, h('span', { class: 'fstatus' }, status)));
  let note = null;
  if (f.review || f.note) {
    note = h('input', {
      id: `n${i}`, class: 'note', type: 'text', 'data-path': f.path, value: f.note || '',
      readonly: ro, autocomplete: 'off', placeholder: `vd: ${NOTE_PAPER.toLowerCase()}`,
    });
    const reasons = reasonLines(f);
    append(row, [h('div', { class: 'flag' },
      cropCanvas(f),
      reasons.length ? h('ul', { class: 'reasons', id: `why${i}` }, reasons.map((t) => h('li', {}, t))) : null),
    h('div', { class: 'noteline' },
      h('label', { for: `n${i}` }, 'Ghi chú'), note,
      ro ? null : h('button', {
        type: 'button', class: 'small', title: 'Giữ đúng như giấy và ghi chú lý do',
        onclick: () => { note.value = NOTE_PAPER; save(f.path); },
      }, NOTE_PAPER))]);
  }
  field.addEventListener('focus', () => field.select());
  if (note) note.addEventListener('focus', () => note.select());
  cur.inputs.set(f.path, { field, note, row });
  return row;
}

function reasonLines(f) {
  const t = f.reason_text || [];
  return (Array.isArray(t) ? t : String(t).split('\n')).filter(Boolean);
}

function auditList() {
  const a = cur.rec.audit || [];
  if (!a.length) return null;
  const label = (p) => (fieldWhere((f) => f.path === p) || { label: p }).label;
  return h('details', { class: 'audit' },
    h('summary', {}, `Lịch sử xác minh (${a.length})`),
    h('ol', {}, a.map((x) => h('li', {},
      h('span', { class: 'muted' }, `${when(x.at)} – `), h('strong', {}, x.name || x.who), ' ',
      ACTION_WORD[x.action] || x.action,
      x.path ? ` ${label(x.path)}` : '',
      x.action === 'correct' ? `: “${x.old || ''}” → “${x.new || ''}”` : '',
      x.note ? ` (ghi chú: ${x.note})` : ''))));
}

// ------------------------------------------------------- page and boxes

function pageInfo(n) {
  return cur.rec.pages.find((p) => p.n === n);
}

// One Image per page, shared by the crops (the browser caches the file).
function pageImage(n) {
  if (!cur.imgs[n]) {
    cur.imgs[n] = new Image();
    cur.imgs[n].src = pageInfo(n).url;
  }
  return cur.imgs[n];
}

function showPage(n) {
  const p = pageInfo(n);
  const e = cur.el;
  if (!p) return;
  cur.page = n;
  if (e.img.getAttribute('src') !== p.url) {
    e.img.src = p.url;
    // the size in the attributes keeps the frame (and the boxes) in place while the image loads
    e.img.width = p.width;
    e.img.height = p.height;
    e.img.alt = `Ảnh trang ${n} của sổ`;
  }
  e.wrap.style.width = `${ZOOMS[cur.zoom] * 100}%`;
  // the tools are redrawn: a tool pressed from the keyboard keeps the focus
  const had = e.tabs.contains(document.activeElement) && document.activeElement.dataset.key;
  const byPage = (k) => cur.rec.fields.filter((f) => f.open && f.page === k).length;
  fill(e.tabs,
    cur.rec.pages.map((q) => h('button', {
      type: 'button', class: 'tab', 'data-key': `p${q.n}`, 'aria-pressed': String(q.n === n), onclick: () => showPage(q.n),
    }, `Trang ${q.n}`, byPage(q.n) ? h('span', { class: 'count-open' }, byPage(q.n)) : null)),
    h('span', { class: 'zoom' },
      h('button', { type: 'button', 'data-key': 'out', onclick: () => zoom(-1), title: 'Thu nhỏ ảnh' }, '−'),
      h('span', {}, `${ZOOMS[cur.zoom] * 100}%`),
      h('button', { type: 'button', 'data-key': 'in', onclick: () => zoom(1), title: 'Phóng to ảnh' }, '+')));
  if (had) $(`[data-key="${had}"]`, e.tabs).focus();
  // Boxes in percent of the page, so they follow the image at any size.
  fill(e.boxes, cur.rec.fields.filter((f) => f.box && f.page === n).map((f) => {
    const [x, y, w, ht] = f.box;
    const b = h('div', { class: `box ${fieldState(f)}`, 'data-path': f.path, title: f.label });
    b.style.left = `${(100 * x) / p.width}%`;
    b.style.top = `${(100 * y) / p.height}%`;
    // an empty cell may come with a zero width: still give it something to click
    b.style.width = `${(100 * Math.max(w, 24)) / p.width}%`;
    b.style.height = `${(100 * Math.max(ht, 24)) / p.height}%`;
    b.addEventListener('click', () => focusField(f.path));
    return b;
  }));
  markCurrent();
}

function zoom(d) {
  cur.zoom = Math.min(ZOOMS.length - 1, Math.max(0, cur.zoom + d));
  showPage(cur.page);
}

// The focused field's box is outlined and brought into view in the page pane.
function markCurrent() {
  const path = cur.focus;
  let shown = null;
  for (const b of cur.el.boxes.children) {
    const on = b.dataset.path === path;
    b.classList.toggle('current', on);
    if (on) shown = b;
  }
  if (shown) {
    const pr = cur.el.pane.getBoundingClientRect();
    const br = shown.getBoundingClientRect();
    cur.el.pane.scrollTop += br.top - pr.top - (pr.height - br.height) / 2;
    cur.el.pane.scrollLeft += br.left - pr.left - (pr.width - br.width) / 2;
  }
}

// The cell cut from the page with a margin, about twice as big as on paper
// at screen size, with the box outlined: the teacher reads the ink without
// hunting for it on the page.
function cropCanvas(f) {
  const p = f.box && pageInfo(f.page);
  if (!p) return null;
  const c = h('canvas', { class: 'crop', role: 'img', 'aria-label': `Ảnh ô “${f.label}” trên trang ${f.page}` });
  c.addEventListener('click', () => focusField(f.path));
  const img = pageImage(f.page);
  const draw = () => {
    const k = img.naturalWidth / p.width; // the served image may be smaller than the page it describes
    const [x, y, w, ht] = f.box;
    const m = Math.max(16, Math.round(Math.max(ht, 40) * 0.6));
    const sx = Math.max(0, x - m);
    const sy = Math.max(0, y - m);
    const sw = Math.min(p.width, x + Math.max(w, 40) + m) - sx;
    const sh = Math.min(p.height, y + ht + m) - sy;
    const scale = Math.min(2, 520 / sw, 150 / sh);
    c.width = Math.round(sw * scale);
    c.height = Math.round(sh * scale);
    const g = c.getContext('2d');
    g.imageSmoothingQuality = 'high';
    g.drawImage(img, sx * k, sy * k, sw * k, sh * k, 0, 0, c.width, c.height);
    g.strokeStyle = '#e06000';
    g.lineWidth = 2;
    g.strokeRect((x - sx) * scale, (y - sy) * scale, Math.max(w, 2) * scale, ht * scale);
  };
  if (img.complete && img.naturalWidth) draw();
  else img.addEventListener('load', draw, { once: true });
  return c;
}

// ------------------------------------------------------------ keyboard

function focusField(path, kind) {
  const ins = cur && cur.inputs.get(path);
  const el = ins && (ins[kind || 'field'] || ins.field);
  if (!el) return;
  el.focus();
  el.select();
}

// On opening: the first open field; with none, the approve button.
function focusStart() {
  const f = cur.order.find((x) => x.open);
  if (f) focusField(f.path);
  else if (cur.rec.can_approve) $('#approve').focus();
  else if (cur.order.length) focusField(cur.order[0].path);
}

// After a save of `path`: the next open field after it (wrapping); when it
// is the only one left open, its note (a rule's finding that the paper
// itself causes needs one); when none is open, the approve button.
function focusAfter(path) {
  const order = cur.order;
  const at = order.findIndex((f) => f.path === path);
  for (let i = 1; i < order.length; i++) {
    const f = order[(at + i) % order.length];
    if (f.open) return focusField(f.path);
  }
  if (at >= 0 && order[at].open) return focusField(path, 'note');
  if (cur.rec.can_approve) return $('#approve').focus();
  if (order[at + 1]) focusField(order[at + 1].path);
}

function formKey(ev) {
  const t = ev.target;
  const path = t.dataset && t.dataset.path;
  if (!path || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.key === 'Enter') {
    ev.preventDefault();
    save(path);
  } else if (ev.key === 'Escape') {
    t.value = t.defaultValue;
    markDirty(t);
    t.select();
  }
}

function formInput(ev) {
  if (ev.target.dataset.path) markDirty(ev.target);
}

// A value typed but not saved is marked on its row (Tab does not save).
function markDirty(input) {
  input.classList.toggle('dirty', input.value !== input.defaultValue);
  const ins = cur.inputs.get(input.dataset.path);
  ins.row.classList.toggle('dirty', !!ins.row.querySelector('input.dirty'));
}

function formFocus(ev) {
  const path = ev.target.dataset && ev.target.dataset.path;
  if (!path) return;
  for (const row of cur.el.form.querySelectorAll('.frow.current')) row.classList.remove('current');
  const row = cur.inputs.get(path).row;
  row.classList.add('current');
  // the whole row (its crop and reasons too), not just the input
  row.scrollIntoView({ block: 'nearest' });
  cur.focus = path;
  const f = fieldWhere((x) => x.path === path);
  if (f.page && f.page !== cur.page) showPage(f.page);
  else markCurrent();
}

// ------------------------------------------------------------- actions

// POSTs an action on the open record; its answer is the record re-checked.
// A 409 is never retried: the person chooses to reload.
async function recPost(action, body) {
  const c = cur;
  if (c.busy) return null;
  c.busy = true;
  try {
    const rec = await api('POST', `${recUrl(c.id, c.version)}/${action}`, Object.assign({ rev: c.rec.rev }, body));
    return cur === c ? rec : null;
  } catch (e) {
    if (cur !== c) return null;
    fail(e);
    if (e.status === 409) {
      c.conflict = true;
      fill(c.el.banners, recordBanners());
      $('#reload').focus();
    } else if (e.status === 422 && e.data.open && e.data.open.length) {
      focusField(e.data.open[0]);
    }
    return null;
  } finally {
    c.busy = false;
  }
}

async function save(path) {
  if (!cur.rec.can_edit) return say('Bạn chỉ được xem hồ sơ này, không sửa được.', 'error');
  const ins = cur.inputs.get(path);
  const body = { path, value: ins.field.value };
  if (ins.note) body.note = ins.note.value.trim();
  const changed = ins.field.value !== ins.field.defaultValue;
  const f = fieldWhere((x) => x.path === path);
  const label = f.label;
  // Enter on a value nobody doubted, unchanged: nothing to confirm, so
  // nothing goes to the audit trail; the cursor just moves on.
  const noteChanged = ins.note && ins.note.value.trim() !== ins.note.defaultValue.trim();
  if (!changed && !f.review && !noteChanged) return focusAfter(path);
  const rec = await recPost('field', body);
  if (!rec) return;
  cur.rec = rec;
  // drop this field's typed values first: the answer holds what was stored
  ins.field.value = ins.field.defaultValue;
  if (ins.note) ins.note.value = ins.note.defaultValue;
  redraw();
  say(`${changed ? 'Đã sửa' : 'Đã xác nhận'}: ${label}.`, 'ok');
  focusAfter(path);
}

async function approve() {
  if (!cur) return;
  const dirty = cur.el.form.querySelector('input.dirty');
  if (dirty) {
    say('Có ô đã sửa nhưng chưa lưu: nhấn Enter trong ô để lưu, hoặc Esc để bỏ.', 'error');
    return dirty.focus();
  }
  if (!cur.rec.can_approve) {
    say(approveHint(), 'error');
    if (openCount()) focusStart();
    return;
  }
  const rec = await recPost('approve', {});
  if (!rec) return;
  cur.rec = rec;
  redraw();
  say('Đã duyệt hồ sơ. Nhấn Enter để về hàng chờ.', 'ok');
  $('#back').focus();
}

function openReturn() {
  cur.returning = true;
  fill(cur.el.banners, recordBanners());
  $('#return-reason').focus();
}

function closeReturn() {
  cur.returning = false;
  fill(cur.el.banners, recordBanners());
  if ($('#return')) $('#return').focus();
}

async function sendBack(ev) {
  ev.preventDefault();
  const reason = $('#return-reason').value.trim();
  if (!reason) {
    say('Hãy ghi lý do trả lại.', 'error');
    return $('#return-reason').focus();
  }
  const rec = await recPost('return', { reason });
  if (!rec) return;
  cur.rec = rec;
  cur.returning = false;
  redraw();
  say('Đã trả lại hồ sơ.', 'ok');
  $('#back').focus();
}

async function reload() {
  const c = cur;
  const rec = await load(recUrl(c.id, c.version));
  if (!rec || cur !== c) return;
  c.rec = rec;
  c.conflict = false;
  c.inputs = new Map(); // what was typed belongs to the outdated copy
  redraw();
  say('Đã tải lại hồ sơ.', 'ok');
  focusStart();
}

// --------------------------------------------------------------- signing

function labelled(id, label, input) {
  return h('div', { class: 'frow' }, h('label', { for: id }, label), input);
}

async function showSign() {
  const seq = ++viewSeq;
  const d = await load('/api/sign');
  if (!d || seq !== viewSeq) return;
  const roles = d.roles || [];
  const form = h('form', { class: 'panel sign-form', onsubmit: signAll },
    h('h2', {}, 'Ký số các hồ sơ đã duyệt'),
    labelled('sign-role', 'Ký với vai trò', h('select', { id: 'sign-role' },
      roles.map((r) => h('option', { value: r }, SIGN_ROLE_WORD[r] ? `${SIGN_ROLE_WORD[r]} (${r})` : r)))),
    labelled('sign-key', 'Khóa ký trên máy chủ', h('input', {
      id: 'sign-key', type: 'text', value: signKey, required: true, autocomplete: 'off', spellcheck: 'false',
      placeholder: 'Đường dẫn tệp .p12, hoặc pkcs11:… của USB ký số',
    })),
    labelled('sign-pin', 'Mã PIN', h('input', { id: 'sign-pin', type: 'password', required: true, autocomplete: 'off' })),
    h('p', { class: 'muted' }, 'Mã PIN chỉ dùng cho lần ký này và không được lưu lại.'),
    h('button', { type: 'submit', id: 'sign-submit', class: 'primary' }, 'Ký số'));
  fill($('#view'), h('div', { class: 'sign' },
    h('section', { class: 'panel' }, h('h2', {}, `Hồ sơ đã duyệt, chờ ký (${(d.ready || []).length})`),
      rowsTable(d.ready || [], true, 'Không có hồ sơ nào chờ ký.')),
    h('section', { class: 'panel' }, h('h2', {}, `Đã ký, chờ vai trò khác ký (${(d.signed || []).length})`),
      rowsTable(d.signed || [], true, 'Không có hồ sơ nào.')),
    form,
    d.command ? h('section', { class: 'panel' },
      h('h2', {}, 'Ký bằng dòng lệnh'),
      h('p', {}, 'Có thể ký trên máy chủ bằng lệnh sau:'),
      h('pre', { class: 'command' }, d.command)) : null));
}

async function signAll(ev) {
  ev.preventDefault();
  const pin = $('#sign-pin');
  const button = $('#sign-submit');
  signKey = $('#sign-key').value.trim();
  const body = { role: $('#sign-role').value, key: signKey, pin: pin.value };
  pin.value = ''; // the PIN lives only in this one request
  button.disabled = true;
  say('Đang ký, xin chờ…', 'ok');
  try {
    const r = await api('POST', '/api/sign', body);
    say(`Đã ký ${r.signed} hồ sơ, đã phát hành ${r.issued} hồ sơ.`, 'ok');
    showSign();
  } catch (e) {
    fail(e);
    button.disabled = false;
    pin.focus();
  } finally {
    body.pin = '';
  }
}

// -------------------------------------------------------------- accounts

async function showUsers() {
  const seq = ++viewSeq;
  const d = await load('/api/users');
  if (!d || seq !== viewSeq) return;
  fill($('#view'), h('div', { class: 'users' },
    h('section', { class: 'panel' }, h('h2', {}, 'Tài khoản'),
      h('table', { class: 'rows' },
        h('thead', {}, h('tr', {}, ['Tên đăng nhập', 'Họ và tên', 'Vai trò', 'Lớp phụ trách', 'Trạng thái', '']
          .map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, (d.users || []).map(userRow)))),
    h('form', { class: 'panel user-form', onsubmit: addUser },
      h('h2', {}, 'Thêm tài khoản'),
      labelled('new-login', 'Tên đăng nhập', h('input', { id: 'new-login', required: true, autocomplete: 'off', spellcheck: 'false' })),
      labelled('new-name', 'Họ và tên', h('input', { id: 'new-name', required: true, autocomplete: 'off' })),
      labelled('new-role', 'Vai trò', h('select', { id: 'new-role' },
        Object.entries(ROLE_WORD).map(([v, t]) => h('option', { value: v }, t)))),
      labelled('new-pass', 'Mật khẩu', h('input', { id: 'new-pass', type: 'password', required: true, autocomplete: 'new-password' })),
      labelled('new-classes', 'Lớp phụ trách', h('input', {
        id: 'new-classes', autocomplete: 'off', placeholder: 'vd: 8A, 2023-2024/9B (cách nhau bằng dấu phẩy)',
      })),
      h('button', { type: 'submit', id: 'new-submit', class: 'primary' }, 'Thêm tài khoản'))));
}

function userRow(u) {
  return h('tr', { class: u.disabled ? 'user-row disabled' : 'user-row', 'data-login': u.login },
    h('td', {}, u.login), h('td', {}, u.full_name), h('td', {}, ROLE_WORD[u.role] || u.role),
    h('td', {}, (u.classes || []).join(', ')),
    h('td', {}, u.disabled ? 'Đã khóa' : 'Đang dùng'),
    h('td', {}, h('button', { type: 'button', class: 'small', onclick: () => setDisabled(u, !u.disabled) },
      u.disabled ? 'Mở khóa' : 'Khóa')));
}

async function addUser(ev) {
  ev.preventDefault();
  const pass = $('#new-pass');
  const body = {
    login: $('#new-login').value.trim(), full_name: $('#new-name').value.trim(), role: $('#new-role').value,
    password: pass.value, classes: $('#new-classes').value.split(',').map((s) => s.trim()).filter(Boolean),
  };
  pass.value = '';
  try {
    const u = await api('POST', '/api/users', body);
    say(`Đã thêm tài khoản ${u.login}.`, 'ok');
    await showUsers();
    $('#new-login').focus();
  } catch (e) {
    fail(e);
  }
}

async function setDisabled(u, disabled) {
  try {
    await api('POST', `/api/users/${encodeURIComponent(u.login)}`, { disabled });
    say(disabled ? `Đã khóa tài khoản ${u.login}.` : `Đã mở khóa tài khoản ${u.login}.`, 'ok');
    await showUsers();
  } catch (e) {
    fail(e);
  }
}

start();
