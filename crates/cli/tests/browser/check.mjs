// The dashboard in a real browser (Debian's chromium through playwright-core).
// Run by crates/cli/tests/browser.rs with: BASE URL, an analyst TOKEN, the
// HOSTILE document id, SHOTS (screenshot directory), CHROMIUM (executable).
// Exits 1 with the failed check on stderr.
import { chromium } from 'playwright-core';
import { mkdirSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { BASE, TOKEN, HOSTILE, SHOTS, CHROMIUM } = process.env;
mkdirSync(SHOTS, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'hoptac-chromium-'));
const fail = (m) => { throw new Error(m); };
const check = (ok, m) => { if (!ok) fail(m); console.log(`ok - ${m}`); };

// A fresh profile (--user-data-dir) per run, removed afterwards.
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await ctx.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const shot = (name, full = true) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: full });
  const implemented = async () => {
    const t = await page.locator('table.progress tr.total td.num strong').first().innerText();
    return Number(t.split('/')[0]);
  };

  // The overview.
  await page.goto(`${BASE}/?lang=en`);
  check(await page.locator('h2', { hasText: 'Plan progress by pillar' }).count() === 1, 'overview shows the progress by pillar');
  check(await page.locator('table.progress svg.bar').count() >= 4, 'overview draws a bar per pillar and the total');
  check(await page.locator('#checks .badge').count() >= 1, 'overview shows the reported-vs-counted check');
  check(await page.locator('#meetings li').count() >= 3, 'overview lists the latest meetings');
  check(await page.locator('#figures a.num').count() >= 1, 'overview shows key figures with a link to their source');
  const before = await implemented();
  await shot('overview');

  // Search from the nav: a query typed without diacritics finds the
  // Vietnamese articles; the matched words are marked; a hit opens its
  // document with the matched word marked; a facet narrows the search.
  await page.locator('header nav a[href="/search"]').click();
  await page.fill('form.search input[name=q]', 'phat thai rong');
  await page.locator('form.search button[type=submit]').click();
  await page.waitForURL(/\/search\?q=phat/);
  const hits = await page.locator('li.hit').count();
  check(hits >= 1, `the search lists documents for a folded query (${hits})`);
  const marked = await page.locator('li.hit p.snippet mark').allInnerTexts();
  const fold = (w) => w.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
  check(marked.length >= 1 && marked.every((w) => ['phat', 'thai', 'rong'].includes(fold(w))),
        `the snippets mark the matched words (${marked.slice(0, 6).join(', ')})`);
  check(marked.some((w) => w !== fold(w)), 'words written with diacritics are found by the folded query');
  check(await page.locator('aside.facets a').count() >= 2, 'the search shows facet counts as links');
  await shot('search');
  await page.locator('aside.facets a[href*="lang=vi"]').first().click();
  await page.waitForURL(/lang=vi/);
  check(await page.locator('form.search select[name=lang]').inputValue() === 'vi', 'a facet narrows the search');
  await page.locator('li.hit a.title').first().click();
  await page.waitForURL(/\/documents\//);
  check(await page.locator('mark.cited').count() >= 1, 'a hit opens its document with the match marked');

  // A document with its facts highlighted in place.
  await page.goto(`${BASE}/documents`);
  await page.locator('table.docs a').first().click();
  const marks = await page.locator('article.text a.hl').count();
  check(marks >= 5, `the document shows its facts highlighted in place (${marks})`);
  check(await page.locator('article.text a.hl.k-figure').count() >= 1, 'figures are highlighted');
  const first = page.locator('aside.facts li').first();
  check((await first.locator('span.kind').innerText()).length > 0, 'a fact shows its kind');
  check(await page.locator('aside.facts dl a[href^="/entities/"]').count() >= 1, 'facts link to their entity');
  await shot('document');

  // A number's source link opens the document with the span marked.
  await page.goto(`${BASE}/`);
  await page.locator('#figures a.num').first().click();
  check(await page.locator('mark.cited').count() >= 1, 'a key figure links to its source span, marked');

  // A hostile article is shown as text; nothing in it runs.
  await page.goto(`${BASE}/documents/${HOSTILE}`);
  const body = await page.locator('article.text').innerText();
  check(body.includes('<script>') && body.includes('onerror='), 'the hostile markup is displayed as text');
  check(await page.locator('article.text script, article.text img').count() === 0, 'no element of the article was created');
  check(await page.locator('a[href^="javascript:"]').count() === 0, 'no javascript: link');
  const pwned = await page.evaluate(() => window.hoptacPwned);
  const title = await page.title();
  check(pwned === undefined && title !== 'PWNED' && title.startsWith('<script>') && dialogs.length === 0,
        'no script of the article ran');
  await shot('hostile');

  // An analyst logs in with the token, accepts a suggestion; the progress moves.
  await page.goto(`${BASE}/review`);
  check(await page.locator('form.decide').count() === 0, 'no review forms before logging in');
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=token]', TOKEN);
  await page.click('form.login button');
  await page.waitForURL(/\/review/);
  const forms = page.locator('form.decide');
  check(await forms.count() >= 1, 'the review queue offers suggestions to accept or reject');
  await shot('review', false);
  // The first suggestion for an action line that is not started yet.
  const lineForm = page.locator('div.sugg', { has: page.locator('.st-not_started') }).locator('form.decide').first();
  await lineForm.locator('select[name=status]').selectOption('implemented');
  await lineForm.locator('button[value=accept]').click();
  await page.waitForURL(/done=accept/);
  check(await page.locator('p.flash').count() === 1, 'the acceptance is confirmed');
  await page.goto(`${BASE}/`);
  const after = await implemented();
  check(after === before + 1, `the progress changed after the acceptance (${before} -> ${after})`);
  await shot('overview-after-accept');

  // The history records the token's name.
  await page.goto(`${BASE}/plan`);
  check(await page.locator('ol.hist em', { hasText: 'browser analyst' }).count() >= 1, 'the plan history names the analyst');
  await shot('plan');

  // Figures with a chart whose points link to their sources.
  await page.goto(`${BASE}/figures`);
  check(await page.locator('svg.chart circle.pt').count() >= 2, 'the figures page charts a series');
  await shot('figures');

  // Vietnamese interface, and a phone-sized screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${BASE}/?lang=vi`);
  check(await page.locator('h2', { hasText: 'Tiến độ kế hoạch theo trụ cột' }).count() === 1, 'the interface speaks Vietnamese');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no sideways scrolling on a phone (${overflow}px)`);
  await shot('overview-phone-vi');
  check(errors.length === 0, `no page errors (${errors.join('; ')})`);
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
