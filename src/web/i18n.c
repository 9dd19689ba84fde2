/*
 * web/i18n.c: the message catalogs (see i18n.h). The embedded catalog
 * texts (data/i18n.S) are copied once into owned memory, cut into
 * NUL-terminated keys and texts, and sorted for binary search. After
 * i18n_init the tables never change, so every thread reads them without a
 * lock; that is the one piece of global state here, and it is read-only.
 *
 * It must not format anything but the {N} placeholders: numbers and dates
 * are web/format.c's business.
 */
#include "web/i18n.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/sort.h"
#include "util/xalloc.h"
#include "web/html.h"

/* The catalog texts, NUL-terminated, from data/i18n.S. */
extern const char i18n_nb_txt[], i18n_nn_txt[], i18n_en_txt[];

struct entry {
	const char *key;
	const char *text;
	long line;
};

struct catalog {
	struct entry *e;
	size_t n;
	char *mem;	/* the copy the entries point into */
};

static const char *const codes[LANG_COUNT] = { "nb", "nn", "en" };
static const char *const names[LANG_COUNT] = { "Bokmål", "Nynorsk",
					       "English" };

static struct catalog catalogs[LANG_COUNT];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct err init_err = ERR_INIT;
static int init_rc;

const char *lang_code(enum lang l)
{
	return codes[(unsigned)l < LANG_COUNT ? l : LANG_NB];
}

const char *lang_name(enum lang l)
{
	return names[(unsigned)l < LANG_COUNT ? l : LANG_NB];
}

bool lang_from_code(const char *s, size_t n, enum lang *out)
{
	for (int i = 0; i < LANG_COUNT; i++)
		if (n == 2 && !memcmp(s, codes[i], 2)) {
			*out = (enum lang)i;
			return true;
		}
	return false;
}

/* The language of one range such as "nb-NO" or "en"; false for others. */
static bool range_lang(const char *s, size_t n, enum lang *out)
{
	size_t primary = 0;

	while (primary < n && s[primary] != '-' && s[primary] != '_')
		primary++;
	if (primary == 1 && s[0] == '*') {
		*out = LANG_NB;
		return true;
	}
	if (primary != 2)
		return false;
	if (!strncasecmp(s, "no", 2) || !strncasecmp(s, "nb", 2))
		*out = LANG_NB;
	else if (!strncasecmp(s, "nn", 2))
		*out = LANG_NN;
	else if (!strncasecmp(s, "en", 2))
		*out = LANG_EN;
	else
		return false;
	return true;
}

/* The q of ";q=0.8" parameters in s[0..n), in thousandths; 1000 when
 * absent, 0 when malformed. */
static int range_q(const char *s, size_t n)
{
	const char *p = memchr(s, ';', n);
	int q = 0, scale = 1000;

	if (!p)
		return 1000;
	p++;
	while (p < s + n && *p == ' ')
		p++;
	if (s + n - p < 3 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
		return 0;
	p += 2;
	if (*p != '0' && *p != '1')
		return 0;
	q = (*p++ - '0') * 1000;
	if (p < s + n && *p == '.')
		for (p++; p < s + n && isdigit((unsigned char)*p); p++)
			q += (*p - '0') * (scale /= 10);
	return q > 1000 ? 1000 : q;
}

enum lang lang_negotiate(const char *h)
{
	enum lang best = LANG_NB, l;
	int best_q = 0;

	while (h && *h) {
		size_t n = strcspn(h, ",");
		const char *s = h + strspn(h, " \t");
		size_t len = (size_t)(h + n - s);
		size_t tag = strcspn(s, ";, \t");
		int q = range_q(s, len);

		if (tag > len)
			tag = len;
		if (q > best_q && range_lang(s, tag, &l)) {
			best = l;
			best_q = q;
		}
		h += n + (h[n] == ',');
	}
	return best;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key,
		      ((const struct entry *)b)->key);
}

static bool key_ok(const char *k)
{
	if (!*k)
		return false;
	return strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789._-") ==
	       strlen(k);
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* Cuts one line into an entry; 0 for a blank or comment line (nothing
 * added), 1 for an entry, -1 when malformed. */
static int parse_line(char *line, long no, struct catalog *c,
		      size_t *alloc)
{
	char *eq, *key, *text;

	line = trim(line);
	if (!*line || *line == '#')
		return 0;
	eq = strchr(line, '=');
	if (!eq)
		return -1;
	*eq = '\0';
	key = trim(line);
	text = trim(eq + 1);
	if (!key_ok(key) || !*text)
		return -1;
	if (c->n == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 256;
		c->e = xrealloc(c->e, *alloc * sizeof(*c->e));
	}
	c->e[c->n++] = (struct entry){ key, text, no };
	return 1;
}

/* Parses text into c (which it owns afterwards); -1 with err. */
static int catalog_parse(const char *name, const char *text,
			 struct catalog *c, struct err *err)
{
	size_t alloc = 0;
	long no = 0;
	char *p;

	memset(c, 0, sizeof(*c));
	c->mem = xstrdup(text);
	for (p = c->mem; p && *p;) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		if (parse_line(p, ++no, c, &alloc) < 0)
			return err_set(err, ERR_INTERNAL,
				       "i18n catalog %s, line %ld: expected "
				       "\"key = text\" with a key of a-z 0-9 "
				       ". _ - and a text",
				       name, no);
		p = nl ? nl + 1 : NULL;
	}
	if (c->n)	/* c->e is NULL for an empty catalog */
		xqsort(c->e, c->n, sizeof(*c->e), entry_cmp);
	for (size_t i = 1; i < c->n; i++)
		if (!strcmp(c->e[i - 1].key, c->e[i].key))
			return err_set(err, ERR_INTERNAL,
				       "i18n catalog %s, line %ld: key %s "
				       "given twice",
				       name, c->e[i].line, c->e[i].key);
	return 0;
}

static void catalog_release(struct catalog *c)
{
	free(c->e);
	free(c->mem);
	memset(c, 0, sizeof(*c));
}

static void load(void)
{
	const char *texts[LANG_COUNT] = { i18n_nb_txt, i18n_nn_txt,
					  i18n_en_txt };

	for (int i = 0; i < LANG_COUNT; i++)
		if (catalog_parse(codes[i], texts[i], &catalogs[i],
				  &init_err) < 0) {
			init_rc = -1;
			return;
		}
}

int i18n_init(struct err *err)
{
	pthread_once(&once, load);
	if (init_rc < 0 && err)
		*err = init_err;
	return init_rc;
}

long i18n_parse_check(const char *name, const char *text, struct err *err)
{
	struct catalog c;
	long n = -1;

	if (catalog_parse(name, text, &c, err) == 0)
		n = (long)c.n;
	catalog_release(&c);
	return n;
}

static const struct entry *find(enum lang l, const char *key)
{
	struct entry probe = { key, NULL, 0 };
	const struct catalog *c;

	i18n_init(NULL);
	c = &catalogs[(unsigned)l < LANG_COUNT ? l : LANG_NB];
	if (!c->n)
		return NULL;
	return bsearch(&probe, c->e, c->n, sizeof(*c->e), entry_cmp);
}

const char *i18n(enum lang l, const char *key)
{
	const struct entry *e = find(l, key);

	return e ? e->text : key;
}

bool i18n_has(enum lang l, const char *key)
{
	return find(l, key) != NULL;
}

void i18n_html(struct buf *b, enum lang l, const char *key, ...)
{
	const char *args[9] = { NULL };
	const char *t = i18n(l, key);
	const char *run = t, *a;
	size_t nargs = 0;
	va_list ap;

	va_start(ap, key);
	while (nargs < 9 && (a = va_arg(ap, const char *)))
		args[nargs++] = a;
	va_end(ap);
	for (const char *p = t; *p; p++) {
		size_t i;

		if (p[0] != '{' || p[1] < '1' || p[1] > '9' || p[2] != '}')
			continue;
		i = (size_t)(p[1] - '1');
		if (i >= nargs)
			continue;
		html_txtn(b, run, (size_t)(p - run));
		html_txt(b, args[i]);
		p += 2;
		run = p + 1;
	}
	html_txt(b, run);
}

/* Reports keys of catalog a that b lacks. */
static size_t missing(enum lang a, enum lang b, struct buf *report)
{
	size_t n = 0;

	for (size_t i = 0; i < catalogs[a].n; i++) {
		if (find(b, catalogs[a].e[i].key))
			continue;
		n++;
		if (report)
			buf_addf(report, "%s.txt has %s, %s.txt lacks it\n",
				 codes[a], catalogs[a].e[i].key, codes[b]);
	}
	return n;
}

size_t i18n_check(struct buf *report)
{
	size_t n = 0;
	struct err err = ERR_INIT;

	if (i18n_init(&err) < 0) {
		if (report)
			buf_addf(report, "%s\n", err.msg);
		return 1;
	}
	for (int a = 0; a < LANG_COUNT; a++)
		for (int b = 0; b < LANG_COUNT; b++)
			if (a != b)
				n += missing((enum lang)a, (enum lang)b,
					     report);
	return n;
}
