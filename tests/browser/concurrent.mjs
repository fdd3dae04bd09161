// tests/browser/concurrent.mjs - many reviewers at once on one workspace
// lose no write (run by tests/integration/test_review_concurrent.sh).
//
// Node's own fetch, no package.  Every account of LOGINS logs in at once;
// the fields of the queue's records (the score tables first) are dealt out
// so that each session has its own few fields, spread over the records, and
// every session then corrects its fields one after the other, all sessions
// at the same time.  A save refused as outdated (409) is retried after
// reloading the record's rev, as the UI does.  Afterwards every correction
// must be in the stored record, and in the audit exactly once.
//
// Environment: URL (http://127.0.0.1:PORT/), LOGINS (comma separated),
// PASSWORD_DIR (files pw-LOGIN), PER_SESSION (corrections per session,
// default 4), TAP_START (the first TAP number), OUT (a file that receives
// the corrections as JSON, for the shell's own checks), OTHER_WRITERS (the
// logins of writers outside this program, whose corrections are not
// counted as strays).  Bounded: at most
// 100 tries a correction and 180 s in all, loopback only.
import { writeFileSync, readFileSync } from 'node:fs';

const URL0 = process.env.URL;
const logins = process.env.LOGINS.split(',');
const perSession = Number(process.env.PER_SESSION || 4);
let tap = Number(process.env.TAP_START || 1);
const deadline = Date.now() + 180e3;
if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+\/$/.test(URL0))
    throw new Error('URL must be a loopback address: ' + URL0);

function report(ok, name, detail) {
    console.log(`${ok ? 'ok' : 'not ok'} ${tap++} - ${name}`);
    if (!ok && detail) for (const l of String(detail).split('\n').slice(0, 20)) console.log('#   ' + l);
}

class Session {
    constructor(login) { this.login = login; this.cookie = ''; this.csrf = ''; }
    async call(method, path, body) {
        if (Date.now() > deadline) throw new Error('out of time');
        const headers = {};
        if (this.cookie) headers.Cookie = this.cookie;
        if (method === 'POST') { headers['Content-Type'] = 'application/json'; if (this.csrf) headers['X-CSRF-Token'] = this.csrf; }
        const res = await fetch(new URL(path, URL0), { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
                                                     signal: AbortSignal.timeout(60e3) });
        const text = await res.text();
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        return { status: res.status, json, text, res };
    }
    async signIn(password) {
        const r = await this.call('POST', '/api/login', { login: this.login, password });
        if (r.status !== 200) throw new Error(`login ${this.login}: ${r.status} ${r.text.slice(0, 200)}`);
        const sc = r.res.headers.getSetCookie().find(c => c.startsWith('hocba_session='));
        if (!sc) throw new Error(`login ${this.login}: no hocba_session cookie`);
        this.cookie = sc.split(';')[0];
        this.csrf = r.json.csrf;
    }
}

const sleep = ms => new Promise(r => setTimeout(r, ms));
const recUrl = (id, v) => `/api/records/${encodeURIComponent(id)}/${v}`;

const sessions = logins.map(l => new Session(l));
const t0 = Date.now();
let loginErr = null;
try {
    await Promise.all(sessions.map(s => s.signIn(readFileSync(`${process.env.PASSWORD_DIR}/pw-${s.login}`, 'utf8'))));
} catch (e) { loginErr = e; }
report(!loginErr, `${sessions.length} reviewers log in at once (${((Date.now() - t0) / 1000).toFixed(1)} s)`, loginErr && loginErr.stack);
if (loginErr) process.exit(1);

// the records and the fields to deal out
const q = await sessions[0].call('GET', '/api/queue');
const records = [];
for (const row of (q.json && q.json.records) || []) {
    const r = await sessions[0].call('GET', recUrl(row.id, row.version));
    if (r.status === 200) records.push(r.json);
}
// LY_LICH is left to the command-line writers the shell runs meanwhile
const avoid = /(^|\/)(NAM_HOC|LOP|CAP_HOC|CHE_DO)$|^LY_LICH\//;
const others = (process.env.OTHER_WRITERS || '').split(',').filter(Boolean);
const lists = records.map(r => {
    const f = r.fields.filter(x => !avoid.test(x.path));
    const score = f.filter(x => x.path.includes('/BANG_DIEM/'));
    return score.concat(f.filter(x => !x.path.includes('/BANG_DIEM/')));
});
const pool = [];   // interleaved, so that each session works on several records
for (let i = 0; pool.length < sessions.length * perSession; i++) {
    let any = false;
    for (let k = 0; k < lists.length; k++)
        if (i < lists[k].length) { pool.push({ rec: records[k], field: lists[k][i] }); any = true; }
    if (!any) break;
}
const need = sessions.length * perSession;
report(records.length >= 2 && pool.length >= need,
       `the queue has ${records.length} records and ${pool.length} fields to deal out (${need} needed)`,
       JSON.stringify(q.json).slice(0, 500));
if (pool.length < need) process.exit(1);

const jobs = sessions.map((s, i) => ({ s, todo: [] }));
for (let k = 0; k < perSession; k++)
    for (let i = 0; i < sessions.length; i++) {
        const p = pool[k * sessions.length + i];
        jobs[i].todo.push({ id: p.rec.id, version: p.rec.version, path: p.field.path, old: p.field.value,
                            value: `Sửa ${i + 1}.${k + 1} của ${sessions[i].login}`.normalize('NFC'), login: sessions[i].login });
    }
const revs0 = Object.fromEntries(records.map(r => [r.id, r.rev]));

// everyone at once
let conflicts = 0, reloads = 0;
const errors = [];
const t1 = Date.now();
await Promise.all(jobs.map(async ({ s, todo }) => {
    const rev = {};
    for (const c of todo) {
        let done = false;
        for (let attempt = 0; attempt < 100 && !done; attempt++) {
            try {
                if (rev[c.id] === undefined) {
                    const g = await s.call('GET', recUrl(c.id, c.version));
                    reloads++;
                    if (g.status !== 200) { errors.push(`${s.login} GET ${c.id}: ${g.status} ${g.text.slice(0, 200)}`); break; }
                    rev[c.id] = g.json.rev;
                }
                const r = await s.call('POST', recUrl(c.id, c.version) + '/field', { path: c.path, value: c.value, rev: rev[c.id] });
                if (r.status === 200) { rev[c.id] = r.json.rev; c.rev = r.json.rev; done = true; }
                else if (r.status === 409) {
                    conflicts++;
                    if (!(r.json && Number.isInteger(r.json.rev) && r.json.rev > rev[c.id]))
                        errors.push(`${s.login}: 409 without a newer rev: ${r.text.slice(0, 200)}`);
                    delete rev[c.id];             // reload, as the UI does
                    await sleep(Math.random() * 20);
                } else { errors.push(`${s.login} POST ${c.path}: ${r.status} ${r.text.slice(0, 200)}`); break; }
            } catch (e) { errors.push(`${s.login} ${c.path}: ${e.message}`); break; }
        }
        if (!done) { c.lost = true; errors.push(`${s.login} ${c.path}: not stored`); }
    }
}));
const secs = (Date.now() - t1) / 1000;
const all = jobs.flatMap(j => j.todo);
report(errors.length === 0 && all.every(c => !c.lost),
       `${all.length} corrections by ${sessions.length} sessions at once, all stored (${conflicts} refused as outdated and retried, ${reloads} reloads, ${secs.toFixed(1)} s)`,
       errors.join('\n'));

// what was stored, read again by a fresh look at every record
const missing = [], audit = [];
const finalRev = {};
for (const r0 of records) {
    const r = await sessions[0].call('GET', recUrl(r0.id, r0.version));
    finalRev[r0.id] = r.json.rev;
    const byPath = Object.fromEntries(r.json.fields.map(f => [f.path, f]));
    for (const c of all.filter(c => c.id === r0.id)) {
        const f = byPath[c.path];
        if (!f || f.value !== c.value) missing.push(`${c.id} ${c.path}: ${f ? JSON.stringify(f.value) : 'no field'}, wanted ${JSON.stringify(c.value)}`);
        if (f && f.checked !== true) missing.push(`${c.id} ${c.path}: not marked checked`);
        const hits = r.json.audit.filter(a => a.action === 'correct' && a.path === c.path && a.new === c.value);
        if (hits.length !== 1 || hits[0].who !== c.login || (hits[0].old ?? '') !== (c.old ?? ''))
            audit.push(`${c.id} ${c.path} ${JSON.stringify(c.value)}: ${JSON.stringify(hits)}`);
    }
    const extra = r.json.audit.filter(a => a.action === 'correct' && !others.includes(a.who) && !all.some(c => c.id === r0.id && c.path === a.path && c.value === a.new));
    if (extra.length) audit.push(`corrections nobody made: ${JSON.stringify(extra).slice(0, 400)}`);
}
report(missing.length === 0, 'every correction is in the stored record (GET after the storm)', missing.join('\n'));
report(audit.length === 0, 'the audit has every correction exactly once, by its author, with the value before it', audit.join('\n'));
const revBad = records.filter(r => finalRev[r.id] - revs0[r.id] < all.filter(c => c.id === r.id).length);
report(revBad.length === 0, 'each record\'s rev moved on at least once per correction',
       records.map(r => `${r.id}: ${revs0[r.id]} -> ${finalRev[r.id]}`).join('\n'));
writeFileSync(process.env.OUT, JSON.stringify(all));
