/*
 * tests/browser/run.mjs: the browser suite, run by tests/e2e/browser.sh.
 *   node tests/browser/run.mjs path/to/veikart [a11y|keyboard]...
 * One server, one browser: the axe and structure checks over every page
 * type (a11y.mjs), then the keyboard test (keyboard.mjs). Prints
 * "browser.sh: N checks, M failed" for tests/run.sh and exits non-zero on
 * a failure. VEIKART_BROWSER_STRICT=1 fails pages not built yet instead
 * of skipping them.
 */
import { runA11y } from './a11y.mjs';
import { runKeyboard } from './keyboard.mjs';
import { checkTools, launchBrowser, report, seedReporting, startServer,
	 STRICT, Tally } from './lib.mjs';

const [bin, ...parts] = process.argv.slice(2);
const want = parts.length ? parts : ['a11y', 'keyboard'];
const tally = new Tally();
let server = null, browser = null;
const t0 = Date.now();

try {
	if (!bin)
		throw new Error('usage: node tests/browser/run.mjs ' +
				'path/to/veikart [a11y|keyboard]...');
	checkTools(bin);
	server = await startServer(bin);
	const seed = await seedReporting(server);
	browser = await launchBrowser();
	if (want.includes('a11y'))
		await runA11y(browser, server, seed, tally);
	if (want.includes('keyboard') && !server.exited)
		await runKeyboard(browser, server, seed, tally);
} catch (e) {
	tally.fail('browser suite', e.stack || e.message);
} finally {
	if (browser)
		await browser.close().catch(() => {});
	if (server)
		await server.stop();
}
console.log(`time ${((Date.now() - t0) / 1000).toFixed(1)} s` +
	    (STRICT ? ', strict' : ''));
report('browser.sh', tally);
process.exitCode = tally.failed ? 1 : 0;
