/*
 * tests/browser/screenshots.mjs: the portal's look for docs/screenshots/,
 * run by scripts/screenshots.sh (`make screenshots`).
 *   node tests/browser/screenshots.mjs path/to/veikart OUTDIR
 * Full-page PNGs in bokmål, light scheme, 1280 px and 375 px wide, of the
 * front page, a measure with an approved report (so its status timeline
 * shows) and the report form as its lead actor's reporter sees it. The
 * data is the built-in dataset in a temporary database; the one report
 * is marked as example text. Exits non-zero when a page does not answer
 * 200 (its picture is still written, to show what is wrong).
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkTools, DESKTOP, launchBrowser, NARROW, REPORT_MEASURE,
	 REVIEW_MEASURE, seedReporting, signIn, startServer,
	 USERS } from './lib.mjs';

const SHOTS = [
	{ name: 'front', url: '/nb/' },
	{ name: 'measure', url: `/nb/measures/${REVIEW_MEASURE}` },
	{ name: 'report-form', url: `/nb/workspace/report/${REPORT_MEASURE}`,
	  who: 'reporter' },
];
const SIZES = [
	{ suffix: 'desktop', viewport: DESKTOP, deviceScaleFactor: 1 },
	{ suffix: '375', viewport: NARROW, deviceScaleFactor: 1 },
];

async function shoot(browser, server, shot, size, outdir) {
	const ctx = await browser.newContext({
		viewport: size.viewport, deviceScaleFactor:
		size.deviceScaleFactor, colorScheme: 'light',
		locale: 'nb-NO', baseURL: server.base });
	try {
		if (shot.who)
			await signIn(ctx, server, USERS[shot.who]);
		const page = await ctx.newPage();
		const r = await page.goto(shot.url);
		await page.evaluate(() => document.fonts.ready);
		const file = path.join(outdir, `${shot.name}-${size.suffix}.png`);
		await page.screenshot({ path: file, fullPage: true });
		console.log(`${file}: ${shot.url} (${r.status()})`);
		return r.status() === 200;
	} finally {
		await ctx.close();
	}
}

const [bin, outdir = 'docs/screenshots'] = process.argv.slice(2);
let server = null, browser = null, ok = true;
try {
	if (!bin)
		throw new Error('usage: node tests/browser/screenshots.mjs ' +
				'path/to/veikart [OUTDIR]');
	checkTools(bin);
	fs.mkdirSync(outdir, { recursive: true });
	server = await startServer(bin);
	await seedReporting(server, { approve: true });
	browser = await launchBrowser();
	for (const shot of SHOTS)
		for (const size of SIZES)
			if (!(await shoot(browser, server, shot, size, outdir))) {
				console.error(`screenshots: ${shot.url} did not ` +
					      'answer 200');
				ok = false;
			}
} catch (e) {
	console.error(`screenshots: ${e.stack || e.message}`);
	ok = false;
} finally {
	if (browser)
		await browser.close().catch(() => {});
	if (server)
		await server.stop();
}
process.exitCode = ok ? 0 : 1;
