// Drives Debian's headless Chromium through the support page of a running `scrubline serve`:
// denials, sign-in, search, a package, downloads, a cross-site form post, sign-out, the
// license administrator's refusal and the DPO's subject lookup. Checks accessibility on every
// page (axe-core's WCAG 2 A/AA rules, and our own: labelled inputs, one h1, headings in order,
// text contrast). Saves a screenshot per step and the downloads under OUT_DIR; writes
// OUT_DIR/report.json. Started by tests/support_page.rs, which reads what it leaves behind.
//
// Environment: BASE_URL, OUT_DIR, TOKEN_SUPPORT, TOKEN_ADMIN, TOKEN_DPO, LICENSE,
// QUARANTINED_ID, SUBJECT_EMAIL; CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const BASE = env('BASE_URL');
const OUT = env('OUT_DIR');
mkdirSync(path.join(OUT, 'downloads'), { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const report = { steps: [], screenshots: [], downloads: [], a11y: {} };
let shot = 0;

function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
  report.steps.push(what);
}

async function screenshot(page, name) {
  const file = path.join(OUT, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  report.screenshots.push(path.basename(file));
}

// Our own checks, then axe-core. Both run in the page through the DevTools protocol, which the
// page's Content-Security-Policy (no scripts at all) does not govern.
async function accessible(page, name) {
  const own = await page.evaluate(() => {
    const problems = [];
    const h1 = document.querySelectorAll('h1').length;
    if (h1 !== 1) problems.push(`${h1} h1 elements`);
    let last = 0;
    for (const h of document.querySelectorAll('h1,h2,h3,h4,h5,h6')) {
      const level = Number(h.tagName[1]);
      if (last && level > last + 1) problems.push(`heading ${h.tagName} "${h.textContent}" skips a level`);
      last = level;
    }
    for (const input of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      const labelled = (input.id && document.querySelector(`label[for="${input.id}"]`)) || input.closest('label') || input.getAttribute('aria-label');
      if (!labelled) problems.push(`input ${input.name} has no label`);
    }
    // Contrast of every text-bearing element against its nearest opaque background.
    const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    let lowest = 21;
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
      const [a, b] = [lum(rgb(getComputedStyle(el).color).slice(0, 3)), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < lowest) lowest = ratio;
      if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)} on "${el.textContent.trim().slice(0, 30)}"`);
    }
    return { problems, lowestContrast: Math.round(lowest * 100) / 100 };
  });
  await page.evaluate(axeSource);
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return { violations: r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), passes: r.passes.length };
  });
  report.a11y[name] = { ...own, axeViolations: axe.violations, axePasses: axe.passes };
  check(own.problems.length === 0, `${name}: own accessibility checks (${own.problems.join('; ') || 'none failed'})`);
  check(axe.violations.length === 0, `${name}: axe-core WCAG 2 A/AA (${axe.violations.join('; ') || `${axe.passes} rules pass`})`);
}

async function signIn(page, token) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('Support token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
}

async function h1(page) {
  return (await page.locator('h1').textContent()).trim();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  // A laptop screen.
  const viewport = { width: 1366, height: 768 };
  let ctx = await browser.newContext({ viewport, acceptDownloads: true });
  let page = await ctx.newPage();

  // Unknown visitors get a clear 401 page.
  let r = await page.goto(`${BASE}/packages`);
  check(r.status() === 401 && (await h1(page)) === 'Sign-in required', 'unknown visitor: 401 page');
  await accessible(page, 'unauthenticated');
  await screenshot(page, 'unauthenticated');

  r = await page.goto(`${BASE}/login`);
  check(r.status() === 200, 'sign-in page');
  await accessible(page, 'login');
  await screenshot(page, 'login');
  await page.getByLabel('Support token').fill('slt_not_a_token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  check((await page.getByRole('alert').textContent()).includes('not valid'), 'a wrong token is refused');
  await screenshot(page, 'login-refused');

  // Support staff: search, a package, downloads.
  await signIn(page, env('TOKEN_SUPPORT'));
  check(new URL(page.url()).pathname === '/packages' && (await h1(page)) === 'Diagnostic packages', 'support signs in');
  const cookie = (await ctx.cookies()).find((c) => c.name === 'scrubline_session');
  check(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', 'session cookie is HttpOnly and SameSite=Strict');
  await accessible(page, 'packages');
  await screenshot(page, 'packages');

  await page.getByLabel('License').fill(env('LICENSE'));
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('Received from').fill(today);
  await page.getByLabel('Received to').fill(today);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForLoadState();
  const licenses = await page.locator('table tbody tr td:nth-child(2)').allTextContents();
  check(licenses.length >= 1 && licenses.every((l) => l === env('LICENSE')), `search by license and date: ${licenses.length} row(s), all ${env('LICENSE')}`);
  check(new URL(page.url()).searchParams.get('license_id') === env('LICENSE'), 'the search is a plain GET form');
  await accessible(page, 'search');
  await screenshot(page, 'search');

  await page.locator('table tbody tr td:last-child a').first().click();
  await page.waitForLoadState();
  check((await h1(page)).startsWith('Package '), 'package page opens');
  check(await page.getByRole('heading', { name: 'Findings by kind' }).isVisible(), 'findings per kind shown');
  check(await page.getByRole('heading', { name: 'Parts' }).isVisible(), 'parts shown');
  await accessible(page, 'package');
  await screenshot(page, 'package');
  const packageUrl = page.url();

  for (const link of [page.getByRole('link', { name: 'Sanitized message (.eml)' }), page.getByRole('link', { name: /^Part \d+:/ }).last()]) {
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = path.join(OUT, 'downloads', download.suggestedFilename());
    await download.saveAs(file);
    report.downloads.push(path.basename(file));
  }
  check(report.downloads.length === 2 && report.downloads[0].endsWith('.eml'), `downloads: ${report.downloads.join(', ')}`);

  r = await page.goto(`${BASE}/packages/${env('QUARANTINED_ID')}`);
  check(r.status() === 200 && (await page.getByRole('heading', { name: 'Quarantined' }).isVisible()), 'a quarantined package shows its reason');
  await accessible(page, 'quarantined');
  await screenshot(page, 'quarantined');

  r = await page.goto(`${BASE}/subjects`);
  check(r.status() === 403 && (await h1(page)) === 'Not allowed', 'support may not look up data subjects: 403 page');
  await screenshot(page, 'support-forbidden');

  // A form on another origin posting to /logout: the forged CSRF value is refused and the
  // session survives (ports differ, so SameSite alone would not stop it: same site).
  const attacker = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>x</title><form method="post" action="${BASE}/logout"><input name="csrf" value="forged"></form><script>document.forms[0].submit()</script>`);
  });
  await new Promise((ok) => attacker.listen(0, '127.0.0.1', ok));
  const [refused] = await Promise.all([
    page.waitForResponse((resp) => resp.url().endsWith('/logout')),
    page.goto(`http://127.0.0.1:${attacker.address().port}/`),
  ]);
  attacker.close();
  const after = await page.goto(packageUrl);
  check(refused.status() === 403 && after.status() === 200, 'a form posted from another origin with a forged CSRF value is refused (403) and does not sign out');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState();
  check(new URL(page.url()).pathname === '/login', 'sign out returns to the sign-in page');
  r = await page.goto(packageUrl);
  check(r.status() === 401, 'after sign-out the package page is refused');
  await ctx.close();

  // A license administrator: signed in, but no packages.
  ctx = await browser.newContext({ viewport });
  page = await ctx.newPage();
  await signIn(page, env('TOKEN_ADMIN'));
  const adminStatus = await page.evaluate(() => document.title);
  check(adminStatus.startsWith('Not allowed') && (await h1(page)) === 'Not allowed', 'license admin: 403 page');
  await accessible(page, 'license-admin');
  await screenshot(page, 'license-admin-forbidden');
  await ctx.close();

  // The DPO looks a person up; the request is audited.
  ctx = await browser.newContext({ viewport });
  page = await ctx.newPage();
  await signIn(page, env('TOKEN_DPO'));
  check((await h1(page)) === 'Data-subject lookup', 'DPO lands on the subject lookup');
  await accessible(page, 'subjects');
  await page.getByLabel('E-mail').fill(env('SUBJECT_EMAIL'));
  await page.getByLabel('Request reference').fill('DSR-BROWSER-1');
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.waitForLoadState();
  const result = await page.locator('main').textContent();
  const packages = await page.locator('table tbody tr').count();
  check(result.includes('Request ') && packages >= 1, `subject lookup finds ${packages} package(s)`);
  await accessible(page, 'subject-result');
  await screenshot(page, 'subject-result');
  await ctx.close();
} finally {
  writeFileSync(path.join(OUT, 'report.json'), JSON.stringify(report, null, 2));
  await browser.close();
}
console.log(`${report.steps.length} checks passed; screenshots: ${report.screenshots.length}`);
