// tests/load/load.mjs - many reviewers on one workspace for a while
// (run by tests/load/run.sh).  Node's own fetch, no package.
//
// Each account of LOGINS logs in and, until SECONDS have passed, works as
// a reviewer does: the queue, a record, a correction of that record's
// field FIELD (its own records only: reviewer i takes records i, i+N, …),
// saved with the revision it read (409: reload, retry), now and then the
// record again.  Every request is timed.  Printed at the end, as JSON on
// the last line: requests per kind with p50/p95/p99/max latency, statuses,
// and every correction that was answered 200 (OUT), for the shell to find
// each in the audit trail exactly once.
//
// Environment: URL (loopback only), LOGINS, PASSWORD_DIR (pw-LOGIN files),
// IDS (record ids, comma separated), FIELD, SECONDS (default 300), OUT,
// THINK_MS (a reviewer's pause before a save and between records, random
// up to this, default 250).
// Bounded: SECONDS + 30 s in all, 30 s per request, loopback only.
import { writeFileSync, readFileSync } from 'node:fs';

const URL0 = process.env.URL;
if (!/^http:\/\/127\.0\.0\.1:\d+\/$/.test(URL0)) throw new Error('URL must be http://127.0.0.1:PORT/: ' + URL0);
const logins = process.env.LOGINS.split(',');
const ids = process.env.IDS.split(',');
const FIELD = process.env.FIELD;
const SECONDS = Number(process.env.SECONDS || 300);
const stopAt = Date.now() + SECONDS * 1e3;
const hardStop = stopAt + 30e3;
const lat = {};       // kind -> [ms]
const statuses = {};  // status -> count
const saved = [];     // {login, id, value}: answered 200
const unknown = [];   // writes whose answer never came (timeout): in the audit at most once
const THINK = Number(process.env.THINK_MS ?? 250);
const sleep = ms => new Promise(r => setTimeout(r, ms));
let errors = [];

async function call(s, method, path, body, kind) {
  if (Date.now() > hardStop) throw new Error('out of time');
  const headers = {};
  if (s.cookie) headers.Cookie = s.cookie;
  if (method === 'POST') { headers['Content-Type'] = 'application/json'; if (s.csrf) headers['X-CSRF-Token'] = s.csrf; }
  const t0 = performance.now();
  const res = await fetch(new URL(path, URL0), { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
                                               signal: AbortSignal.timeout(30e3) });
  const text = await res.text();
  const ms = performance.now() - t0;
  (lat[kind] ??= []).push(ms);
  statuses[res.status] = (statuses[res.status] || 0) + 1;
  if (res.status >= 500) errors.push(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, res };
}

async function reviewer(login, k) {
  const s = { cookie: '', csrf: '' };
  const pw = readFileSync(`${process.env.PASSWORD_DIR}/pw-${login}`, 'utf8');
  const r = await call(s, 'POST', '/api/login', { login, password: pw }, 'login');
  if (r.status !== 200) throw new Error(`login ${login}: ${r.status}`);
  s.cookie = r.res.headers.getSetCookie().find(c => c.startsWith('hocba_session=')).split(';')[0];
  s.csrf = r.json.csrf;
  const mine = ids.filter((_, i) => i % logins.length === k);
  let n = 0;
  while (Date.now() < stopAt) {
    const q = await call(s, 'GET', '/api/queue', undefined, 'queue');
    if (q.status !== 200) { errors.push(`queue ${login}: ${q.status}`); break; }
    const id = mine[n % mine.length];
    const row = q.json.records.find(x => x.id === id);
    if (!row) { errors.push(`${login}: record ${id} not in the queue`); break; }
    const value = `Thôn ${login} lần ${n}`;
    for (let tries = 0; tries < 50 && Date.now() < hardStop; tries++) {
      const rec = await call(s, 'GET', `/api/records/${id}/${row.version}`, undefined, 'record');
      if (rec.status !== 200) { errors.push(`record ${id}: ${rec.status}`); break; }
      await sleep(THINK * Math.random());
      let w;
      try {
        w = await call(s, 'POST', `/api/records/${id}/${row.version}/field`,
                       { path: FIELD, value, rev: rec.json.rev }, 'field');
      } catch (err) { unknown.push({ login, id, value }); throw err; }
      if (w.status === 200) { saved.push({ login, id, value }); break; }
      if (w.status !== 409) { errors.push(`field ${id}: ${w.status}`); break; }
    }
    n++;
    await sleep(THINK * Math.random());
  }
}

const t0 = Date.now();
const results = await Promise.allSettled(logins.map((l, k) => reviewer(l, k)));
for (const r of results) if (r.status === 'rejected') errors.push(String(r.reason));
const pct = (a, p) => a.length ? a[Math.min(a.length - 1, Math.floor(a.length * p))] : 0;
const kinds = {};
for (const [k, a] of Object.entries(lat)) {
  a.sort((x, y) => x - y);
  kinds[k] = { n: a.length, p50: +pct(a, 0.5).toFixed(1), p95: +pct(a, 0.95).toFixed(1),
               p99: +pct(a, 0.99).toFixed(1), max: +a[a.length - 1].toFixed(1) };
}
const all = Object.values(lat).flat().sort((x, y) => x - y);
writeFileSync(process.env.OUT, JSON.stringify(saved));
writeFileSync(process.env.OUT + '.unknown', JSON.stringify(unknown));
console.log(JSON.stringify({ seconds: (Date.now() - t0) / 1e3, reviewers: logins.length, requests: all.length,
  p50: +pct(all, 0.5).toFixed(1), p95: +pct(all, 0.95).toFixed(1), p99: +pct(all, 0.99).toFixed(1),
  kinds, statuses, saved: saved.length, errors: errors.slice(0, 20), n_errors: errors.length }));
