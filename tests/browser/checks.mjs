/*
 * tests/browser/checks.mjs: what every page must pass, run on one loaded
 * page: the status, <html lang>, exactly one h1, no console errors, no
 * sideways scrolling at 375 px, and zero axe-core violations.
 *
 * The axe rule set is WCAG 2.0 and 2.1, levels A and AA (the requirement)
 * plus axe's best-practice rules (landmarks, "all content in a region",
 * heading order, one main ...), which this portal keeps as well: a
 * violation of either fails. See docs/web.md.
 */
import { axeSource, DESKTOP, NARROW, STRICT } from './lib.mjs';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
	'best-practice'];
let axeScript = null;	/* read on first use, after checkTools */

/* Console errors of a page, from its load on; stop() detaches. The
 * browser logs a failed load for the document itself when its status is
 * an error: that one is the page's expected status, not an error. */
export function watchConsole(page) {
	const errors = [];
	const onMsg = (m) => {
		if (m.type() === 'error')
			errors.push({ text: m.text(), url: m.location().url });
	};
	const onErr = (e) => errors.push({ text: String(e), url: '' });
	page.on('console', onMsg);
	page.on('pageerror', onErr);
	return {
		errors(docUrl) {
			return errors.filter((e) => !(e.url === docUrl &&
				/^Failed to load resource/.test(e.text)));
		},
		stop() {
			page.off('console', onMsg);
			page.off('pageerror', onErr);
		},
	};
}

export async function runAxe(page) {
	if (!(await page.evaluate(() => typeof window.axe === 'object')))
		await page.addScriptTag({ content: axeScript ??= axeSource() });
	return page.evaluate((tags) => window.axe.run(document, {
		runOnly: { type: 'tag', values: tags },
		resultTypes: ['violations'],
	}), AXE_TAGS);
}

export function describeViolations(violations) {
	return violations.map((v) => `\n    ${v.id} (${v.impact}): ${v.help}` +
		v.nodes.slice(0, 4).map((n) => `\n      ${n.target.join(' ')}` +
			`\n        ${n.html.slice(0, 160)}` +
			`\n        ${(n.failureSummary || '').replace(/\s+/g,
				' ').slice(0, 300)}`).join('') +
		(v.nodes.length > 4 ? `\n      ... ${v.nodes.length - 4} more`
				     : '')).join('');
}

/* The page's width at 375 px, restored to desktop afterwards. */
async function narrowOverflow(page) {
	await page.setViewportSize(NARROW);
	/* The widest elements are named only when the page is too wide. */
	const w = await page.evaluate(() => new Promise((r) =>
		requestAnimationFrame(() => {
			const scroll = document.documentElement.scrollWidth;
			const name = (e) => e.tagName.toLowerCase() +
				(e.className ? '.' + String(e.className).trim()
					.split(/\s+/).join('.') : '');
			r({ scroll, wide: scroll <= window.innerWidth ? [] :
				[...document.querySelectorAll('body *')]
					.filter((e) => e.getBoundingClientRect()
						.right > window.innerWidth + 1)
					.slice(0, 3).map(name) });
		})));
	await page.setViewportSize(DESKTOP);
	return w;
}

/*
 * The checks on a page already loaded in `page` with response `resp`.
 * spec: { what, lang, status (expected, default 200) }. A page that
 * answers 404 where it should answer is a placeholder not built yet:
 * skipped (counted as its 6 checks), a failure when strict.
 */
export const CHECKS_PER_PAGE = 6;

export async function checkLoaded(page, resp, spec, tally, consoleWatch) {
	const want = spec.status || 200;
	const got = resp ? resp.status() : 0;
	const what = spec.what;

	if (got === 404 && want !== 404) {
		tally.skip(what, 'answers 404: not built yet',
			   CHECKS_PER_PAGE);
		return false;
	}
	tally.check(`${what} status`, got === want, `got ${got}, want ${want}`);
	const s = await page.evaluate(() => ({
		lang: document.documentElement.getAttribute('lang'),
		h1: document.querySelectorAll('h1').length,
	}));
	tally.check(`${what} <html lang>`, s.lang === spec.lang,
		    `got "${s.lang}", want "${spec.lang}"`);
	tally.check(`${what} one h1`, s.h1 === 1, `${s.h1} h1 elements`);
	const res = await runAxe(page);
	tally.check(`${what} axe`, res.violations.length === 0,
		    `${res.violations.length} violation(s):` +
		    describeViolations(res.violations));
	const errs = consoleWatch.errors(page.url());
	tally.check(`${what} console`, errs.length === 0,
		    errs.map((e) => `${e.text} (${e.url})`).join('; '));
	const w = await narrowOverflow(page);
	tally.check(`${what} 375 px`, w.scroll <= NARROW.width,
		    `scrollWidth ${w.scroll} > ${NARROW.width}; wide: ` +
		    w.wide.join(', '));
	return true;
}

/* Loads spec.url (or runs spec.load(page) for a page reached by a form)
 * and checks it. */
const VERBOSE = process.env.VEIKART_BROWSER_VERBOSE === '1';

export async function checkPage(page, spec, tally) {
	const watch = watchConsole(page);
	const t0 = Date.now();
	try {
		const resp = spec.load ? await spec.load(page)
				       : await page.goto(spec.url);
		return await checkLoaded(page, resp, spec, tally, watch);
	} catch (e) {
		tally.fail(spec.what, `could not check: ${e.message}`);
		return false;
	} finally {
		watch.stop();
		if (VERBOSE)
			console.log(`${Date.now() - t0} ms ${spec.what}`);
	}
}

export { STRICT };
