// student.mjs: a real browser (Debian's chromium, driven by playwright-core)
// does what a student does on the class hub: logs in through the form, waits
// for the classic Notebook tree, opens notebooks/01_gradient_descent.ipynb,
// clears every output, runs all cells (Cell → Run All), and checks what the
// page shows. Exit status 0 only if every check passes; otherwise 1 with the
// reason on stderr (and a screenshot of the page as it was).
//
//   npm ci                              # once, in this folder (playwright-core)
//   node student.mjs URL USER [PASSWORD] [SCREENSHOT.png]
//
// URL is the hub's address (http://127.0.0.1:8000). PASSWORD (or "") defaults to
// $STUDENT_PASSWORD (better than the command line, which other users see).
// SCREENSHOT defaults to build/browser/student-01.png under the repository.
// $STUDENT_TIMEOUT_S bounds the whole run (default 900 s).
//
// Checks, after Run All: the kernel is idle and every code cell has a prompt
// number (In [n]:), none is still queued; no error output, no stderr, no
// JavaScript error in an output and no uncaught exception in the page; the
// first trace line "0-th iteration, x=-5.000, loss: 100.000, grad: -20.000"
// is on the page; at least one figure (<img src="data:image/svg+xml;base64,…">)
// is rendered with a non-zero size; the animation player's controls exist
// (its inline script ran: outputs made in this session are trusted); File →
// Save and Checkpoint saves the student's copy and the notebook shows "Trusted".
//
// notebooks/classroom/browser_test.go runs this against a throwaway hub.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [url, user, pwArg, shotArg] = process.argv.slice(2);
const password = pwArg || process.env.STUDENT_PASSWORD;
if (!url || !user || !password) {
  console.error('usage: node student.mjs URL USER [PASSWORD] [SCREENSHOT.png]  (or PASSWORD in $STUDENT_PASSWORD)');
  process.exit(2);
}
const hub = url.replace(/\/+$/, '');
const shot = resolve(shotArg || join(here, '..', '..', '..', 'build', 'browser', 'student-01.png'));
const budgetMs = 1000 * Number(process.env.STUDENT_TIMEOUT_S || 900);
const NOTEBOOK = 'notebooks/01_gradient_descent.ipynb';
const FIRST_TRACE = '0-th iteration, x=-5.000, loss: 100.000, grad: -20.000';

const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1) + ' s';
const step = (msg) => console.log(`[${secs()}] ${msg}`);
class CheckFailed extends Error {}
const fail = (msg) => { throw new CheckFailed(msg); };

// A new, empty profile (--user-data-dir, which Playwright passes for a
// persistent context); the flags keep Chromium from reaching out to Google's
// services, which the closed network here refuses (and which would slow it).
const profile = mkdtempSync(join(tmpdir(), 'gradnb-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 1000 },
}).catch((e) => {
  rmSync(profile, { recursive: true, force: true });
  console.error(`FAIL: cannot start /usr/bin/chromium (apt-get install -y chromium): ${e.message}`);
  process.exit(1);
});
let page;
let pageErrors = [];
const watch = (p) => {
  p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
  p.on('console', (m) => { if (m.type() === 'error') console.log(`  (console error on ${p.url()}: ${m.text()})`); });
};
let exitCode = 0;
const deadline = setTimeout(() => {
  console.error(`FAIL: the whole run took more than ${budgetMs / 1000} s (at ${page && page.url()})`);
  rmSync(profile, { recursive: true, force: true });
  process.exit(1);
}, budgetMs);

try {
  page = context.pages()[0] ?? await context.newPage();
  watch(page);

  // 1. The hub's log-in form.
  step(`open ${hub}/hub/login`);
  const resp = await page.goto(`${hub}/hub/login`, { timeout: 60_000 });
  if (!resp || !resp.ok()) fail(`log-in page ${hub}/hub/login answered ${resp && resp.status()}`);
  await page.fill('#username_input', user);
  await page.fill('#password_input', password);
  step(`log in as ${user}`);
  await page.click('#login_submit');
  // Either the refusal on the log-in page, or (after the spawn) the tree.
  const tree = `${hub}/user/${user}/tree`;
  const outcome = await Promise.race([
    page.waitForSelector('.login_error', { timeout: 300_000 }).then(() => 'refused'),
    page.waitForURL((u) => u.href.startsWith(tree), { timeout: 300_000 }).then(() => 'tree'),
  ]).catch((e) => fail(`after log-in neither the tree nor a refusal within 300 s (at ${page.url()}): ${e.message}`));
  if (outcome === 'refused') {
    fail(`the hub refused the log-in of ${user}: "${(await page.textContent('.login_error')).trim()}"`);
  }

  // 2. The classic Notebook tree, with the handed-out folder.
  await page.waitForSelector('#notebook_list', { timeout: 120_000 });
  await page.waitForSelector('#notebook_list a[href$="/tree/notebooks"]', { timeout: 120_000 })
    .catch(() => fail('the Notebook tree has no "notebooks" folder (hand-out did not run?)'));
  step(`classic Notebook tree at ${page.url()}`);
  await page.click('#notebook_list a[href$="/tree/notebooks"]');
  const link = `#notebook_list a[href$="/notebooks/${NOTEBOOK}"]`;
  await page.waitForSelector(link, { timeout: 60_000 })
    .catch(() => fail(`the folder notebooks/ does not list ${NOTEBOOK.split('/')[1]}`));

  // 3. Open the notebook: the tree opens it in a new tab, as for a student.
  step(`open ${NOTEBOOK}`);
  const [nb] = await Promise.all([context.waitForEvent('page', { timeout: 60_000 }), page.click(link)]);
  page = nb;
  watch(page);
  await page.waitForSelector('#notebook-container .cell', { timeout: 120_000 });
  await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon', { timeout: 300_000 })
    .catch(() => fail('the gonb kernel did not become idle within 300 s of opening the notebook'));
  const kernelName = (await page.textContent('.kernel_indicator_name')).trim();
  step(`notebook open, kernel "${kernelName}" idle`);
  if (!/gonb/i.test(kernelName)) fail(`the notebook's kernel is "${kernelName}", not Go (gonb)`);

  // 4. Cell → All Output → Clear: what is checked below must come from this run,
  //    not from the outputs committed in the notebook.
  await page.click('#celllink');
  await page.hover('#all_outputs > a');
  await page.click('#clear_all_output > a');
  const left = await page.$$eval('#notebook-container .code_cell', (cs) =>
    cs.filter((c) => c.querySelector('.output_subarea') || /\d/.test(c.querySelector('.input_prompt').textContent)).length);
  if (left) fail(`Cell → All Output → Clear left ${left} code cell(s) with an output or a prompt number`);
  step('cleared every output');

  // 5. Cell → Run All, then wait for the kernel: nothing queued ([*]) and idle.
  await page.click('#celllink');
  await page.click('#run_all_cells > a');
  step('Cell → Run All');
  const prompts = () => page.$$eval('#notebook-container .code_cell .input_prompt',
    (ps) => ps.map((p) => p.textContent.replace(/\s+/g, ' ').trim()));
  await page.waitForFunction(() => [...document.querySelectorAll('#notebook-container .code_cell .input_prompt')]
    .some((p) => p.textContent.includes('*')), null, { timeout: 60_000 })
    .catch(() => fail('after Run All no cell was ever queued ([*])'));
  let last = '';
  for (;;) {
    const ps = await prompts();
    const busy = ps.filter((p) => p.includes('*')).length;
    const idle = await page.$('#kernel_indicator_icon.kernel_idle_icon');
    const dead = await page.$('#kernel_indicator_icon.kernel_dead_icon');
    if (dead) fail('the kernel died while running the notebook');
    const now = `${ps.length - busy}/${ps.length} cells done`;
    if (now !== last) { step(now); last = now; }
    if (busy === 0 && idle) {
      const unnumbered = ps.map((p, i) => [i + 1, p]).filter(([, p]) => !/^In \[\d+\]:$/.test(p));
      if (unnumbered.length) {
        fail(`kernel idle but ${unnumbered.length} code cell(s) have no prompt number (a cell failed and Run All stopped?): ` +
          unnumbered.slice(0, 5).map(([i, p]) => `cell ${i} "${p}"`).join(', '));
      }
      break;
    }
    await page.waitForTimeout(1000);
  }
  step('kernel idle, every code cell numbered');

  // 6. What the student sees.
  const errs = await page.$$eval('.output_error, .output_stderr, .js-error',
    (es) => es.map((e) => e.textContent.trim().slice(0, 400)));
  if (errs.length) fail(`${errs.length} error output(s), the first: ${errs[0]}`);
  const text = await page.$eval('#notebook-container', (e) => e.innerText);
  if (!text.includes(FIRST_TRACE)) fail(`the trace line "${FIRST_TRACE}" is not on the page`);
  const figs = await page.$$eval('.output_subarea img[src^="data:image/svg+xml;base64,"]', (is) =>
    is.map((i) => { const r = i.getBoundingClientRect(); return { w: r.width, h: r.height, ok: i.complete && i.naturalWidth > 0 }; }));
  const drawn = figs.filter((f) => f.w > 0 && f.h > 0 && f.ok);
  if (!drawn.length) fail(`no SVG figure rendered with a non-zero size (${figs.length} img found: ${JSON.stringify(figs.slice(0, 3))})`);
  const players = await page.$$eval('.gradnb-animation', (as) => as.map((a) => ({
    player: a.dataset.player === '1',
    svg: !!a.querySelector('svg g[data-frame]'),
    play: !!a.querySelector('button[title="play / pause"]'),
    slider: !!a.querySelector('input[type=range]'),
  })));
  const working = players.filter((p) => p.player && p.svg && p.play && p.slider);
  if (!working.length) fail(`no animation player: its inline script did not run (${players.length} animation output(s): ${JSON.stringify(players.slice(0, 2))})`);
  // File → Save and Checkpoint: the student's own copy is written, and the
  // notebook (every output now from this run) becomes "Trusted".
  const api = `${hub}/user/${user}/api/contents/${NOTEBOOK}?content=0`;
  const modified = () => page.evaluate(async (u) => (await (await fetch(u, { cache: 'no-store' })).json()).last_modified, api);
  const before = await modified();
  const file = `/user/${user}/api/contents/${NOTEBOOK}`;
  const answered = (method, path, status) => page.waitForResponse((r) => r.request().method() === method &&
    new URL(r.url()).pathname === path && r.status() === status, { timeout: 60_000 });
  const put = answered('PUT', file, 200), checkpoint = answered('POST', `${file}/checkpoints`, 201);
  await page.click('#filelink');
  await page.click('#save_checkpoint > a');
  await Promise.all([put, checkpoint])
    .catch(() => fail(`File → Save and Checkpoint: no PUT ${file} → 200 and POST …/checkpoints → 201 within 60 s`));
  const after = await modified();
  if (after === before) fail(`File → Save and Checkpoint did not change ${NOTEBOOK} (last modified still ${before})`);
  const trusted = (await page.textContent('#notification_trusted').catch(() => '')).trim();
  if (trusted !== 'Trusted') fail(`the notebook shows "${trusted}", not "Trusted", after running and saving`);
  step(`saved, "${trusted}"`);
  if (pageErrors.length) fail(`uncaught JavaScript error(s) in the page: ${pageErrors.slice(0, 3).join(' | ')}`);

  // Show the first player with its controls in the screenshot.
  await page.locator('.gradnb-animation').first().scrollIntoViewIfNeeded();
  step(`OK: ${drawn.length} figure(s) drawn, ${working.length}/${players.length} animation player(s) with controls, ` +
    `trace shown, no errors, "${trusted}"`);
} catch (e) {
  exitCode = 1;
  console.error(`FAIL after ${secs()}: ${e instanceof CheckFailed ? e.message : e.stack || e}`);
} finally {
  clearTimeout(deadline);
  if (page) {
    try {
      mkdirSync(dirname(shot), { recursive: true });
      await page.screenshot({ path: shot });
      console.log(`screenshot: ${shot}`);
    } catch (e) {
      console.error(`(no screenshot: ${e.message})`);
    }
  }
  await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
process.exit(exitCode);
