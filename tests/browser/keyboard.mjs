/*
 * tests/browser/keyboard.mjs: a reporter files a status report with the
 * keyboard alone. From /nb/workspace it tabs to the report form's link
 * and opens it, submits it with required fields missing, lands on the
 * error summary, follows its first link to the field, fills every field,
 * submits, and the API then shows the report submitted.
 *
 * Only page.keyboard is used (Tab, Shift+Tab, Enter, Space, arrows,
 * typing into the focused field): no clicks and no filling of elements
 * found by selector. Selectors only read where the focus is. Every
 * element the focus lands on must show it (an outline or a box-shadow).
 *
 * The form's contract (web/page_report_form.c, web/form_view.h): fields
 * have ids f-<name>, the error summary is div#error-summary with
 * autofocus, the buttons are name=action value=draft|submit.
 */
import { newContext, REPORT_MEASURE } from './lib.mjs';

const MAX_TABS = 150;

/* What has the focus, and whether it is visibly marked. */
function focused(page) {
	return page.evaluate(() => {
		const e = document.activeElement;
		if (!e || e === document.body)
			return { none: true };
		/* Designsystemet draws a radio's or checkbox's focus on
		 * its .ds-field; a skip link shows itself only on focus. */
		const marked = (x) => {
			const cs = getComputedStyle(x);
			return (cs.outlineStyle !== 'none' &&
				parseFloat(cs.outlineWidth) > 0) ||
				(cs.boxShadow && cs.boxShadow !== 'none');
		};
		const box = e.closest('.ds-field');
		const toggle = /^(radio|checkbox)$/.test(e.type) && box;
		const skip = e.classList.contains('ds-skip-link') &&
			e.getBoundingClientRect().width > 1;
		return {
			tag: e.tagName.toLowerCase(), id: e.id,
			type: e.type || '', name: e.getAttribute('name') || '',
			value: 'value' in e ? e.value : '',
			checked: !!e.checked,
			href: e.getAttribute('href') || '',
			text: (e.innerText || '').trim().slice(0, 60),
			required: !!e.required ||
				e.getAttribute('aria-required') === 'true',
			visible: marked(e) || (toggle && marked(box)) || skip,
			inForm: !!e.closest('form[method=post]') &&
				!e.closest('header, footer'),
		};
	});
}

const describe = (f) => f.none ? '(nothing)' :
	`<${f.tag}${f.id ? '#' + f.id : ''}${f.name ? ` name=${f.name}` : ''}` +
	`${f.href ? ` href=${f.href}` : ''}> ${f.text}`;

/* Tabs until pred(focused) holds; every stop must show its focus. */
async function tabTo(page, pred, unseen) {
	for (let i = 0; i < MAX_TABS; i++) {
		await page.keyboard.press('Tab');
		const f = await focused(page);
		if (!f.none && !f.visible)
			unseen.add(describe(f));
		if (!f.none && pred(f))
			return f;
	}
	return null;
}

async function press(page, key) {
	const [resp] = await Promise.all([
		page.waitForNavigation({ timeout: 20000 }),
		page.keyboard.press(key),
	]);
	return resp;
}

/* A value for a text-like field, by its type and name. */
function textFor(f) {
	if (f.type === 'number' || /progress/.test(f.name))
		return '45';
	if (f.type === 'url' || /url/.test(f.name))
		return 'https://www.siva.no/';
	/* One link a line: the address, then a title. */
	if (/link/.test(f.name))
		return 'https://www.siva.no/ Katapult-ordningen';
	if (f.type === 'email')
		return 'rapportor@example.no';
	return 'Tastaturtest: avtale signert, æøå.';
}

/* Picks a value in a select or radio group with the arrow keys: the
 * status on_track where there is one, else the first non-empty value. */
async function choose(page, f) {
	for (let i = 0; i < 12; i++) {
		const now = await focused(page);
		if (now.value === 'on_track')
			return;
		if (now.value && i > 0 && !(await page.evaluate(() =>
			[...(document.activeElement.options ||
			     document.querySelectorAll(
				`input[name="${document.activeElement.name}"]`))]
				.some((o) => o.value === 'on_track'))))
			return;
		await page.keyboard.press('ArrowDown');
	}
	if (f.tag === 'input')
		await page.keyboard.press('Space');
}

/* Fills every empty field of the form, in tab order, up to the submit
 * button; returns it, or null when the focus leaves the form. */
async function fillForm(page, unseen, tally) {
	const seenGroups = new Set();
	let filled = 0;
	for (let i = 0; i < MAX_TABS; i++) {
		const f = await focused(page);
		if (!f.none && !f.visible)
			unseen.add(describe(f));
		if (f.tag === 'button' && f.name === 'action' &&
		    f.value === 'submit')
			return filled;
		if (!f.none && f.inForm) {
			if (f.tag === 'textarea' || (f.tag === 'input' &&
			    /^(text|number|url|email|search|tel)$/.test(f.type))) {
				if (!f.value) {
					await page.keyboard.type(textFor(f));
					filled++;
				}
			} else if (f.tag === 'select' ||
				   (f.type === 'radio' && !seenGroups.has(f.name))) {
				seenGroups.add(f.name);
				await choose(page, f);
				filled++;
			}
		}
		await page.keyboard.press('Tab');
	}
	tally.fail('keyboard: fill the form', 'never reached the submit button');
	return -1;
}

async function errorSummaryText(page) {
	return page.evaluate(() => {
		const s = document.getElementById('error-summary');
		return s ? s.innerText.replace(/\s+/g, ' ') : '';
	});
}

/* Tabs through every stop of the public front page: each shows its
 * focus. One check. */
async function tabThroughFront(browser, server, tally) {
	const ctx = await newContext(browser, server, null);
	try {
		const page = await ctx.newPage();
		await page.goto('/nb/');
		const unseen = new Set(), stops = new Set();
		for (let i = 0; i < MAX_TABS; i++) {
			await page.keyboard.press('Tab');
			const f = await focused(page);
			const d = describe(f);
			if (f.none || stops.has(d))
				break;	/* round the page and back */
			stops.add(d);
			if (!f.visible)
				unseen.add(d);
		}
		tally.check('keyboard: front page focus visible',
			    stops.size > 10 && unseen.size === 0,
			    `${stops.size} stops; no visible focus on: ` +
			    [...unseen].join('; '));
	} finally {
		await ctx.close();
	}
}

/* The keyboard test; tally counts its steps. */
export async function runKeyboard(browser, server, seed, tally) {
	await tabThroughFront(browser, server, tally);
	const formPath = `/nb/workspace/report/${REPORT_MEASURE}`;
	const ctx = await newContext(browser, server, 'reporter');
	const page = await ctx.newPage();
	const unseen = new Set();
	const STEPS = 10;
	try {
		const ws = await page.goto('/nb/workspace');
		if (ws.status() === 404)
			return tally.skip('keyboard test', '/nb/workspace ' +
				'answers 404: not built yet', STEPS);
		const probe = await ctx.request.get(formPath);
		if (probe.status() === 404)
			return tally.skip('keyboard test', `${formPath} ` +
				'answers 404: not built yet', STEPS);

		/* 1. Tab to the link to the form and open it with Enter. */
		const link = await tabTo(page, (f) => f.tag === 'a' &&
			f.href.endsWith(formPath), unseen);
		if (!tally.check('keyboard: tab to the report link', link,
				 `no link to ${formPath} on /nb/workspace ` +
				 `within ${MAX_TABS} tabs`))
			return;
		const opened = await press(page, 'Enter');
		if (!tally.check('keyboard: Enter opens the form',
				 opened && opened.status() === 200 &&
				 page.url().endsWith(formPath),
				 `at ${page.url()} (${opened && opened.status()})`))
			return;

		/* 2. Tab to "submit" without filling anything. */
		const submit = await tabTo(page, (f) => f.tag === 'button' &&
			f.name === 'action' && f.value === 'submit', unseen);
		if (!tally.check('keyboard: tab to submit', submit,
				 'no button name=action value=submit'))
			return;
		const bad = await press(page, 'Enter');
		const afterBad = await focused(page);
		tally.check('keyboard: empty submit shows errors (422)',
			    bad && bad.status() === 422,
			    `status ${bad && bad.status()}`);
		if (!tally.check('keyboard: focus on the error summary',
				 afterBad.id === 'error-summary',
				 `focus on ${describe(afterBad)}`))
			return;

		/* 3. The summary's first link leads to its field. */
		const errLink = await tabTo(page, (f) => f.tag === 'a' &&
			f.href.startsWith('#f-'), unseen);
		if (!tally.check('keyboard: tab to an error link', errLink,
				 'no link to #f-... after the summary'))
			return;
		await page.keyboard.press('Enter');
		await page.waitForTimeout(100);
		const target = await focused(page);
		const want = errLink.href.slice(1);
		tally.check('keyboard: error link focuses its field',
			    target.id === want ||
			    (target.type === 'radio' && target.name ===
			     want.slice(2)),
			    `focus on ${describe(target)}, want #${want}`);

		/* 4. Back to the top of the form with Shift+Tab (to the error
		 * link), then fill every field on the way to submit. */
		for (let i = 0; i < MAX_TABS; i++) {
			const f = await focused(page);
			if (f.none || !f.inForm || f.href.startsWith('#f-'))
				break;
			await page.keyboard.press('Shift+Tab');
		}
		const filled = await fillForm(page, unseen, tally);
		if (filled < 0)
			return;
		const good = await press(page, 'Enter');
		const left = await errorSummaryText(page);
		tally.check('keyboard: filled form is accepted',
			    good && good.status() === 200 && !left,
			    `status ${good && good.status()} at ${page.url()}` +
			    (left ? `; errors: ${left}` : ''));

		/* 5. The API says it is submitted. */
		const r = await ctx.request.get(
			`/api/v1/measures/${REPORT_MEASURE}/reports`);
		const items = r.ok() ? (await r.json()).items || [] : [];
		const mine = items.find((x) => x.period === seed.period);
		tally.check('keyboard: the report is submitted',
			    mine && mine.state === 'submitted',
			    `reports of ${REPORT_MEASURE}: ` +
			    JSON.stringify(items.map((x) => [x.period,
							      x.state])));
		tally.check('keyboard: focus visible at every stop',
			    unseen.size === 0,
			    `no visible focus on: ${[...unseen].join('; ')}`);
	} finally {
		await ctx.close();
	}
}
