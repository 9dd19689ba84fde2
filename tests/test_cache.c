/* tests/test_cache.c: the per-thread response cache (http/cache.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http/cache.h"

static struct http_cache_entry entry(const char *body)
{
	struct http_cache_entry e = {
	    .status = 200,
	    .content_type = "application/json; charset=utf-8",
	    .cache_control = "no-cache",
	    .body = body,
	    .body_len = strlen(body),
	};

	snprintf(e.etag, sizeof(e.etag), "\"%032zx\"", strlen(body));
	return e;
}

static void test_cache_put_get(void **state)
{
	struct http_cache *c = http_cache_new(1 << 20);
	struct http_cache_entry e = entry("{\"tiltak\":\"æøå\"}");
	const struct http_cache_entry *got;
	char body[32];

	(void)state;
	assert_null(http_cache_get(c, "/a", 1));
	/* The cache keeps its own copy of the body. */
	snprintf(body, sizeof(body), "%s", e.body);
	e.body = body;
	assert_int_equal(http_cache_put(c, "/a", 1, &e), 0);
	memset(body, 'x', sizeof(body) - 1);
	got = http_cache_get(c, "/a", 1);
	assert_non_null(got);
	assert_int_equal(got->status, 200);
	assert_string_equal(got->body, "{\"tiltak\":\"æøå\"}");
	assert_int_equal(got->body_len, strlen("{\"tiltak\":\"æøå\"}"));
	assert_string_equal(got->etag, e.etag);
	assert_string_equal(got->content_type, e.content_type);
	assert_string_equal(got->cache_control, "no-cache");
	assert_null(http_cache_get(c, "/a?x=1", 1));
	assert_null(http_cache_get(c, "/", 1));
	http_cache_free(c);
}

static void test_cache_version_change_empties(void **state)
{
	struct http_cache *c = http_cache_new(1 << 20);
	struct http_cache_entry e = entry("one");

	(void)state;
	http_cache_put(c, "/a", 5, &e);
	http_cache_put(c, "/b", 5, &e);
	assert_int_equal(http_cache_count(c), 2);
	assert_null(http_cache_get(c, "/a", 6));
	assert_int_equal(http_cache_count(c), 0);
	assert_int_equal(http_cache_used(c), 0);
	/* Nor does the old version come back. */
	assert_null(http_cache_get(c, "/a", 5));
	http_cache_free(c);
}

static void test_cache_replace_same_key(void **state)
{
	struct http_cache *c = http_cache_new(1 << 20);
	struct http_cache_entry e1 = entry("first");
	struct http_cache_entry e2 = entry("second body");
	size_t used;

	(void)state;
	http_cache_put(c, "/a", 1, &e1);
	http_cache_put(c, "/a", 1, &e2);
	assert_int_equal(http_cache_count(c), 1);
	assert_string_equal(http_cache_get(c, "/a", 1)->body, "second body");
	used = http_cache_used(c);
	http_cache_put(c, "/a", 1, &e2);
	assert_int_equal(http_cache_used(c), used);
	http_cache_free(c);
}

static void test_cache_evicts_oldest(void **state)
{
	char body[1000];
	struct http_cache_entry e;
	struct http_cache *c;
	char key[16];
	size_t one;
	int i;

	(void)state;
	memset(body, 'b', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	e = entry(body);
	/* Measure one entry, then make room for exactly three. */
	c = http_cache_new(1 << 20);
	http_cache_put(c, "/k0", 1, &e);
	one = http_cache_used(c);
	http_cache_free(c);
	c = http_cache_new(3 * one + one / 2);
	for (i = 0; i < 5; i++) {
		snprintf(key, sizeof(key), "/k%d", i);
		assert_int_equal(http_cache_put(c, key, 1, &e), 0);
		assert_true(http_cache_used(c) <= 3 * one + one / 2);
	}
	assert_int_equal(http_cache_count(c), 3);
	assert_null(http_cache_get(c, "/k0", 1));
	assert_null(http_cache_get(c, "/k1", 1));
	assert_non_null(http_cache_get(c, "/k2", 1));
	assert_non_null(http_cache_get(c, "/k4", 1));
	http_cache_free(c);
}

static void test_cache_too_big_not_stored(void **state)
{
	struct http_cache *c = http_cache_new(64);
	struct http_cache_entry e = entry("a body that does not fit in 64 "
					  "bytes together with its node");

	(void)state;
	assert_int_equal(http_cache_put(c, "/big", 1, &e), -1);
	assert_int_equal(http_cache_count(c), 0);
	assert_null(http_cache_get(c, "/big", 1));
	http_cache_free(c);
	/* Budget 0: a cache that keeps nothing. */
	c = http_cache_new(0);
	assert_int_equal(http_cache_put(c, "/", 1, &e), -1);
	http_cache_free(c);
}

static void test_cache_empty_body_and_many_keys(void **state)
{
	struct http_cache *c = http_cache_new(16 << 20);
	struct http_cache_entry e = entry("");
	char key[32];
	int i;

	(void)state;
	/* More keys than buckets, so chains are exercised. */
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "/items/%d", i);
		assert_int_equal(http_cache_put(c, key, 2, &e), 0);
	}
	assert_int_equal(http_cache_count(c), 5000);
	for (i = 0; i < 5000; i += 7) {
		snprintf(key, sizeof(key), "/items/%d", i);
		assert_non_null(http_cache_get(c, key, 2));
		assert_string_equal(http_cache_get(c, key, 2)->body, "");
	}
	http_cache_free(c);
	http_cache_free(NULL);
}

static void test_cache_pin_outlives_removal(void **state)
{
	struct http_cache *c = http_cache_new(1 << 20);
	struct http_cache_entry e = entry("pinned body");
	const struct http_cache_entry *a, *b;

	(void)state;
	http_cache_put(c, "/a", 1, &e);
	http_cache_put(c, "/b", 1, &e);
	a = http_cache_get(c, "/a", 1);
	b = http_cache_get(c, "/b", 1);
	http_cache_pin(a);
	http_cache_pin(a);
	http_cache_pin(b);
	/* A new version empties the cache; pinned bodies stay readable. */
	assert_null(http_cache_get(c, "/a", 2));
	assert_int_equal(http_cache_used(c), 0);
	assert_string_equal(a->body, "pinned body");
	http_cache_unpin(a);
	assert_string_equal(a->body, "pinned body");
	http_cache_unpin(a); /* freed here (ASan checks) */
	/* Freeing the cache leaves a pinned entry to its last unpin. */
	http_cache_free(c);
	assert_string_equal(b->body, "pinned body");
	http_cache_unpin(b);
}

static void test_cache_pin_in_cache(void **state)
{
	struct http_cache *c = http_cache_new(1 << 20);
	struct http_cache_entry e = entry("x");
	const struct http_cache_entry *a;

	(void)state;
	http_cache_put(c, "/a", 1, &e);
	a = http_cache_get(c, "/a", 1);
	http_cache_pin(a);
	http_cache_unpin(a);
	/* Still cached: the last unpin does not free a cached entry. */
	assert_ptr_equal(http_cache_get(c, "/a", 1), a);
	assert_int_equal(http_cache_count(c), 1);
	http_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cache_put_get),
	    cmocka_unit_test(test_cache_version_change_empties),
	    cmocka_unit_test(test_cache_replace_same_key),
	    cmocka_unit_test(test_cache_evicts_oldest),
	    cmocka_unit_test(test_cache_too_big_not_stored),
	    cmocka_unit_test(test_cache_empty_body_and_many_keys),
	    cmocka_unit_test(test_cache_pin_outlives_removal),
	    cmocka_unit_test(test_cache_pin_in_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
