/*
 * tests/browser/lib.mjs: the harness of the browser tests and the
 * screenshots. It starts `veikart serve` on a free port with a freshly
 * seeded database, makes the test users with the CLI, opens a reporting
 * period and files a report through the API, launches Debian's chromium
 * through playwright-core, signs users in, and counts checks the way
 * tests/e2e/lib.sh does ("N checks, M failed") so tests/run.sh adds them
 * up.
 *
 * It must not pass silently: a missing chromium, node_modules or binary
 * throws with what to run. Pages that other work has not built yet answer
 * 404; they are counted as skipped unless VEIKART_BROWSER_STRICT=1, which
 * turns every skip into a failure.
 *
 * Ownership: startServer's caller stops the server (server.stop()), which
 * also removes its temporary directory; launchBrowser's caller closes the
 * browser.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)),
	'../..');
/* Skipped pages fail when set: for the end of issue #5, when every page
 * is built. */
export const STRICT = process.env.VEIKART_BROWSER_STRICT === '1';
export const CHROMIUM = process.env.VEIKART_CHROMIUM || '/usr/bin/chromium';
export const LANGS = ['nb', 'nn', 'en'];
export const PASSWORD = 'riktig hest batteri stift 42';
/* The reporter's actor leads REPORT_MEASURE (the keyboard test reports
 * on it) and REVIEW_MEASURE (filed and submitted here, for the review
 * page). */
export const REPORTER_ACTOR = 'SIVA';
export const REPORT_MEASURE = 'V-TP-1';
export const REVIEW_MEASURE = 'V-TP-2';
export const USERS = {
	admin: { name: 'vk-admin', role: 'admin' },
	coordinator: { name: 'vk-koordinator', role: 'coordinator' },
	reporter: { name: 'vk-rapportor', role: 'reporter',
		    actor: REPORTER_ACTOR },
	reader: { name: 'vk-leser', role: 'reader' },
};
export const DESKTOP = { width: 1280, height: 900 };
export const NARROW = { width: 375, height: 812 };

/* Chromium on this machine has no network: without these flags it keeps
 * trying to reach Google's services and gets slow. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
	'--disable-quic', '--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync',
	'--disable-dev-shm-usage'];

const require = createRequire(path.join(ROOT, 'package.json'));

/* What the tests need, or an Error saying how to get it. */
export function checkTools(bin) {
	const missing = [];
	if (!fs.existsSync(CHROMIUM))
		missing.push(`chromium (${CHROMIUM}): run \`make deps\` ` +
			'(scripts/deps.sh installs Debian\'s chromium)');
	for (const m of ['playwright-core', 'axe-core']) {
		try {
			require.resolve(m);
		} catch {
			missing.push(`the npm package ${m}: run \`make ` +
				'node_modules` (npm ci)');
		}
	}
	if (bin !== undefined && !fs.existsSync(bin))
		missing.push(`the veikart binary ${bin}: run \`make all\``);
	if (missing.length)
		throw new Error('cannot run the browser tests; missing:\n  ' +
			missing.join('\n  '));
}

export const axeSource = () => require('axe-core').source;

export async function launchBrowser() {
	const { chromium } = require('playwright-core');
	return chromium.launch({ executablePath: CHROMIUM,
				 args: CHROMIUM_ARGS, timeout: 60000 });
}

/* Counts checks like tests/e2e/lib.sh. A skip is a check that did not
 * run: it counts in `checks` and in `skipped` (tests/run.sh subtracts
 * skips from the passed ones). */
export class Tally {
	constructor() {
		this.checks = 0;
		this.failed = 0;
		this.skipped = 0;
	}
	ok() {
		this.checks++;
	}
	fail(what, why) {
		this.checks++;
		this.failed++;
		console.error(`FAIL: ${what}: ${why}`);
	}
	check(what, cond, why) {
		if (cond)
			this.ok();
		else
			this.fail(what, why);
		return cond;
	}
	/* Something not built yet: a failure in strict mode. */
	skip(what, why, n = 1) {
		if (STRICT) {
			this.fail(what, `${why} (VEIKART_BROWSER_STRICT=1)`);
			this.checks += n - 1;
			return;
		}
		this.checks += n;
		this.skipped += n;
		console.log(`SKIP: ${what}: ${why}`);
	}
	add(other) {
		this.checks += other.checks;
		this.failed += other.failed;
		this.skipped += other.skipped;
	}
}

function cli(bin, args, input) {
	const r = spawnSync(bin, args, { input, encoding: 'utf8',
					 timeout: 60000 });
	if (r.status !== 0)
		throw new Error(`veikart ${args.join(' ')} exited ` +
			`${r.status}: ${r.stderr}`);
	return r.stdout.trim();
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(base, proc, log) {
	for (let i = 0; i < 200; i++) {
		if (proc.exitCode !== null)
			break;
		try {
			if ((await fetch(base + '/healthz')).ok)
				return;
		} catch {
			/* not listening yet */
		}
		await sleep(50);
	}
	throw new Error('the server did not start:\n' +
		fs.readFileSync(log, 'utf8'));
}

/*
 * A server on a seeded database with the users in USERS. The assets
 * (style sheets) are read from the repository. Returns { base, db, bin,
 * log, stop() }.
 */
export async function startServer(bin) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veikart-browser-'));
	const db = path.join(dir, 'v.db');
	const log = path.join(dir, 'server.log');

	cli(bin, ['init', '--db', db]);
	for (const u of Object.values(USERS))
		cli(bin, ['user', 'add', u.name, '--role', u.role,
			  ...(u.actor ? ['--actor', u.actor] : []),
			  '--db', db, '--password-stdin'], PASSWORD + '\n');
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const err = fs.openSync(log, 'a');
	const proc = spawn(bin, ['serve', '--db', db, '--listen',
				 `127.0.0.1:${port}`, '--threads', '2'],
			   { cwd: ROOT, stdio: ['ignore', err, err],
			     env: { ...process.env, VEIKART_ACCESS_LOG: '0' } });
	fs.closeSync(err);
	await waitHealthy(base, proc, log);
	const server = {
		base, db, bin, log,
		/* How the server ended, or null while it runs. */
		exited: null,
		logTail(n = 30) {
			return fs.readFileSync(log, 'utf8').split('\n')
				.slice(-n).join('\n');
		},
		token(user) {
			return cli(bin, ['token', 'create', user.name,
					 '--scope', 'write', '--db', db]);
		},
		async stop() {
			if (proc.exitCode === null) {
				const done = new Promise((r) =>
					proc.once('exit', r));
				proc.kill('SIGTERM');
				await Promise.race([done, sleep(3000)]);
			}
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
	proc.once('exit', (code, signal) => {
		server.exited = signal ? `killed by ${signal}` :
			`exited ${code}`;
	});
	return server;
}

/* The current tertial (T1 January-April ...), as the coordinator would
 * open it. */
export function currentPeriod(now = new Date()) {
	return `${now.getUTCFullYear()}-T${Math.floor(now.getUTCMonth() / 4) + 1}`;
}

/* fetch with a bearer token and a JSON body; the parsed answer. */
export async function api(server, method, p, token, body) {
	const headers = { Authorization: `Bearer ${token}` };
	if (body !== undefined)
		headers['Content-Type'] = 'application/json';
	const r = await fetch(server.base + p, { method, headers,
		body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await r.text();
	let json = null;
	try {
		json = JSON.parse(text);
	} catch {
		/* not JSON */
	}
	if (!r.ok)
		throw new Error(`${method} ${p}: ${r.status} ${text}`);
	return json;
}

/*
 * What the workspace pages need: an open period and a submitted report
 * on REVIEW_MEASURE for the coordinator to review. With `approve`, that
 * report is approved too (so the public pages show a reported status).
 * Returns { period, reviewId }.
 */
export async function seedReporting(server, { approve = false } = {}) {
	const coord = server.token(USERS.coordinator);
	const rep = server.token(USERS.reporter);
	const period = currentPeriod();

	await api(server, 'POST', '/api/v1/periods', coord, { id: period });
	const r = await api(server, 'POST',
		`/api/v1/measures/${REVIEW_MEASURE}/reports`, rep, {
			period, status: 'at_risk', progress: 30,
			done_text: 'Eksempeltekst fra testene: avtale om ' +
				'testarena signert med tre helseforetak.',
			next_steps: 'Eksempeltekst: åpne arenaen for bedrifter.',
			challenges: 'Eksempeltekst: finansieringen er ikke avklart.',
			mitigations: 'Eksempeltekst: søknad sendt.',
		});
	await api(server, 'POST', `/api/v1/reports/${r.id}/submit`, rep);
	if (approve)
		await api(server, 'POST', `/api/v1/reports/${r.id}/approve`,
			  coord);
	return { period, reviewId: r.id, coordToken: coord, repToken: rep };
}

/*
 * Signs `user` in within the browser context: through the portal's
 * sign-in form when it is built, else through POST /api/v1/session
 * (the context's request API shares its cookie jar). Returns how.
 */
export async function signIn(ctx, server, user) {
	const page = await ctx.newPage();
	try {
		const r = await page.goto(server.base + '/nb/login');
		const form = page.locator('main form:has(input[type=password])');
		if (r && r.status() === 200 && (await form.count()) === 1) {
			await form.locator('input[name=username]')
				.fill(user.name);
			await form.locator('input[type=password]')
				.fill(PASSWORD);
			await Promise.all([
				page.waitForNavigation(),
				form.locator('button[type=submit], ' +
					     'button:not([type])').last()
					.click(),
			]);
			if (await hasSession(ctx))
				return 'form';
			throw new Error(`signing in ${user.name} through ` +
				`/nb/login failed (now at ${page.url()})`);
		}
	} finally {
		await page.close();
	}
	const r = await ctx.request.post(server.base + '/api/v1/session',
		{ data: { username: user.name, password: PASSWORD } });
	if (!r.ok() || !(await hasSession(ctx)))
		throw new Error(`signing in ${user.name} through the API: ` +
			`${r.status()} ${await r.text()}`);
	return 'api';
}

async function hasSession(ctx) {
	return (await ctx.cookies()).some((c) => c.name === 'veikart_session');
}

export async function newContext(browser, server, who) {
	const ctx = await browser.newContext({ viewport: DESKTOP,
		colorScheme: 'light', locale: 'nb-NO', baseURL: server.base });
	ctx.setDefaultTimeout(15000);
	ctx.setDefaultNavigationTimeout(20000);
	if (who)
		await signIn(ctx, server, USERS[who]);
	return ctx;
}

/* Prints the closing lines tests/run.sh reads. */
export function report(name, tally) {
	if (tally.skipped)
		console.log(`[  SKIPPED ] ${tally.skipped} test(s)`);
	console.log(`${name}: ${tally.checks} checks, ${tally.failed} failed`);
}
