/* Builtins: pagination walks (starting_after / ending_before) and limit
 * bounds on both list endpoints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"

/* Sessions of other writers a walk of the session list tolerates in its
 * created window (a shared account, a sandbox with other clients): the page
 * cap is what the case's own sessions plus these can fill. */
#define FOREIGN_ALLOWANCE 500

/* One walk over a list: where, how many per page, the page cap
 * (ceil(elements / limit) + 1) and whether others write to it. */
typedef struct walk {
    const char *path;
    const cJSON *base;  /* query every page carries, or NULL */
    long limit;
    int max_pages;
    int live;           /* other writers may add newer elements meanwhile */
} walk;

static const char *item_id(const cJSON *item)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");

    return cJSON_IsString(id) ? id->valuestring : NULL;
}

/* GET path?query; checks the list envelope. *page: the response body. */
static int get_page(ccs_check_ctx *cx, const char *path, const cJSON *query, const char *what, const cJSON **page,
                    const cJSON **data, int *has_more)
{
    ccs_exchange ex;
    const cJSON *json, *obj, *hm;
    int i = 0;
    const cJSON *it;

    ccs_runner_exchange_init(&ex, "GET", path);
    ex.query = query;
    if (ccs_runner_exchange(cx, &ex, NULL, &json) || ccs_runner_expect_status(cx, 200, what))
        return 1;
    obj = cJSON_GetObjectItemCaseSensitive(json, "object");
    *data = cJSON_GetObjectItemCaseSensitive(json, "data");
    hm = cJSON_GetObjectItemCaseSensitive(json, "has_more");
    if (!cJSON_IsString(obj) || strcmp(obj->valuestring, "list"))
        return ccs_runner_fail(cx, "/object", "\"list\"", cJSON_IsString(obj) ? obj->valuestring : "(absent)",
                               "%s: object is not \"list\"", what);
    if (!cJSON_IsArray(*data))
        return ccs_runner_fail(cx, "/data", "an array", "(absent or not an array)", "%s: no data array", what);
    if (!cJSON_IsBool(hm))
        return ccs_runner_fail(cx, "/has_more", "a boolean", "(absent or not a boolean)", "%s: no has_more", what);
    cJSON_ArrayForEach(it, *data) {
        if (!item_id(it)) {
            char ptr[48];

            snprintf(ptr, sizeof ptr, "/data/%d/id", i);
            return ccs_runner_fail(cx, ptr, "a string id", "(absent)", "%s: list element without id", what);
        }
        i++;
    }
    *has_more = cJSON_IsTrue(hm);
    *page = json;
    return 0;
}

static cJSON *page_query(const cJSON *base, long limit, const char *cursor_name, const char *cursor)
{
    cJSON *q = base ? cJSON_Duplicate(base, 1) : cJSON_CreateObject();

    if (!q)
        return NULL;
    if (limit > 0)
        ccs_check_set_int(q, "limit", limit);
    if (cursor)
        cJSON_AddStringToObject(q, cursor_name, cursor);
    return q;
}

/* Page-size rules shared by both directions. */
static int check_page_shape(ccs_check_ctx *cx, int n, long limit, int has_more, const char *what)
{
    char exp[64], act[64];

    if (n > limit) {
        snprintf(exp, sizeof exp, "<= %ld elements", limit);
        snprintf(act, sizeof act, "%d elements", n);
        return ccs_runner_fail(cx, "/data", exp, act, "%s: page larger than limit=%ld", what, limit);
    }
    if (has_more && n < limit) {
        snprintf(exp, sizeof exp, "%ld elements (has_more is true)", limit);
        snprintf(act, sizeof act, "%d elements", n);
        return ccs_runner_fail(cx, "/has_more", exp, act, "%s: has_more is true on a page shorter than limit=%ld",
                               what, limit);
    }
    return 0;
}

/* No progress ends a walk at once, with the evidence, instead of paging on
 * (a target that ignores the cursor would serve the first page forever):
 * an element already seen on an earlier page (or twice on this one), or a
 * cursor that did not move. */
static int no_progress(ccs_check_ctx *cx, const cJSON *items, const cJSON *data, const char *cursor,
                       const char *next, const char *what)
{
    const cJSON *it, *seen;

    cJSON_ArrayForEach(it, data) {
        const char *id = item_id(it);
        int j = 0;

        cJSON_ArrayForEach(seen, items)
            if (!strcmp(item_id(seen), id))
                return ccs_runner_fail(cx, "/data", "only elements not seen on earlier pages", id,
                                       "%s: element %s was already returned (position %d of the walk): the cursor "
                                       "made no progress", what, id, j);
            else
                j++;
        for (seen = data->child; seen && seen != it; seen = seen->next)
            if (!strcmp(item_id(seen), id))
                return ccs_runner_fail(cx, "/data", "each element once per page", id,
                                       "%s: element %s appears twice on one page", what, id);
    }
    if (cursor && next && !strcmp(cursor, next))
        return ccs_runner_fail(cx, "/data", "a cursor that moves", next,
                               "%s: the next cursor is the one this page was asked with", what);
    return 0;
}

static int too_many_pages(ccs_check_ctx *cx, const walk *w, const char *dir)
{
    if (w->live)
        return ccs_runner_fail(cx, "/has_more", "false eventually", "true",
                               "%s walk did not end after %d pages, more than the sessions created and %d of other "
                               "writers could fill", dir, w->max_pages, FOREIGN_ALLOWANCE);
    return ccs_runner_fail(cx, "/has_more", "false eventually", "true",
                           "%s walk did not end after %d pages, more than the elements created could fill", dir,
                           w->max_pages);
}

/* Walk forward from the start; *items gets copies of every element. */
static int walk_forward(ccs_check_ctx *cx, const walk *w, cJSON *items)
{
    const char *path = w->path;
    const cJSON *base = w->base;
    long limit = w->limit;
    char *cursor = NULL, what[96];
    int pages = 0, ended = 0, has_more = 1;

    while (has_more && !ended) {
        const cJSON *page, *data, *it;
        cJSON *q = page_query(base, limit, "starting_after", cursor);

        snprintf(what, sizeof what, "forward page %d", pages + 1);
        if (!q)
            return ccs_runner_error(cx, "out of memory");
        ended = get_page(cx, path, q, what, &page, &data, &has_more);
        cJSON_Delete(q);
        if (ended)
            break;
        if ((ended = check_page_shape(cx, cJSON_GetArraySize(data), limit, has_more, what)))
            break;
        if ((ended = no_progress(cx, items, data, cursor,
                                 has_more ? item_id(cJSON_GetArrayItem(data, cJSON_GetArraySize(data) - 1)) : NULL,
                                 what)))
            break;
        cJSON_ArrayForEach(it, data) cJSON_AddItemToArray(items, cJSON_Duplicate(it, 1));
        if (has_more) {
            free(cursor);
            cursor = strdup(item_id(cJSON_GetArrayItem(data, cJSON_GetArraySize(data) - 1)));
            if (!cursor)
                ended = ccs_runner_error(cx, "out of memory");
        }
        if (++pages >= w->max_pages && has_more && !ended)
            ended = too_many_pages(cx, w, "forward");
    }
    /* has_more=false must be exact: nothing may follow the last element. */
    if (!ended && cJSON_GetArraySize(items) > 0) {
        const cJSON *page, *data;
        const char *last = item_id(cJSON_GetArrayItem(items, cJSON_GetArraySize(items) - 1));
        cJSON *q = page_query(base, limit, "starting_after", last);

        if (!q)
            return ccs_runner_error(cx, "out of memory");
        ended = get_page(cx, path, q, "page after the last element", &page, &data, &has_more);
        cJSON_Delete(q);
        if (!ended && (cJSON_GetArraySize(data) != 0 || has_more)) {
            char act[64];

            snprintf(act, sizeof act, "%d elements, has_more %s", cJSON_GetArraySize(data), has_more ? "true" : "false");
            ended = ccs_runner_fail(cx, "/data", "no elements, has_more false", act,
                                    "the last page said has_more=false but starting_after its last element "
                                    "returned more");
        }
    }
    free(cursor);
    return ended;
}

/* Walk back with ending_before from the last element; *items (in list
 * order) gets everything before it. */
static int walk_backward(ccs_check_ctx *cx, const walk *w, const char *from, cJSON *items)
{
    const char *path = w->path;
    const cJSON *base = w->base;
    long limit = w->limit;
    char *cursor = strdup(from), what[96];
    int pages = 0, ended = 0, has_more = 1;

    if (!cursor)
        return ccs_runner_error(cx, "out of memory");
    while (has_more && !ended) {
        const cJSON *page, *data;
        cJSON *q = page_query(base, limit, "ending_before", cursor);
        int i, n;

        snprintf(what, sizeof what, "backward page %d", pages + 1);
        if (!q) {
            ended = ccs_runner_error(cx, "out of memory");
            break;
        }
        ended = get_page(cx, path, q, what, &page, &data, &has_more);
        cJSON_Delete(q);
        if (ended)
            break;
        n = cJSON_GetArraySize(data);
        if ((ended = check_page_shape(cx, n, limit, has_more, what)))
            break;
        if (has_more && n == 0) {
            ended = ccs_runner_fail(cx, "/has_more", "false", "true", "%s: empty page with has_more=true", what);
            break;
        }
        if ((ended = no_progress(cx, items, data, cursor, has_more && n ? item_id(cJSON_GetArrayItem(data, 0)) : NULL,
                                 what)))
            break;
        /* Pages come in list order; earlier pages go in front. */
        for (i = n - 1; i >= 0; i--)
            cJSON_InsertItemInArray(items, 0, cJSON_Duplicate(cJSON_GetArrayItem(data, i), 1));
        if (n > 0) {
            free(cursor);
            cursor = strdup(item_id(cJSON_GetArrayItem(data, 0)));
            if (!cursor)
                ended = ccs_runner_error(cx, "out of memory");
        }
        if (++pages >= w->max_pages && has_more && !ended)
            ended = too_many_pages(cx, w, "backward");
    }
    free(cursor);
    return ended;
}

static int check_unique(ccs_check_ctx *cx, const cJSON *items, const char *what)
{
    int n = cJSON_GetArraySize(items), i, j;

    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            if (!strcmp(item_id(cJSON_GetArrayItem(items, i)), item_id(cJSON_GetArrayItem(items, j)))) {
                char ptr[48];

                snprintf(ptr, sizeof ptr, "/data/%d/id", j);
                return ccs_runner_fail(cx, ptr, "each element exactly once", item_id(cJSON_GetArrayItem(items, j)),
                                       "%s: element %s appears at positions %d and %d", what,
                                       item_id(cJSON_GetArrayItem(items, j)), i, j);
            }
    return 0;
}

static int contains_id(const cJSON *items, const char *id)
{
    const cJSON *it;

    cJSON_ArrayForEach(it, items)
        if (!strcmp(item_id(it), id))
            return 1;
    return 0;
}

/* Forward walk minus its last element must equal the backward walk. On a
 * list others write to (live), sessions created since the forward walk
 * began may lead the backward walk: newest first, they can only come
 * before everything the forward walk saw. */
static int check_back_matches(ccs_check_ctx *cx, const cJSON *fwd, const cJSON *back, int live)
{
    int nf = cJSON_GetArraySize(fwd), nb = cJSON_GetArraySize(back), i, skip = 0;

    while (live && skip < nb && nb - skip > nf - 1 && !contains_id(fwd, item_id(cJSON_GetArrayItem(back, skip))))
        skip++;
    back = skip ? cJSON_GetArrayItem(back, skip) : back->child;
    nb -= skip;
    if (nb != nf - 1) {
        char exp[48], act[48];

        snprintf(exp, sizeof exp, "%d elements", nf - 1);
        snprintf(act, sizeof act, "%d elements", nb);
        return ccs_runner_fail(cx, "/data", exp, act,
                               "walking back with ending_before did not return the same elements as walking forward");
    }
    for (i = 0; i < nb; i++, back = back->next) {
        const char *a = item_id(cJSON_GetArrayItem(fwd, i)), *b = item_id(back);

        if (strcmp(a, b)) {
            char ptr[48];

            snprintf(ptr, sizeof ptr, "/data/%d/id", i + skip);
            return ccs_runner_fail(cx, ptr, a, b, "backward walk order differs from forward walk at position %d", i);
        }
    }
    return 0;
}

static int walk_both(ccs_check_ctx *cx, const walk *w, cJSON *fwd)
{
    cJSON *back = cJSON_CreateArray();
    int ended;

    if (!back)
        return ccs_runner_error(cx, "out of memory");
    ended = walk_forward(cx, w, fwd) || check_unique(cx, fwd, "forward walk");
    if (!ended && cJSON_GetArraySize(fwd) > 1)
        ended = walk_backward(cx, w, item_id(cJSON_GetArrayItem(fwd, cJSON_GetArraySize(fwd) - 1)), back) ||
                check_unique(cx, back, "backward walk") || check_back_matches(cx, fwd, back, w->live);
    cJSON_Delete(back);
    return ended;
}

static const char *const walk_params[] = {"count", "limit", "create", "created_filter", NULL};

int ccs_check_walk_validate(const cJSON *params, ccs_error *err)
{
    const cJSON *cf = cJSON_GetObjectItemCaseSensitive(params, "created_filter");

    if (ccs_check_params(params, walk_params, err) || ccs_check_param_range(params, "count", 2, 100, err) ||
        ccs_check_param_range(params, "limit", 1, 100, err))
        return CCS_EINVAL;
    if (cf && !cJSON_IsBool(cf))
        return ccs_error_set_at(err, CCS_EINVAL, "/params/created_filter", "created_filter must be a boolean");
    return CCS_OK;
}

/* Create n sessions; ids in creation order into *ids; *c0: first created. */
static int create_sessions(ccs_check_ctx *cx, const cJSON *params, int n, cJSON *ids, long long *c0)
{
    cJSON *form = ccs_runner_default_create(params);
    int i, ended = 0;

    if (!form)
        return ccs_runner_error(cx, "out of memory");
    *c0 = 0;
    for (i = 0; i < n && !ended; i++) {
        char *id = NULL, what[64];
        cJSON *s = NULL;

        snprintf(what, sizeof what, "create session %d of %d", i + 1, n);
        ended = ccs_check_create(cx, form, what, &id, &s);
        if (!ended) {
            if (i == 0 && !ccs_runner_get_int(s, "created", c0))
                ended = ccs_runner_fail(cx, "/created", "an integer", "(absent)", "%s: no created timestamp", what);
            cJSON_AddItemToArray(ids, cJSON_CreateString(id));
        }
        free(id);
        cJSON_Delete(s);
    }
    cJSON_Delete(form);
    return ended;
}

int ccs_check_sessions_walk(ccs_check_ctx *cx, const cJSON *params)
{
    int n = (int)ccs_runner_param_int(params, "count", 25), i, prev = -1;
    long limit = (long)ccs_runner_param_int(params, "limit", 7);
    const cJSON *cf = cJSON_GetObjectItemCaseSensitive(params, "created_filter");
    cJSON *ids = cJSON_CreateArray(), *fwd = cJSON_CreateArray(), *base = cJSON_CreateObject();
    long long c0 = 0, last_created = 0;
    walk w = {0};
    int ended = 0;

    if (!ids || !fwd || !base) {
        ended = ccs_runner_error(cx, "out of memory");
        goto done;
    }
    if ((ended = create_sessions(cx, params, n, ids, &c0)))
        goto done;
    /* Keep the walk short on a shared account: only recent sessions. */
    if (!cf || cJSON_IsTrue(cf)) {
        cJSON *created = cJSON_AddObjectToObject(base, "created");

        if (created)
            ccs_check_set_int(created, "gte", c0);
    }
    /* Other sessions of the account may share the created window. */
    w.path = "/v1/checkout/sessions";
    w.base = base;
    w.limit = limit;
    w.max_pages = (int)((n + FOREIGN_ALLOWANCE + limit - 1) / limit) + 1;
    if (cf && !cJSON_IsTrue(cf))
        w.max_pages = 2000; /* the whole account: its size is unknown */
    w.live = 1;
    if ((ended = walk_both(cx, &w, fwd)))
        goto done;
    /* Newest first: created never increases down the list. */
    for (i = 0; i < cJSON_GetArraySize(fwd); i++) {
        long long c;

        if (!ccs_runner_get_int(cJSON_GetArrayItem(fwd, i), "created", &c))
            continue;
        if (i > 0 && c > last_created) {
            char ptr[48], exp[48], act[48];

            snprintf(ptr, sizeof ptr, "/data/%d/created", i);
            snprintf(exp, sizeof exp, "<= %lld", last_created);
            snprintf(act, sizeof act, "%lld", c);
            ended = ccs_runner_fail(cx, ptr, exp, act, "sessions are not listed newest first");
            goto done;
        }
        last_created = c;
    }
    /* Every created session exactly once, in reverse creation order. */
    for (i = n - 1; i >= 0; i--) {
        const char *want = cJSON_GetArrayItem(ids, i)->valuestring;
        int k, found = -1;

        for (k = 0; k < cJSON_GetArraySize(fwd); k++)
            if (!strcmp(item_id(cJSON_GetArrayItem(fwd, k)), want)) {
                found = k;
                break;
            }
        if (found < 0) {
            ended = ccs_runner_fail(cx, "/data", want, "(absent)", "created session %d of %d (%s) is missing from the list",
                                    i + 1, n, want);
            goto done;
        }
        if (found < prev) {
            char ptr[48];

            snprintf(ptr, sizeof ptr, "/data/%d/id", found);
            ended = ccs_runner_fail(cx, ptr, "newest first", want,
                                    "session %d of %d is listed before a session created after it", i + 1, n);
            goto done;
        }
        prev = found;
    }
done:
    cJSON_Delete(ids);
    cJSON_Delete(fwd);
    cJSON_Delete(base);
    return ended;
}

/* A session with n line items: unit_amount 100+i, quantity 1+i%3. */
static int create_with_items(ccs_check_ctx *cx, const cJSON *params, int n, char **id)
{
    cJSON *form = ccs_runner_default_create(params), *items;
    int i, ended;

    *id = NULL;
    if (!form)
        return ccs_runner_error(cx, "out of memory");
    cJSON_DeleteItemFromObjectCaseSensitive(form, "line_items");
    items = cJSON_AddArrayToObject(form, "line_items");
    for (i = 0; items && i < n; i++) {
        char name[32];

        snprintf(name, sizeof name, "Item %03d", i + 1);
        cJSON_AddItemToArray(items, ccs_check_line_item(100 + i, 1 + i % 3, name));
    }
    ended = items ? ccs_check_create(cx, form, "create a session with many line items", id, NULL)
                  : ccs_runner_error(cx, "out of memory");
    cJSON_Delete(form);
    return ended;
}

int ccs_check_line_items_walk(ccs_check_ctx *cx, const cJSON *params)
{
    int n = (int)ccs_runner_param_int(params, "count", 30), i;
    long limit = (long)ccs_runner_param_int(params, "limit", 7);
    cJSON *fwd = cJSON_CreateArray();
    char *id = NULL, path[512];
    walk w = {0};
    int ended;

    if (!fwd)
        return ccs_runner_error(cx, "out of memory");
    if ((ended = create_with_items(cx, params, n, &id)))
        goto done;
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s/line_items", id);
    w.path = path;
    w.limit = limit;
    w.max_pages = (int)((n + limit - 1) / limit) + 1; /* only the case's own items */
    if ((ended = walk_both(cx, &w, fwd)))
        goto done;
    if (cJSON_GetArraySize(fwd) != n) {
        char exp[32], act[32];

        snprintf(exp, sizeof exp, "%d line items", n);
        snprintf(act, sizeof act, "%d line items", cJSON_GetArraySize(fwd));
        ended = ccs_runner_fail(cx, "/data", exp, act, "the line item list does not hold every item exactly once");
        goto done;
    }
    /* Creation order: item i has unit_amount 100+i and quantity 1+i%3. */
    for (i = 0; i < n; i++) {
        const cJSON *it = cJSON_GetArrayItem(fwd, i);
        const cJSON *price = cJSON_GetObjectItemCaseSensitive(it, "price");
        long long ua = -1, q = -1;
        char ptr[64], exp[32], act[32];

        ccs_runner_get_int(price, "unit_amount", &ua);
        ccs_runner_get_int(it, "quantity", &q);
        if (ua != 100 + i || q != 1 + i % 3) {
            snprintf(ptr, sizeof ptr, "/data/%d/price/unit_amount", i);
            snprintf(exp, sizeof exp, "%d x %d", 100 + i, 1 + i % 3);
            snprintf(act, sizeof act, "%lld x %lld", ua, q);
            ended = ccs_runner_fail(cx, ptr, exp, act, "line item %d is not in creation order (unit_amount x quantity)",
                                    i + 1);
            goto done;
        }
    }
done:
    free(id);
    cJSON_Delete(fwd);
    return ended;
}

/* ---- limit bounds ---------------------------------------------------------- */

static const char *const limit_params[] = {"endpoint", "create", NULL};

int ccs_check_limit_validate(const cJSON *params, ccs_error *err)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(params, "endpoint");

    if (ccs_check_params(params, limit_params, err))
        return CCS_EINVAL;
    if (e && (!cJSON_IsString(e) || (strcmp(e->valuestring, "line_items") && strcmp(e->valuestring, "sessions"))))
        return ccs_error_set_at(err, CCS_EINVAL, "/params/endpoint", "endpoint must be \"line_items\" or \"sessions\"");
    return CCS_OK;
}

static int expect_rejected(ccs_check_ctx *cx, const char *path, const cJSON *base, const char *limit)
{
    cJSON *q = base ? cJSON_Duplicate(base, 1) : cJSON_CreateObject();
    ccs_exchange ex;
    const cJSON *json, *err, *param;
    char what[64];
    int ended;

    if (!q)
        return ccs_runner_error(cx, "out of memory");
    cJSON_AddStringToObject(q, "limit", limit);
    snprintf(what, sizeof what, "limit=%s", limit);
    ccs_runner_exchange_init(&ex, "GET", path);
    ex.query = q;
    ended = ccs_runner_exchange(cx, &ex, NULL, &json) || ccs_runner_expect_status(cx, 400, what);
    cJSON_Delete(q);
    if (ended)
        return 1;
    err = cJSON_GetObjectItemCaseSensitive(json, "error");
    if (!cJSON_IsObject(err))
        return ccs_runner_fail(cx, "/error", "an error object", "(absent)", "%s: 400 without an error object", what);
    param = cJSON_GetObjectItemCaseSensitive(err, "param");
    if (!cJSON_IsString(param) || strcmp(param->valuestring, "limit"))
        ccs_runner_note(cx, "%s: error.param is not \"limit\"", what);
    return 0;
}

static int expect_page(ccs_check_ctx *cx, const char *path, const cJSON *base, long limit, int want_min,
                       int want_max, int want_more)
{
    cJSON *q = page_query(base, limit, NULL, NULL);
    const cJSON *page, *data;
    int has_more, ended, n;
    char what[48], exp[64], act[64];

    if (!q)
        return ccs_runner_error(cx, "out of memory");
    if (limit > 0)
        snprintf(what, sizeof what, "limit=%ld", limit);
    else
        snprintf(what, sizeof what, "default limit");
    ended = get_page(cx, path, q, what, &page, &data, &has_more);
    cJSON_Delete(q);
    if (ended)
        return 1;
    n = cJSON_GetArraySize(data);
    if (n < want_min || n > want_max) {
        if (want_min == want_max)
            snprintf(exp, sizeof exp, "%d elements", want_min);
        else
            snprintf(exp, sizeof exp, "%d..%d elements", want_min, want_max);
        snprintf(act, sizeof act, "%d elements", n);
        return ccs_runner_fail(cx, "/data", exp, act, "%s: wrong page size", what);
    }
    if (want_more >= 0 && has_more != want_more)
        return ccs_runner_fail(cx, "/has_more", want_more ? "true" : "false", has_more ? "true" : "false",
                               "%s: has_more is wrong", what);
    return 0;
}

int ccs_check_limit_bounds(ccs_check_ctx *cx, const cJSON *params)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(params, "endpoint");
    int sessions = cJSON_IsString(e) && !strcmp(e->valuestring, "sessions");
    static const char *const rejected[] = {"0", "-1", "101", "abc", NULL};
    cJSON *base = NULL, *ids = NULL;
    char path[512], *id = NULL;
    long long c0 = 0;
    int ended = 0, i, total = 12;

    if (sessions) {
        /* 11 sessions of our own: enough for a full default page of 10. */
        ids = cJSON_CreateArray();
        base = cJSON_CreateObject();
        cJSON *created;

        if (!ids || !base || (ended = create_sessions(cx, params, 11, ids, &c0)))
            goto done;
        created = cJSON_AddObjectToObject(base, "created");
        if (created)
            ccs_check_set_int(created, "gte", c0);
        snprintf(path, sizeof path, "/v1/checkout/sessions");
    } else {
        if ((ended = create_with_items(cx, params, total, &id)))
            goto done;
        snprintf(path, sizeof path, "/v1/checkout/sessions/%s/line_items", id);
    }
    for (i = 0; rejected[i] && !ended; i++)
        ended = expect_rejected(cx, path, base, rejected[i]);
    if (ended)
        goto done;
    if (sessions)
        ended = expect_page(cx, path, base, 1, 1, 1, 1) || expect_page(cx, path, base, 0, 10, 10, 1) ||
                expect_page(cx, path, base, 10, 10, 10, 1) || expect_page(cx, path, base, 100, 11, 100, -1);
    else
        ended = expect_page(cx, path, base, 1, 1, 1, 1) || expect_page(cx, path, base, 0, 10, 10, 1) ||
                expect_page(cx, path, base, 10, 10, 10, 1) || expect_page(cx, path, base, 12, 12, 12, 0) ||
                expect_page(cx, path, base, 100, total, total, 0);
done:
    free(id);
    cJSON_Delete(ids);
    cJSON_Delete(base);
    return ended;
}
