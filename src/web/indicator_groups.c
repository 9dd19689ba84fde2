/*
 * web/indicator_groups.c: the rule that puts an indicator under a
 * strategy (indicator_groups.h). One walk over the evidence, the goals
 * naming the indicator and the strategies of its measures, serves every
 * question, so the rule is written once. It decides nothing else and
 * reads only what it is given.
 */
#include "web/indicator_groups.h"

#include <string.h>

/* Called with each strategy the indicator follows (possibly twice);
 * returning true stops the walk. */
typedef bool (*strategy_fn)(const char *strategy, void *arg);

static const char *str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Walks the strategies `ind` follows; true when fn stopped it. */
static bool walk(json_t *goals, json_t *measures, json_t *ind, strategy_fn fn,
		 void *arg)
{
	const char *id = str(ind, "id");
	json_t *x;
	size_t i;

	json_array_foreach(goals, i, x) {
		const char *gi = str(x, "indicator"), *gs = str(x, "strategy");

		if (id && gi && gs && !strcmp(gi, id) && fn(gs, arg))
			return true;
	}
	json_array_foreach(json_object_get(ind, "measures"), i, x) {
		const char *mid = json_string_value(x);
		const char *ms =
		    str(json_object_get(measures, mid ? mid : ""), "strategy");

		if (ms && fn(ms, arg))
			return true;
	}
	return false;
}

static bool is_wanted(const char *strategy, void *arg)
{
	return !strcmp(strategy, (const char *)arg);
}

bool indicator_follows(json_t *goals, json_t *measures, json_t *ind,
		       const char *strategy)
{
	return strategy &&
	       walk(goals, measures, ind, is_wanted, (void *)strategy);
}

/* Stops at a strategy that is one of the array's. */
static bool is_listed(const char *strategy, void *arg)
{
	json_t *s;
	size_t i;

	json_array_foreach((json_t *)arg, i, s) {
		const char *id = str(s, "id");

		if (id && !strcmp(id, strategy))
			return true;
	}
	return false;
}

bool indicator_follows_any(json_t *goals, json_t *measures, json_t *strategies,
			   json_t *ind)
{
	return walk(goals, measures, ind, is_listed, strategies);
}

static bool add(const char *strategy, void *arg)
{
	json_object_set_new((json_t *)arg, strategy, json_true());
	return false;
}

json_t *indicator_strategies(json_t *goals, json_t *measures, json_t *ind)
{
	json_t *out = json_object();

	walk(goals, measures, ind, add, out);
	return out;
}
