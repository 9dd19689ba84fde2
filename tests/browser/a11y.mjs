/*
 * tests/browser/a11y.mjs: every page type of the portal in bokmål,
 * nynorsk and English, signed out and signed in, through the checks of
 * checks.mjs (axe-core, one h1, lang, console, 375 px). Public pages run
 * signed out and as the coordinator; the workspace as the coordinator,
 * and its reporter pages as the reporter; user and token admin as the
 * admin. The report form is checked empty and after an empty submit
 * (the error summary shown).
 *
 * The pages run in a small pool of workers (VEIKART_BROWSER_JOBS,
 * default 2) in one browser, each with its own context (and so its own
 * renderer process) per user.
 */
import { checkPage } from './checks.mjs';
import { LANGS, newContext, REPORT_MEASURE } from './lib.mjs';

/* Submits the report form empty: the page comes back with its errors. */
async function submitEmpty(page, url) {
	const r = await page.goto(url);
	if (!r || r.status() !== 200)
		return r;
	const button = page.locator('button[name=action][value=submit]');
	const [resp] = await Promise.all([page.waitForNavigation(),
					  button.click()]);
	return resp;
}

/* Ids of real records to show, taken from the API. */
async function sampleIds(server) {
	const get = async (p) => (await fetch(server.base + p)).json();
	const m = await get(`/api/v1/measures/${REPORT_MEASURE}`);
	const ind = await get('/api/v1/indicators?limit=1');
	const lead = m.responsible.find((r) => r.role === 'lead');
	return { measure: m.id, strategy: m.strategy, focus: m.focus_area,
		 actor: lead.actor, indicator: ind.items[0].id };
}

function publicPages(ids) {
	return [
		['front', '/'],
		['strategies', '/strategies'],
		['strategy', `/strategies/${ids.strategy}`],
		['focus area', `/focus-areas/${ids.focus}`],
		['measures filtered', `/measures?strategy=${ids.strategy}` +
			'&status=not_reported&focus=&sort=-updated'],
		['measure', `/measures/${ids.measure}`],
		['actors', '/actors'],
		['actor', `/actors/${ids.actor}`],
		['indicators', '/indicators'],
		['indicator', `/indicators/${ids.indicator}`],
		['changes', '/changes'],
		['search', '/search?q=helse'],
		['open data', '/open-data'],
		['coordination', '/coordination'],
		['about', '/about'],
		['accessibility', '/accessibility'],
		['privacy', '/privacy'],
		['login', '/login'],
		['reset', '/reset'],
		['404', '/no-such-page', 404],
	];
}

function workspacePages(ids, seed, who) {
	const form = `/workspace/report/${ids.measure}`;
	const pages = {
		coordinator: [
			['workspace', '/workspace'],
			['workspace reports', '/workspace/reports'],
			['cycle', '/workspace/cycle'],
			['review', `/workspace/review/${seed.reviewId}`],
			['edit list', '/workspace/edit'],
			['edit list measures', '/workspace/edit/measures'],
			['edit form', `/workspace/edit/measures/${ids.measure}`],
			['observations upload', '/workspace/observations'],
		],
		reporter: [
			['workspace', '/workspace'],
			['workspace reports', '/workspace/reports'],
			['report form', form],
			['report form errors', form, 422, submitEmpty],
		],
		admin: [
			['users', '/workspace/users'],
			['tokens', '/workspace/tokens'],
		],
	};
	return pages[who];
}

function jobs(ids, seed) {
	const out = [];
	const add = (who, list) => {
		for (const lang of LANGS)
			for (const [name, p, status, load] of list) {
				const url = `/${lang}${p}`;
				out.push({ who, spec: {
					what: `${name} ${url} (${who || 'anonymous'})`,
					url, lang, status,
					load: load && ((page) => load(page, url)),
				} });
			}
	};
	add(null, publicPages(ids));
	add('coordinator', publicPages(ids));
	for (const who of ['coordinator', 'reporter', 'admin'])
		add(who, workspacePages(ids, seed, who));
	return out;
}

/* Runs every page; returns how many pages were checked and skipped. */
export async function runA11y(browser, server, seed, tally) {
	const ids = await sampleIds(server);
	const queue = jobs(ids, seed);
	/* A context per worker and user: pages of one context share a
	 * renderer process, which would run the workers' axe in turn. */
	const contexts = [];
	const nworkers = Math.max(1, Number(process.env.VEIKART_BROWSER_JOBS ||
					    2));
	let next = 0, checked = 0, skipped = 0, crashed = false;

	const worker = async () => {
		const pages = new Map();
		while (next < queue.length && !server.exited) {
			const { who, spec } = queue[next++];
			if (!pages.has(who)) {
				const ctx = await newContext(browser, server, who);
				contexts.push(ctx);
				pages.set(who, await ctx.newPage());
			}
			if (await checkPage(pages.get(who), spec, tally))
				checked++;
			else
				skipped++;
			if (server.exited && !crashed) {
				crashed = true;
				tally.fail(spec.what, `the server ${server.exited}` +
					` during or before this page; its log:\n` +
					server.logTail());
			}
		}
	};
	await Promise.all(Array.from({ length: nworkers }, worker));
	for (const c of contexts)
		await c.close();
	console.log(`a11y: ${checked} page loads checked, ${skipped} ` +
		    `skipped or failed to load, of ${queue.length}`);
}
