// The public portal in a real browser (Debian's chromium, driven by puppeteer-core): a real
// lintasd and Redis (lintas_stack.mjs). With JavaScript off at 360 px: the region lists step by
// step, errors next to their boxes with the typed values kept, a tracking code, its status on
// /cek. With JavaScript on at 1280 px: the region search, the same path. After each status, the
// conversation: a message on /cek, BP3MI's answer with the real lintasctl over gRPC, read back
// with the code. Then a wrong, a mistyped code, a forged and an expired form token each get their
// own message, and the keyboard alone reaches the submit button. --shots DIR saves the
// screenshots docs/portal.md shows.
//
//   node tests/browser/portal.test.mjs --build-dir build [--shots docs/img]
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { mintToken, parseArgs, skipUnlessReady, startStack } from './lintas_stack.mjs';

const args = parseArgs(process.argv.slice(2), { shots: '', chromium: '/usr/bin/chromium' });
const puppeteer = await skipUnlessReady(args.chromium, 'puppeteer-core');
const failures = [];
function check(what, ok, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `: ${detail}`}`);
  if (!ok) failures.push(what);
}

// The messages the portal must show (services/portal/messages.cc).
const kFix = 'Laporan belum terkirim. Perbaiki kotak yang ditandai di bawah.';
const kExpired = 'Formulir ini sudah terlalu lama terbuka.';
const kInvalid = 'Formulir ini tidak dikenal.';
const kMistyped = 'Ada huruf yang salah ketik di kode ini.';
const kUnknown = 'Tidak ada laporan dengan kode ini.';
const kCodePattern = /^[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]{6}$/;
const kStory = 'Seorang calo datang ke desa kami dan menjanjikan kerja di kebun sawit Malaysia.';

// A well-formed tracking code nobody was given: 17 random symbols and the check symbol of
// core/portal/tracking_code.cc (GF(32) modulo x^5 + x^2 + 1, weights a^i).
function unknownCode() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const mul = (a, b) => {
    let p = 0;
    for (let i = 0; i < 5; i++) {
      if (b & 1) p ^= a;
      b >>= 1;
      a <<= 1;
      if (a & 0x20) a ^= 0x25;
    }
    return p;
  };
  const power = (i) => { let p = 1; for (let k = 0; k < i % 31; k++) p = mul(p, 2); return p; };
  const symbols = [...crypto.randomBytes(17)].map((b) => b & 31);
  const sum = symbols.reduce((s, v, i) => s ^ mul(power(i), v), 0);
  symbols.push(mul(power(31 - 17), sum));
  const text = symbols.map((s) => alphabet[s]).join('');
  return `${text.slice(0, 6)}-${text.slice(6, 12)}-${text.slice(12)}`;
}

// One character changed: the check symbol tells it from an unknown code.
function mistype(code) {
  return (code[0] === '7' ? '8' : '7') + code.slice(1);
}

async function shot(page, name) {
  if (!args.shots) return;
  fs.mkdirSync(args.shots, { recursive: true });
  await page.screenshot({ path: path.join(args.shots, `${name}.png`) });
}

async function submitWith(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// What the page says went wrong, for a failed check's message.
const problems = (page) =>
  page.$$eval('.error', (es) => es.map((e) => e.textContent.trim()).join(' | ')).catch(() => '');
const text = (page, selector) => page.$eval(selector, (e) => e.textContent.trim()).catch(() => '');
const optionValues = (page, selector) =>
  page.$$eval(`${selector} option`, (os) => os.map((o) => o.value).filter((v) => v));

// Kabupaten, then kecamatan, then desa, each after "Pilih wilayah" sends the form back.
async function chooseRegionStepByStep(page, regency, district, village) {
  await page.select('#kabupaten', regency);
  await submitWith(page, 'button[name="langkah"]');
  const districts = await optionValues(page, '#kecamatan');
  check('without JS, the kecamatan list fills after the kabupaten', districts.includes(district),
        districts.join(' '));
  await page.select('#kecamatan', district);
  await submitWith(page, 'button[name="langkah"]');
  const villages = await optionValues(page, '#desa');
  check('without JS, the desa list fills after the kecamatan', villages.includes(village),
        villages.slice(0, 5).join(' '));
  await page.select('#desa', village);
}

// BP3MI's side of the conversation, with the real lintasctl over gRPC. The stack runs lintasd in
// its insecure development identity mode, so --agency alone names the caller.
const kLintasctl = path.join(args.buildDir, 'tools/lintasctl/lintasctl');
const kBp3mi = ['--server', '', '--agency', 'bp3mi-ntt'];
function lintasctl(...command) {
  kBp3mi[1] = stack.grpc;
  const r = spawnSync(kLintasctl, [...kBp3mi, ...command], { encoding: 'utf8', timeout: 30000 });
  return { ok: r.status === 0, out: r.stdout || '', err: r.stderr || String(r.error || '') };
}

// The case id as a BP3MI desk learns it: the reporter's message arrives in BP3MI's feed
// (`lintasctl watch`, NotificationService.Subscribe) as a ReporterMessageAdded notification.
// Not acknowledged, so each call reads the feed from its start; the message text picks the case.
function caseIdFromFeed(message) {
  kBp3mi[1] = stack.grpc;
  const watch = spawn(kLintasctl, [...kBp3mi, '--output', 'json', 'watch', '--no-ack'],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const seen = [];
  return new Promise((resolve, reject) => {
    const done = (error, id) => {
      clearTimeout(timer);
      if (watch.exitCode === null) watch.kill('SIGTERM');
      if (error) reject(error); else resolve(id);
    };
    // A bound on waiting, not a timed assertion: the notify worker delivers within seconds.
    const timer = setTimeout(() => done(new Error(
      `no notification for the message in BP3MI's feed: ${err}\n${seen.join('\n')}`)), 30000);
    watch.stderr.setEncoding('utf8');
    watch.stderr.on('data', (chunk) => { err += chunk; });
    watch.stdout.setEncoding('utf8');
    watch.stdout.on('data', (chunk) => {
      out += chunk;
      const lines = out.split('\n');
      out = lines.pop();
      for (const line of lines) {
        seen.push(line.slice(0, 300));
        const event = JSON.parse(line).event || {};
        // lintasctl's JSON keeps the proto field names (snake_case).
        if (event.reporter_message_added?.text === message) done(null, event.case_id);
      }
    });
    watch.on('exit', (rc) => done(new Error(`lintasctl watch ended (${rc}): ${err}`)));
  });
}

// The two-way conversation (issue 10, part 4) on the /cek result page for `code`: the reporter
// writes, BP3MI reads it and answers over gRPC, the reporter reads the answer with the code.
// Every post and check here counts against /cek's 10 a minute per address (the whole run stays
// under it), so the empty message is tried at 360 px only.
async function conversationSteps(page, code) {
  const width = page.viewport().width;
  if (width === 360) {
    await submitWith(page, '.conversation button[type="submit"]');
    check('an empty message gets its error next to the box',
          (await text(page, '#err-pesan')) === 'Tulis pesan Anda dulu.', await problems(page));
  }
  const message = `Calo itu datang lagi minggu lalu, kali ini ke desa sebelah (uji ${width} px).`;
  await page.type('#pesan', message);
  await submitWith(page, '.conversation button[type="submit"]');
  check(`${width} px: the message is sent`, (await text(page, '#pesan-terkirim')) !== '',
        await problems(page));
  const mine = await page.$$eval('#messages li.from-reporter', (ls) => ls.map((l) => [
    l.querySelector('.who').textContent, l.querySelector('.text').textContent]));
  check(`${width} px: the page shows it as the reporter's ("Anda")`,
        mine.some(([who, t]) => who.startsWith('Anda ·') && t === message), JSON.stringify(mine));

  const caseId = await caseIdFromFeed(message);
  check(`${width} px: BP3MI's feed carries the message with its case`, /\S/.test(caseId || ''));
  const listed = lintasctl('messages', 'list', caseId);
  check(`${width} px: lintasctl messages list shows BP3MI the message`,
        listed.ok && listed.out.includes(`reporter: ${message}`), listed.out + listed.err);
  const answer = `Terima kasih. Siapa nama calo itu? (${width} px)`;
  const sent = lintasctl('messages', 'send', caseId, '--text', answer);
  check(`${width} px: lintasctl messages send answers`, sent.ok && sent.out.startsWith('sent'),
        sent.out + sent.err);

  await openStatus(page, code);
  const theirs = await page.$$eval('#messages li.from-agency', (ls) => ls.map((l) => [
    l.querySelector('.who').textContent, l.querySelector('.text').textContent]));
  check(`${width} px: the answer shows on /cek as "Petugas BP3MI"`,
        theirs.some(([who, t]) => who.startsWith('Petugas BP3MI ·') && t === answer),
        JSON.stringify(theirs));
  const body = await text(page, 'body');
  check(`${width} px: no agency id or internal name on the page`,
        !body.includes('bp3mi-ntt') && !body.includes('BP3MI Nusa Tenggara Timur'));
  await page.$eval('.conversation', (e) => e.scrollIntoView());
  await shot(page, `cek-percakapan-${width}`);
}

async function openStatus(page, code) {
  await page.goto(`${stack.base}/cek`);
  await page.type('#kode', code.toLowerCase().replaceAll('-', ' '));  // forgiving reading
  await submitWith(page, 'form button[type="submit"]');
}

async function checkStatus(page, code, width) {
  await openStatus(page, code);
  const status = await text(page, '#status');
  check(`${width} px: /cek shows the status for the code`, /Diterima|ditangani/.test(status),
        status);
  await shot(page, `cek-${width}`);
}

async function reportWithoutJs(browser) {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport({ width: 360, height: 760, deviceScaleFactor: 1 });
  await page.goto(`${stack.base}/lapor`);
  await shot(page, 'lapor-360');
  check('without JS, no search box shows and the step button does',
        (await page.$('#cari')) === null &&
        !(await page.$eval('button[name="langkah"]', (b) => b.hidden)));
  check('the form fits a 360 px screen (no sideways scroll)',
        await page.evaluate(() => document.documentElement.scrollWidth <= 360));

  // Sent empty: every problem next to its box, the story typed so far kept.
  await page.type('#pekerja_nama', 'Maria');
  await submitWith(page, 'form button[type="submit"]:not([name])');
  check('an incomplete form says what to fix', (await text(page, '[role="alert"]')) === kFix);
  check('the missing category is named next to its box', (await text(page, '#err-kategori')) !== '');
  check('the missing story is named next to its box', (await text(page, '#err-cerita')) !== '');
  check('what was typed is kept', (await page.$eval('#pekerja_nama', (e) => e.value)) === 'Maria');
  await shot(page, 'lapor-errors-360');

  await page.click('#kategori-calo');
  await page.type('#cerita', kStory);
  await page.type('#calo1_nama', 'Pak Calo Ujicoba');
  await chooseRegionStepByStep(page, '53.71', '53.71.01', '53.71.01.1001');
  check('the story survives the region steps',
        (await page.$eval('#cerita', (e) => e.value)) === kStory);
  await page.type('#kapan', 'Maret 2026');
  await page.click('#pelapor-anonim');
  await submitWith(page, 'form button[type="submit"]:not([name])');
  const code = await text(page, '#kode');
  check('without JS, a report gets a tracking code', kCodePattern.test(code),
        code || await problems(page));
  await shot(page, 'terkirim-360');
  await checkStatus(page, code, 360);
  await conversationSteps(page, code);
  await page.close();
  return code;
}

async function reportWithJs(browser) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A 400 for a form with errors is logged as a failed load: only script errors and refusals
  // (CSP) count here.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  await page.goto(`${stack.base}/lapor`);
  await shot(page, 'lapor-1280');
  await submitWith(page, 'form button[type="submit"]:not([name])');
  check('with JS too, an incomplete form says what to fix', (await text(page, '[role="alert"]')) === kFix);
  await shot(page, 'lapor-errors-1280');

  await page.click('#kategori-tanpa_dokumen');
  await page.type('#cerita', kStory);
  await chooseRegionWithJs(page);
  await page.type('#pekerja_nama', 'Maria Ujicoba');
  await page.click('#pelapor-rahasia');
  await page.type('#pelapor_nama', 'Yohana');
  await page.type('#pelapor_hp', '0812 3456 7890');
  await submitWith(page, 'form button[type="submit"]:not([name])');
  const code = await text(page, '#kode');
  check('with JS, a report gets a tracking code', kCodePattern.test(code),
        code || await problems(page));
  await shot(page, 'terkirim-1280');
  await checkStatus(page, code, 1280);
  await conversationSteps(page, code);
  check('no script error or CSP violation in the console', errors.length === 0, errors.join(' | '));
  await page.close();
  return code;
}

// One search box over every kabupaten, kecamatan and desa; a result sets the three lists.
async function chooseRegionWithJs(page) {
  check('with JS, the step button gives way to the search',
        await page.$eval('button[name="langkah"]', (b) => b.hidden));
  await page.type('#cari', 'wehali');
  await page.waitForSelector('#cari-hasil button[data-code="53.21.01.2006"]', { timeout: 10000 });
  const labels = await page.$$eval('#cari-hasil button', (bs) => bs.map((b) => b.textContent));
  check('the search finds a desa by name, with its kecamatan and kabupaten',
        labels.includes('Wehali, Malaka Tengah, Kabupaten Malaka'), labels.join(' | '));
  await page.$eval('#wilayah', (e) => e.scrollIntoView());
  await shot(page, 'lapor-search-1280');
  await page.click('#cari-hasil button[data-code="53.21.01.2006"]');
  const chosen = await page.$$eval(['#kabupaten', '#kecamatan', '#desa'].join(','),
                                   (ss) => ss.map((s) => s.value).join(' '));
  check('choosing a result sets kabupaten, kecamatan and desa',
        chosen === '53.21 53.21.01 53.21.01.2006', chosen);
  // The lists below fill at once when the one above changes.
  await page.select('#kabupaten', '53.71');
  await page.waitForFunction(() => document.querySelector('#kecamatan option[value="53.71.01"]'));
  await page.select('#kecamatan', '53.71.01');
  await page.waitForFunction(() => document.querySelector('#desa option[value="53.71.01.1001"]'));
  check('with JS, the lists fill without a round trip', true);
  // Back to Wehali through the search, for the report.
  await page.$eval('#cari', (e) => { e.value = ''; });
  await page.type('#cari', 'malaka tengah wehali');
  await page.waitForSelector('#cari-hasil button[data-code="53.21.01.2006"]', { timeout: 10000 });
  await page.click('#cari-hasil button[data-code="53.21.01.2006"]');
}

// The region list cannot be fetched: the search says so and the step-by-step lists come back.
async function searchWithoutTheList(browser) {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (r) => (r.url().endsWith('/static/wilayah.json') ? r.abort() : r.continue()));
  await page.goto(`${stack.base}/lapor`);
  await page.type('#cari', 'kupang');
  await page.waitForFunction(() => document.querySelector('#cari-status').textContent !== '');
  check('a region list that cannot be fetched is said so',
        (await text(page, '#cari-status')).startsWith('Daftar wilayah tidak bisa dimuat.'));
  check('...and the step button is back',
        !(await page.$eval('button[name="langkah"]', (b) => b.hidden)));
  await page.close();
}

async function wrongCodesAndTokens(browser, code) {
  const page = await browser.newPage();
  await page.setViewport({ width: 360, height: 760, deviceScaleFactor: 1 });
  const tryCode = async (typed) => {
    await page.goto(`${stack.base}/cek`);
    await page.type('#kode', typed);
    await submitWith(page, 'form button[type="submit"]');
    return text(page, '#err-kode');
  };
  check('an unknown code: "no report has this code"', (await tryCode(unknownCode())) === kUnknown);
  check('a mistyped code: "a character is mistyped"',
        (await tryCode(mistype(code))).startsWith(kMistyped));
  await shot(page, 'cek-error-360');

  // A forged token (its MAC changed) and an expired one (a genuine MAC, a month old): the form
  // comes back with a message on top and what was typed, and no case is made.
  const sendWithToken = async (token) => {
    await page.goto(`${stack.base}/lapor`);
    await page.click('#kategori-calo');
    await page.type('#cerita', kStory);
    await page.$eval('input[name="token"]', (e, t) => { e.value = t; }, token);
    await submitWith(page, 'form button[type="submit"]:not([name])');
    return [await text(page, '[role="alert"]'), await page.$eval('#cerita', (e) => e.value)];
  };
  const fresh = await page.goto(`${stack.base}/lapor`).then(() =>
    page.$eval('input[name="token"]', (e) => e.value));
  const forged = fresh.slice(0, -1) + (fresh.endsWith('0') ? '1' : '0');
  let [message, story] = await sendWithToken(forged);
  check('a forged form token: "form not recognised", story kept',
        message.startsWith(kInvalid) && story === kStory, message);
  // A genuine MAC, a month old (the test wrote the key file, so it can make one).
  [message, story] = await sendWithToken(mintToken(stack.keyFile, 60 * 24 * 30));
  check('an expired form token: "open too long", story kept',
        message.startsWith(kExpired) && story === kStory, message);
  await page.close();
}

// Tab from the top of the page until the submit button has the focus; Enter sends the form.
async function keyboardOnly(browser) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 });
  await page.goto(`${stack.base}/lapor`);
  const seen = [];
  let reached = false;
  for (let i = 0; i < 120 && !reached; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const e = document.activeElement;
      return { id: e.id || e.name || e.tagName, submit: e.matches('button[type="submit"]:not([name])'),
               hidden: e.closest('.hp') !== null };
    });
    seen.push(focus.id);
    check(`keyboard focus never enters the honeypot (${focus.id})`, !focus.hidden);
    reached = focus.submit;
  }
  check('the keyboard alone reaches the submit button', reached, seen.join(' '));
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check('Enter on it sends the form', (await text(page, '[role="alert"]')) === kFix);
  await page.close();
}

// feeds too: BP3MI learns of the reporter's message from its notification feed.
const stack = await startStack({ ...args, services: 'portal,intake,routing,notify,status,feeds' });
let browser;
try {
  browser = await puppeteer.launch({
    executablePath: args.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
  });
  const first = await reportWithoutJs(browser);
  const second = await reportWithJs(browser);
  check('two reports, two codes', first !== second);
  await searchWithoutTheList(browser);
  await wrongCodesAndTokens(browser, first);
  await keyboardOnly(browser);
  const keys = stack.redisCli('--scan', '--pattern', '*');
  check('no tracking code in any Redis key',
        first && second && !keys.includes(first) && !keys.includes(second));
  check('the cases are in Redis', /case/.test(keys));
} catch (e) {
  check('the browser run completed', false, e.stack);
} finally {
  if (browser) await browser.close();
  stack.stop();
}
console.log(failures.length ? `${failures.length} check(s) failed` : 'all checks passed');
process.exit(failures.length ? 1 : 0);
