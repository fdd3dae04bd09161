// tests/browser/screenshot.mjs - docs/review.png: the record view of the
// review UI, 1366x900, as a teacher sees a record with flagged scores.
// Run by hand from the source tree after `make` (not part of make check):
//
//     bash tests/browser/setup.sh && node tests/browser/screenshot.mjs [OUT.png]
//
// It builds the tests' fixture (tests/integration/reviewfix.sh: book-2-001
// read into a fresh workspace, one CA_NAM made wrong so that rule:ca-nam
// flags it) in a temporary directory with build/hocba (or $HOCBA), serves
// it on 127.0.0.1 (a free port), logs in as the class's teacher, opens the
// record with the cursor on the flagged score, and writes the picture.
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = resolve(process.argv[2] || join(src, 'docs/review.png'));
const hocba = process.env.HOCBA || join(src, 'build/hocba');
const work = mkdtempSync(join(tmpdir(), 'hocba-shot-'));

// the fixture, by the tests' own shell functions
const fix = execFileSync('bash', ['-c', `
set -e
. "$SRC/tests/integration/lib.sh"
. "$SRC/tests/integration/reviewfix.sh"
rf_build "$WORK/ws" "$SRC/samples/books/book-2-001" >&2
rf_pick "$WORK/ws" >&2
rf_user "$WORK/ws" nhaplieu teacher "Đỗ Nhập Liệu" "$REC_CLASS" >&2
rf_user "$WORK/ws" gv teacher "Nguyễn Thị Lan" "$REC_CLASS" >&2
rf_flag "$WORK/ws" "$REC_ID" "$REC_VER" >&2
printf '%s\\n' "$REC_ID" "$REC_VER" "$TGT" "$(rf_password gv)"
`], { env: { ...process.env, SRC: src, WORK: work, HOCBA: hocba, PLAIN_BUILD: dirname(hocba) }, encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'] });
const [id, version, tgt, password] = fix.trim().split('\n');

const server = spawn(hocba, ['review', '-w', join(work, 'ws'), '--listen', '127.0.0.1:0'],
                     { stdio: ['ignore', 'pipe', 'inherit'] });
let browser = null;
try {
    const url = await new Promise((ok, fail) => {
        let buf = '';
        const t = setTimeout(() => fail(new Error('hocba review printed no address in 30 s')), 30e3);
        server.stdout.on('data', d => {
            buf += d;
            const m = /^hocba review: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(buf);
            if (m) { clearTimeout(t); ok(m[1]); }
        });
        server.on('exit', c => fail(new Error(`hocba review exited (${c})`)));
    });
    browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
               '--disable-component-update', '--disable-sync', '--disable-quic'],
    });
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    await page.goto(url);
    await page.fill('#login-user', 'gv');
    await page.fill('#login-pass', password);
    await page.press('#login-pass', 'Enter');
    await page.waitForSelector(`tr.rec-row[data-id="${id}"]`);
    await page.goto(`${url}#/r/${encodeURIComponent(id)}/${version}`);
    await page.waitForSelector('#record[data-rev]');
    await page.waitForFunction(() => { const i = document.querySelector('#page-img'); return i && i.complete && i.naturalWidth > 0; });
    await page.focus(`input.field[data-path="${tgt}"]`);
    await page.waitForTimeout(500);   // the crops are drawn once the page image is decoded
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
} finally {
    if (browser) await browser.close();
    server.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
}
