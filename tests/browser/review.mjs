// tests/browser/review.mjs - a teacher reviews a record in the real UI, with
// the keyboard alone (run by tests/integration/test_review_browser.sh).
//
// Headless Debian Chromium driven by playwright-core.  Nothing is clicked:
// the login form is filled by typing (Tab between its fields, Enter sends
// it), the record is reached from the queue with Tab and opened with Enter,
// the flagged score is typed and saved with Enter, a save from an outdated
// copy (someone else changed the record meanwhile, through the CLI) shows
// the conflict and Enter on "Tải lại" reloads, and the record is approved
// with Enter.  PHASE=principal: the principal opens the approved record
// from the queue (keyboard again), sends it back with a reason typed in
// #return-reason, and logs out.  In both, the student's name holds markup
// (set by the shell) that must show as text, never run.  The checks
// outside the browser are the shell's.
//
// Environment: PHASE (teacher, the default, or principal), URL, LOGIN,
// PASSWORD, REC_ID, REC_VER, TGT (the flagged field's path), TGT_OK (the
// value to type), TGT_BAD (the value shown), OTHER_CMD (a shell command
// that changes the record behind the browser's back), REASON (principal:
// why the record goes back), TAP_START, SHOTS (a directory for
// screenshots of failures).
import { chromium } from 'playwright-core';
import { execSync } from 'node:child_process';

const env = process.env;
let tap = Number(env.TAP_START || 1);
let failed = 0;
const T = 20e3; // per wait

function report(ok, name, detail) {
    console.log(`${ok ? 'ok' : 'not ok'} ${tap++} - ${name}`);
    if (!ok) {
        failed++;
        if (detail) for (const l of String(detail).split('\n').slice(0, 15)) console.log('#   ' + l);
    }
    return ok;
}

const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
const jsErrors = [];
page.on('pageerror', e => jsErrors.push('pageerror: ' + e.message));
// (a refused request also logs "Failed to load resource": the responses are checked below)
page.on('console', m => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) jsErrors.push('console: ' + m.text() + ' ' + JSON.stringify(m.location())); });
page.on('requestfailed', r => jsErrors.push(`request failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
page.on('response', r => {
    // the UI's own files and the record's calls must not fail (favicon aside)
    if (r.status() >= 400 && !/favicon\.ico$/.test(r.url()) && !(r.status() === 401 && /\/api\/me$/.test(r.url())) && !/\/field$|\/approve$|\/return$/.test(r.url()))
        jsErrors.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
});

const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return a ? { tag: a.tagName, id: a.id, cls: a.className, path: a.dataset.path || null, open: a.dataset.open || null,
                 rid: a.dataset.id || null, value: a.value === undefined ? null : a.value } : null;
});
const msg = () => page.evaluate(() => (document.querySelector('#msg') || {}).textContent || '');
const rev = () => page.evaluate(() => { const r = document.querySelector('#record'); return r ? Number(r.dataset.rev) : NaN; });
const fieldSel = `input.field[data-path="${env.TGT}"]`;
async function shot(name) {
    if (env.SHOTS) await page.screenshot({ path: `${env.SHOTS}/${name}.png` }).catch(() => {});
}
// step NAME FN: FN returns [ok, detail]; an exception fails the step.  Once
// a step has failed, the later ones are reported failed without running
// (typing into whatever has the focus then would only add confusion),
// except those marked `always`.
let broken = false;
async function step(name, fn, always) {
    if (broken && !always) return report(false, name, '(not run: an earlier step failed)');
    let r;
    try { r = await fn(); } catch (e) { r = [false, e.stack || String(e)]; }
    if (!report(r[0], name, r[1] + `\n#msg: ${await msg().catch(() => '?')}\nfocus: ${JSON.stringify(await focused().catch(() => null))}`)) {
        broken = true;
        await shot(`fail-${tap - 1}`);
    }
    return r[0];
}
// the student's name holds <img id=xss onerror=...>: it must be text
async function xss(where) {
    await step(`${where}: the markup in the student's name shows as text and never runs`, async () => {
        const r = await page.evaluate(() => ({ el: !!document.querySelector('#xss, img[src="x"]'), ran: !!window.__xss,
                                               text: document.body.textContent.includes('<img') }));
        return [!r.el && !r.ran && r.text, JSON.stringify(r)];
    }, true);
}
// presses KEY up to `max` times until the focused element satisfies `test`
async function tabTo(test, max, key = 'Tab') {
    for (let i = 0; i < max; i++) {
        const f = await focused();
        if (f && test(f)) return i;
        await page.keyboard.press(key);
    }
    const f = await focused();
    return f && test(f) ? max : -1;
}

try {
    await step('the UI loads and puts the cursor in the login field', async () => {
        await page.goto(env.URL, { waitUntil: 'load', timeout: T });
        await page.waitForSelector('#login-user', { state: 'visible', timeout: T });
        await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'login-user', null, { timeout: T });
        return [true, ''];
    });

    await step(`${env.LOGIN} logs in by typing (Tab to the password, Enter)`, async () => {
        await page.keyboard.type(env.LOGIN);
        await page.keyboard.press('Tab');
        const f = await focused();
        if (!f || f.id !== 'login-pass') return [false, 'Tab from the login field did not reach #login-pass'];
        await page.keyboard.type(env.PASSWORD);
        await page.keyboard.press('Enter');
        await page.waitForSelector(`tr.rec-row[data-id="${env.REC_ID}"][data-version="${env.REC_VER}"]`, { timeout: T });
        return [true, ''];
    });

    await xss('the queue');
    await step('the queue row is reached with Tab and opened with Enter', async () => {
        const n = await tabTo(f => f.tag === 'TR' && f.rid === env.REC_ID, 80);
        if (n < 0) return [false, 'the row never had the focus after 80 Tabs'];
        await page.keyboard.press('Enter');
        await page.waitForSelector('#record[data-rev]', { timeout: T });
        return [true, ''];
    });

    if (env.PHASE === 'principal') {
        await step('the record opens read-only for the principal, "Trả lại" offered', async () => {
            const r = await page.$eval('#record', r => r.dataset.state);
            const ro = await page.$$eval('input.field', l => l.length > 0 && l.every(i => i.readOnly));
            return [r === 'approved' && ro && !!(await page.$('#return')), `state ${r}, read-only ${ro}`];
        });
        await step('Shift+Tab reaches "Trả lại"; Enter opens the reason, with the cursor in it', async () => {
            const n = await tabTo(f => f.id === 'return', 60, 'Shift+Tab');
            if (n < 0) return [false, '"Trả lại" never had the focus after 60 Shift+Tabs'];
            await page.keyboard.press('Enter');
            await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'return-reason', null, { timeout: T });
            return [!!(await page.$('#return-submit')), 'no #return-submit'];
        });
        await step('typing the reason and Enter sends the record back: in_review, the reason shown', async () => {
            await page.keyboard.type(env.REASON);
            await page.keyboard.press('Enter');
            await page.waitForSelector('#record[data-state="in_review"]', { timeout: T });
            const text = await page.$eval('#record', r => r.textContent);
            return [text.includes(env.REASON), 'the reason is not shown on the record'];
        });
        await xss('the record view, sent back');
        await step('Shift+Tab reaches "Đăng xuất"; Enter logs out: the login form, and the session is gone', async () => {
            const n = await tabTo(f => f.id === 'logout', 60, 'Shift+Tab');
            if (n < 0) return [false, '"Đăng xuất" never had the focus after 60 Shift+Tabs'];
            await page.keyboard.press('Enter');
            await page.waitForSelector('#login-user', { state: 'visible', timeout: T });
            const me = await page.evaluate(async () => (await fetch('/api/me')).status);
            return [me === 401, `GET /api/me after logout: ${me}`];
        });
    } else {
        await step('the record shows its page image and the flagged field\'s box', async () => {
            await page.waitForFunction(() => { const i = document.querySelector('#page-img'); return i && i.complete && i.naturalWidth > 0; },
                                       null, { timeout: T });
            const box = await page.$(`.box[data-path="${env.TGT}"]`);
            const state = await page.$eval('#record', r => r.dataset.state);
            return [!!box && /^(draft|in_review)$/.test(state), `box: ${!!box}, state ${state}`];
        });

        await step('the cursor starts in an open field', async () => {
            const f = await focused();
            return [f && f.open === '1' && /\bfield\b/.test(f.cls), JSON.stringify(f)];
        });

        await step('Tab leaves the field and Shift+Tab comes back to it', async () => {
            const s = await focused();
            await page.keyboard.press('Tab');
            const a = await focused();
            await page.keyboard.press('Shift+Tab');
            const b = await focused();
            return [a && !(a.path === s.path && a.cls === s.cls) && b && b.path === s.path && b.cls === s.cls,
                    `start ${JSON.stringify(s)}, after Tab ${JSON.stringify(a)}, after Shift+Tab ${JSON.stringify(b)}`];
        });

        const isTarget = f => f.path === env.TGT && /\bfield\b/.test(f.cls);
        await step('Tab reaches the flagged score, which shows the wrong value', async () => {
            const n = await tabTo(isTarget, 300);
            const f = await focused();
            return [n >= 0 && f.open === '1' && f.value === env.TGT_BAD, `${n} Tabs, ${JSON.stringify(f)}`];
        });

        // someone else changes the record meanwhile: the browser's copy is outdated
        const rev0 = await rev();
        execSync(env.OTHER_CMD, { stdio: 'ignore', shell: '/bin/bash' });
        await step('typing the value and Enter on an outdated copy: refused, the conflict is said, focus on "Tải lại"', async () => {
            await page.keyboard.type(env.TGT_OK);   // the field's text is selected on focus: typing replaces it
            await page.keyboard.press('Enter');
            await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'reload', null, { timeout: T });
            const m = await msg();
            return [/[À-ỹ]/.test(m) && await rev() === rev0, `#msg "${m}"`];
        });

        await step('Enter on "Tải lại" reloads the record and puts the cursor back in an open field', async () => {
            await page.keyboard.press('Enter');
            await page.waitForFunction(r0 => Number(document.querySelector('#record').dataset.rev) > r0, rev0, { timeout: T });
            await page.waitForFunction(() => document.activeElement && document.activeElement.dataset.open === '1' &&
                                            document.activeElement.classList.contains('field'), null, { timeout: T });
            const v = await page.$eval(fieldSel, i => i.value);
            return [!(await page.$('#reload')) && v === env.TGT_BAD, `conflict banner: ${!!(await page.$('#reload'))}, field shows ${v}`];
        });

        await step('Tab reaches the flagged score again', async () => [await tabTo(isTarget, 300) >= 0, '']);

        let rev1 = await rev();
        await step('typing the correct value and Enter saves it: the flags clear, rev moves on', async () => {
            await page.keyboard.type(env.TGT_OK);
            await page.keyboard.press('Enter');
            await page.waitForFunction(r1 => Number(document.querySelector('#record').dataset.rev) > r1, rev1, { timeout: T });
            const v = await page.$eval(fieldSel, i => ({ value: i.value, open: i.dataset.open || null }));
            const open = await page.$$eval('input.field[data-open="1"]', l => l.map(i => i.dataset.path));
            const m = await msg();
            return [v.value === env.TGT_OK && v.open === null && open.length === 0 && /Đã sửa/.test(m),
                    `${JSON.stringify(v)}, still open: ${open.join(' ')}, #msg "${m}"`];
        });

        await step('with nothing left open, Enter moved the cursor to "Duyệt hồ sơ", which is enabled', async () => {
            await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'approve', null, { timeout: T });
            return [await page.$eval('#approve', b => !b.disabled), '#approve is disabled'];
        });

        await step('Enter approves the record', async () => {
            await page.keyboard.press('Enter');
            await page.waitForSelector('#record[data-state="approved"]', { timeout: T });
            return [true, ''];
        });
        await shot('approved');
        await xss('the record view, approved');

    }

    await step('no JavaScript error, no failed request of the UI', async () => [jsErrors.length === 0, jsErrors.join('\n')], true);
} finally {
    await browser.close();
}
process.exit(failed ? 1 : 0);
