/* The store's line items: one JSON array row per session, and database files
 * written before that layout (one line_items row per item) are folded into it
 * on open without changing what the API answers. */
#include <sqlite3.h>
#include <unistd.h>

#include "test_server_util.h"

#define BODY_THREE BODY_PAY "&line_items[1][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ&line_items[1][quantity]=1" \
    "&line_items[2][price_data][currency]=usd&line_items[2][price_data][unit_amount]=5" \
    "&line_items[2][price_data][product_data][name]=Sticker&line_items[2][quantity]=3"

static char db_path[64];

static void setup(void)
{
    int fd;

    snprintf(db_path, sizeof db_path, "/tmp/ccs_store_test_XXXXXX");
    fd = mkstemp(db_path);
    cr_assert(fd >= 0);
    close(fd);
    unlink(db_path); /* SQLite creates it */
}

static void teardown(void)
{
    char p[96];

    unlink(db_path);
    snprintf(p, sizeof p, "%s-wal", db_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db_path);
    unlink(p);
}

static ccs_server *open_db(void)
{
    ccs_server_config cfg = {0};
    ccs_server *s = NULL;
    ccs_error err;

    cfg.db_path = db_path;
    ccs_error_clear(&err);
    cr_assert_eq(ccs_server_open(&cfg, &s, &err), CCS_OK, "open: %s", err.message);
    return s;
}

/* GET path?query, 200 expected; the body text (caller frees). */
static char *get_text(ccs_server *s, const char *path, const char *query)
{
    res r = call(s, "GET", path, query, NULL);
    char *text;

    cr_assert_eq(r.status, 200, "%s?%s: %d %s", path, query ? query : "", r.status, r.r.body);
    text = strdup(r.r.body);
    res_free(&r);
    return text;
}

static void exec_sql(const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;

    cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s", msg ? msg : "");
    sqlite3_close(db);
}

static int count_sql(const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int n = -1;

    cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

Test(store, items_in_order_with_cursors_and_setup_without_items, .init = setup, .fini = teardown)
{
    ccs_server *s = open_db();
    res c = call(s, "POST", "/v1/checkout/sessions", NULL, BODY_THREE);
    res setup_s = call(s, "POST", "/v1/checkout/sessions", NULL,
                       "mode=setup&currency=usd&success_url=https%3A%2F%2Fexample.com%2Fok");
    res l, after, before;
    char path[160], q[160];
    const cJSON *data;

    cr_assert_eq(c.status, 200, "%s", c.r.body);
    cr_assert_eq(setup_s.status, 200, "%s", setup_s.r.body);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s/line_items", jget(c.json, "id")->valuestring);
    l = call(s, "GET", path, NULL, NULL);
    data = jget(l.json, "data");
    cr_assert_eq(cJSON_GetArraySize(data), 3);
    cr_assert_str_eq(jget(cJSON_GetArrayItem(data, 0), "description")->valuestring, "T-shirt");
    cr_assert_str_eq(jget(cJSON_GetArrayItem(data, 2), "description")->valuestring, "Sticker");
    cr_assert_eq(jget(cJSON_GetArrayItem(data, 2), "amount_total")->valuedouble, 15);
    snprintf(q, sizeof q, "limit=1&starting_after=%s", jget(cJSON_GetArrayItem(data, 0), "id")->valuestring);
    after = call(s, "GET", path, q, NULL);
    cr_assert_eq(cJSON_GetArraySize(jget(after.json, "data")), 1);
    cr_assert_str_eq(jget(cJSON_GetArrayItem(jget(after.json, "data"), 0), "id")->valuestring,
                     jget(cJSON_GetArrayItem(data, 1), "id")->valuestring);
    cr_assert(cJSON_IsTrue(jget(after.json, "has_more")));
    snprintf(q, sizeof q, "ending_before=%s", jget(cJSON_GetArrayItem(data, 2), "id")->valuestring);
    before = call(s, "GET", path, q, NULL);
    cr_assert_eq(cJSON_GetArraySize(jget(before.json, "data")), 2);
    cr_assert_str_eq(jget(cJSON_GetArrayItem(jget(before.json, "data"), 1), "id")->valuestring,
                     jget(cJSON_GetArrayItem(data, 1), "id")->valuestring);
    res_free(&before);
    res_free(&after);
    res_free(&l);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s/line_items", jget(setup_s.json, "id")->valuestring);
    l = call(s, "GET", path, NULL, NULL);
    cr_assert_eq(l.status, 200);
    cr_assert_eq(cJSON_GetArraySize(jget(l.json, "data")), 0);
    cr_assert(cJSON_IsFalse(jget(l.json, "has_more")));
    res_free(&l);
    res_free(&setup_s);
    res_free(&c);
    ccs_server_close(s);
    /* one row for the session with items, none for the setup session */
    cr_assert_eq(count_sql("SELECT count(*) FROM session_items"), 1);
}

Test(store, old_line_items_table_is_migrated_on_open, .init = setup, .fini = teardown)
{
    ccs_server *s = open_db();
    res c = call(s, "POST", "/v1/checkout/sessions", NULL, BODY_THREE);
    char path[160], q[160], sess[160];
    char *list, *page, *expanded, *list2, *page2, *expanded2;
    const cJSON *first;
    res l;

    cr_assert_eq(c.status, 200, "%s", c.r.body);
    snprintf(path, sizeof path, "/v1/checkout/sessions/%s/line_items", jget(c.json, "id")->valuestring);
    snprintf(sess, sizeof sess, "/v1/checkout/sessions/%s", jget(c.json, "id")->valuestring);
    l = call(s, "GET", path, NULL, NULL);
    first = cJSON_GetArrayItem(jget(l.json, "data"), 0);
    snprintf(q, sizeof q, "limit=1&starting_after=%s", jget(first, "id")->valuestring);
    res_free(&l);
    list = get_text(s, path, NULL);
    page = get_text(s, path, q);
    expanded = get_text(s, sess, "expand[]=line_items");
    ccs_server_close(s);

    /* rewrite the file in the earlier layout, rows inserted last item first */
    exec_sql("CREATE TABLE line_items(session_id TEXT NOT NULL, position INTEGER NOT NULL, id TEXT NOT NULL,"
             " json TEXT NOT NULL, PRIMARY KEY(session_id, position));"
             "INSERT INTO line_items SELECT s.id, j.key, json_extract(j.value, '$.id'), j.value"
             " FROM sessions AS s JOIN session_items AS i ON i.seq = s.seq, json_each(i.json) AS j"
             " ORDER BY j.key DESC;"
             "DROP TABLE session_items;");
    cr_assert_eq(count_sql("SELECT count(*) FROM line_items"), 3);

    s = open_db();
    list2 = get_text(s, path, NULL);
    page2 = get_text(s, path, q);
    expanded2 = get_text(s, sess, "expand[]=line_items");
    ccs_server_close(s);
    cr_assert_str_eq(list2, list);
    cr_assert_str_eq(page2, page);
    cr_assert_str_eq(expanded2, expanded);
    cr_assert_eq(count_sql("SELECT count(*) FROM sqlite_master WHERE name = 'line_items'"), 0);
    cr_assert_eq(count_sql("SELECT count(*) FROM session_items"), 1);

    /* and a second open finds nothing left to migrate */
    s = open_db();
    free(list2);
    list2 = get_text(s, path, NULL);
    ccs_server_close(s);
    cr_assert_str_eq(list2, list);
    free(list);
    free(page);
    free(expanded);
    free(list2);
    free(page2);
    free(expanded2);
    res_free(&c);
}
