/* SQLite storage: sessions as JSON text plus indexed columns for lookups and
 * lists, each session's line items as one JSON array row keyed by the
 * session's rowid, idempotency records. One connection guarded by the server
 * mutex; callers hold it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char schema_sql[] =
    /* seq: rows are never deleted, so a plain rowid grows monotonically like
     * AUTOINCREMENT without its extra sqlite_sequence write per insert */
    "CREATE TABLE IF NOT EXISTS sessions("
    " seq INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE,"
    " account TEXT NOT NULL,"
    " created INTEGER NOT NULL,"
    " status TEXT, customer TEXT, payment_intent TEXT, payment_link TEXT, subscription TEXT, email TEXT,"
    " json TEXT NOT NULL, expires_at INTEGER);"
    "CREATE INDEX IF NOT EXISTS sessions_list ON sessions(account, created, seq);"
    /* one row per session (its items in order): one b-tree append per create
     * instead of a row and two index entries per item */
    "CREATE TABLE IF NOT EXISTS session_items(seq INTEGER PRIMARY KEY, json TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS idempotency("
    " account TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,"
    " body TEXT NOT NULL, created INTEGER NOT NULL, PRIMARY KEY(account, key));";

/* Files written before session_items kept one row per item in line_items:
 * fold them into arrays, in position order, once. */
static const char migrate_sql[] =
    "BEGIN IMMEDIATE;"
    "INSERT OR REPLACE INTO session_items(seq, json)"
    " SELECT s.seq, '[' || (SELECT group_concat(x.json, ',') FROM"
    "  (SELECT json FROM line_items WHERE session_id = s.id ORDER BY position) AS x) || ']'"
    " FROM sessions AS s WHERE s.id IN (SELECT session_id FROM line_items);"
    "DROP TABLE line_items;"
    "COMMIT;";

enum {
    ST_INSERT_SESSION, ST_UPDATE_SESSION, ST_GET_SESSION, ST_INSERT_ITEMS, ST_REPLACE_ITEMS, ST_GET_ITEMS,
    ST_IDEM_GET, ST_IDEM_PUT, ST_IDEM_DEL, ST_CURSOR, ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_DUE
};

/* OR FAIL: a failed insert fails the whole transaction anyway (the caller
 * rolls back), so SQLite need not keep a statement journal per insert. */
static const char *const stmt_sql[] = {
    [ST_INSERT_SESSION] = "INSERT OR FAIL INTO sessions(id,account,created,status,customer,payment_intent,payment_link,"
                          "subscription,email,json,expires_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
    [ST_UPDATE_SESSION] = "UPDATE sessions SET status=?1,customer=?2,payment_intent=?3,payment_link=?4,"
                          "subscription=?5,email=?6,json=?7,expires_at=?10 WHERE id=?8 AND account=?9",
    [ST_GET_SESSION] = "SELECT json FROM sessions WHERE id=? AND account=?",
    [ST_INSERT_ITEMS] = "INSERT OR REPLACE INTO session_items(seq,json) VALUES(?,?)",
    [ST_REPLACE_ITEMS] = "INSERT OR REPLACE INTO session_items(seq,json) SELECT seq,?2 FROM sessions WHERE id=?1",
    [ST_GET_ITEMS] = "SELECT i.json FROM sessions AS s JOIN session_items AS i ON i.seq=s.seq WHERE s.id=?",
    [ST_IDEM_GET] = "SELECT fingerprint,status,body,created FROM idempotency WHERE account=? AND key=?",
    [ST_IDEM_PUT] = "INSERT OR REPLACE INTO idempotency(account,key,fingerprint,status,body,created) "
                    "VALUES(?,?,?,?,?,?)",
    [ST_IDEM_DEL] = "DELETE FROM idempotency WHERE account=? AND key=?",
    [ST_CURSOR] = "SELECT created, seq FROM sessions WHERE id=? AND account=?",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_DUE] = "SELECT account,json FROM sessions WHERE status='open' AND expires_at<=? LIMIT 64",
};

static sqlite3_stmt *stmt(ccs_server *srv, int which)
{
    sqlite3_stmt *s = srv->stmts[which];

    if (!s) {
        if (sqlite3_prepare_v2(srv->db, stmt_sql[which], -1, &s, NULL) != SQLITE_OK)
            return NULL;
        srv->stmts[which] = s;
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

static int exec_simple(ccs_server *srv, int which)
{
    sqlite3_stmt *s = stmt(srv, which);
    int rc = (s && sqlite3_step(s) == SQLITE_DONE) ? 0 : -1;

    if (s)
        sqlite3_reset(s);
    return rc;
}

static int has_table(sqlite3 *db, const char *name)
{
    sqlite3_stmt *s = NULL;
    int found = 0;

    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", -1, &s, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(s) == SQLITE_ROW;
    }
    sqlite3_finalize(s);
    return found;
}

/* SQLite's allocation statistics take a global mutex and update counters on
 * every malloc and free (~40 per create); nothing here reads them. Only
 * possible before SQLite initialises, so once, before the first open; when
 * something in the process initialised it already, this fails harmlessly. */
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void config_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_open(ccs_server *srv, const char *path, ccs_error *err)
{
    char *msg = NULL;
    int rc = CCS_EIO;

    pthread_once(&config_once, config_sqlite);
    /* "" is SQLite's private temporary on-disk database, deleted on close: its
     * page cache is bounded (below), so memory stays flat however many sessions
     * are stored, unlike ":memory:" which keeps every page in RAM. */
    if (sqlite3_open_v2(path ? path : "", &srv->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        ccs_error_set(err, CCS_EIO, -1, "cannot open database %s: %s", path ? path : "(temporary)",
                      srv->db ? sqlite3_errmsg(srv->db) : "out of memory");
        goto done;
    }
    sqlite3_busy_timeout(srv->db, 5000);
    /* 2 KB pages (new files; an existing file keeps its own): a create
     * dirties about seven existing pages (index leaves, interior pages, the
     * header), each copied whole into the rollback journal; at 4 KB that
     * copying and the page reads of a store larger than the cache cost more
     * than the insert itself (in process at 100k sessions: 17.8k creates/s
     * with 4 KB pages, 27k with 2 KB, 20-22k with 1 KB). Must precede WAL. */
    if (sqlite3_exec(srv->db, "PRAGMA page_size=2048;", NULL, NULL, &msg) != SQLITE_OK) {
        ccs_error_set(err, CCS_EIO, -1, "database %s: %s", path ? path : "(temporary)",
                      msg ? msg : "cannot set the page size");
        goto done;
    }
    if (path && sqlite3_exec(srv->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL,
                             &msg) != SQLITE_OK) {
        ccs_error_set(err, CCS_EIO, -1, "database %s: %s", path, msg ? msg : "cannot enable WAL");
        goto done;
    }
    /* private file, one connection: exclusive locking skips the lock and
     * cache-validity round trip of every transaction */
    if (!path && sqlite3_exec(srv->db, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF;"
                              " PRAGMA locking_mode=EXCLUSIVE;", NULL, NULL,
                              &msg) != SQLITE_OK) {
        ccs_error_set(err, CCS_EIO, -1, "temporary database: %s", msg ? msg : "cannot set pragmas");
        goto done;
    }
    /* 1 MB of page cache, temp b-trees on disk: RSS bounded by design. Small
     * on purpose: a temporary database keeps committed pages dirty in the
     * cache until a quarter of it is dirty, and every commit walks that dirty
     * list several times; with 16 MB the walk cost more than the insert. Pages
     * evicted from it are read back from the OS page cache. */
    if (sqlite3_exec(srv->db, "PRAGMA cache_size=-1024; PRAGMA temp_store=FILE;", NULL, NULL, &msg) != SQLITE_OK) {
        ccs_error_set(err, CCS_EIO, -1, "database %s: %s", path ? path : "(temporary)",
                      msg ? msg : "cannot set the cache size");
        goto done;
    }
    if (sqlite3_exec(srv->db, schema_sql, NULL, NULL, &msg) != SQLITE_OK) {
        ccs_error_set(err, CCS_EIO, -1, "database %s: %s", path ? path : "(temporary)",
                      msg ? msg : "cannot create tables");
        goto done;
    }
    /* files from before expires_at had its column: add it (fails harmlessly when present) */
    sqlite3_exec(srv->db, "ALTER TABLE sessions ADD COLUMN expires_at INTEGER", NULL, NULL, NULL);
    if (sqlite3_exec(srv->db, "CREATE INDEX IF NOT EXISTS sessions_due ON sessions(status, expires_at);", NULL,
                     NULL, &msg) != SQLITE_OK) {
        ccs_error_set(err, CCS_EIO, -1, "database %s: %s", path ? path : "(temporary)",
                      msg ? msg : "cannot create the expiry index");
        goto done;
    }
    if (has_table(srv->db, "line_items") && sqlite3_exec(srv->db, migrate_sql, NULL, NULL, &msg) != SQLITE_OK) {
        sqlite3_exec(srv->db, "ROLLBACK", NULL, NULL, NULL);
        ccs_error_set(err, CCS_EIO, -1, "database %s: %s", path ? path : "(temporary)",
                      msg ? msg : "cannot migrate the line items");
        goto done;
    }
    rc = CCS_OK;
done:
    sqlite3_free(msg);
    return rc;
}

void store_close(ccs_server *srv)
{
    size_t i;

    for (i = 0; i < sizeof srv->stmts / sizeof srv->stmts[0]; i++) {
        sqlite3_finalize(srv->stmts[i]);
        srv->stmts[i] = NULL;
    }
    if (srv->db)
        sqlite3_close(srv->db);
    srv->db = NULL;
}

int store_begin(ccs_server *srv)
{
    return exec_simple(srv, ST_BEGIN);
}

int store_commit(ccs_server *srv)
{
    return exec_simple(srv, ST_COMMIT);
}

void store_rollback(ccs_server *srv)
{
    exec_simple(srv, ST_ROLLBACK);
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

static void bind_static(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

/* Index columns mirror fields of the JSON so lists can filter in SQL. */
static void bind_index(sqlite3_stmt *s, int first, const cJSON *sess)
{
    bind_text(s, first, str(sess, "status"));
    bind_text(s, first + 1, str(sess, "customer"));
    bind_text(s, first + 2, str(sess, "payment_intent"));
    bind_text(s, first + 3, str(sess, "payment_link"));
    bind_text(s, first + 4, str(sess, "subscription"));
    bind_text(s, first + 5, str(sess, "customer_email"));
}

static void bind_expires(sqlite3_stmt *s, int i, const cJSON *sess)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(sess, "expires_at");

    if (cJSON_IsNumber(v))
        sqlite3_bind_int64(s, i, (sqlite3_int64)v->valuedouble);
    else
        sqlite3_bind_null(s, i);
}

int store_insert_session(ccs_server *srv, const char *account, const session_index *ix, const char *json,
                         const char *items)
{
    sqlite3_stmt *s = stmt(srv, ST_INSERT_SESSION);
    int rc = -1;

    if (!s || !json)
        goto done;
    /* every bound value outlives the step (the bindings are cleared right
     * after it): bound in place, not copied */
    bind_static(s, 1, ix->id);
    bind_static(s, 2, account);
    sqlite3_bind_int64(s, 3, ix->created);
    bind_static(s, 4, ix->status);
    bind_static(s, 5, ix->customer);
    bind_static(s, 6, ix->payment_intent);
    bind_static(s, 7, ix->payment_link);
    bind_static(s, 8, ix->subscription);
    bind_static(s, 9, ix->email);
    sqlite3_bind_text(s, 10, json, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 11, ix->expires_at);
    if (sqlite3_step(s) != SQLITE_DONE)
        goto done;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (items) {
        sqlite3_int64 seq = sqlite3_last_insert_rowid(srv->db);

        if (!(s = stmt(srv, ST_INSERT_ITEMS)))
            goto done;
        sqlite3_bind_int64(s, 1, seq);
        sqlite3_bind_text(s, 2, items, -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE)
            goto done;
    }
    rc = 0;
done:
    if (s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    }
    return rc;
}

int store_update_session(ccs_server *srv, const char *account, const cJSON *sess)
{
    sqlite3_stmt *s = stmt(srv, ST_UPDATE_SESSION);
    char *text = json_print(sess, NULL);
    int rc = -1;

    if (!s || !text)
        goto done;
    bind_index(s, 1, sess);
    sqlite3_bind_text(s, 7, text, -1, SQLITE_TRANSIENT);
    bind_text(s, 8, str(sess, "id"));
    bind_text(s, 9, account);
    bind_expires(s, 10, sess);
    if (sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(srv->db) == 1)
        rc = 0;
done:
    if (s)
        sqlite3_reset(s);
    free(text);
    return rc;
}

int store_replace_items(ccs_server *srv, const char *session_id, const cJSON *items)
{
    sqlite3_stmt *s = stmt(srv, ST_REPLACE_ITEMS);
    char *text = json_print(items, NULL);
    int rc = -1;

    if (!s || !text)
        goto done;
    bind_text(s, 1, session_id);
    sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(srv->db) == 1)
        rc = 0;
done:
    if (s)
        sqlite3_reset(s);
    free(text);
    return rc;
}

/* The session's items in position order (an empty array when it has none). */
static cJSON *load_items(ccs_server *srv, const char *session_id)
{
    sqlite3_stmt *s = stmt(srv, ST_GET_ITEMS);
    cJSON *arr = NULL;
    int step;

    if (!s)
        return NULL;
    bind_text(s, 1, session_id);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        arr = cJSON_Parse((const char *)sqlite3_column_text(s, 0));
    else if (step == SQLITE_DONE)
        arr = cJSON_CreateArray();
    sqlite3_reset(s);
    if (arr && !cJSON_IsArray(arr)) {
        cJSON_Delete(arr);
        arr = NULL;
    }
    return arr;
}

int store_get_session(ccs_server *srv, const char *account, const char *id, char **json)
{
    sqlite3_stmt *s = stmt(srv, ST_GET_SESSION);
    int rc = -1, step;

    *json = NULL;
    if (!s)
        return -1;
    bind_text(s, 1, id);
    bind_text(s, 2, account);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        *json = strdup((const char *)sqlite3_column_text(s, 0));
        rc = *json ? 1 : -1;
    } else if (step == SQLITE_DONE) {
        rc = 0;
    }
    sqlite3_reset(s);
    return rc;
}

int store_count_items(ccs_server *srv, const char *session_id)
{
    cJSON *arr = load_items(srv, session_id);
    int n = arr ? cJSON_GetArraySize(arr) : -1;

    cJSON_Delete(arr);
    return n;
}

/* Dynamic WHERE clauses collect their bindings here. */
typedef struct binds {
    int n;
    int is_int[24];
    const char *text[24];
    long long num[24];
} binds;

static void add_text(binds *b, char *sql, size_t cap, const char *clause, const char *v)
{
    if (b->n >= 24)
        return;
    strncat(sql, clause, cap - strlen(sql) - 1);
    b->is_int[b->n] = 0;
    b->text[b->n++] = v;
}

static void add_int(binds *b, char *sql, size_t cap, const char *clause, long long v)
{
    if (b->n >= 24)
        return;
    strncat(sql, clause, cap - strlen(sql) - 1);
    b->is_int[b->n] = 1;
    b->num[b->n++] = v;
}

static void bind_all(sqlite3_stmt *s, const binds *b)
{
    int i;

    for (i = 0; i < b->n; i++) {
        if (b->is_int[i])
            sqlite3_bind_int64(s, i + 1, b->num[i]);
        else
            bind_text(s, i + 1, b->text[i]);
    }
}

/* Appends rows of column 0 (JSON) to arr, parsed; returns the row count or -1. */
static int collect(sqlite3_stmt *s, cJSON *arr)
{
    int n = 0, step;

    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        cJSON *o = cJSON_Parse((const char *)sqlite3_column_text(s, 0));

        if (!o)
            return -1;
        cJSON_AddItemToArray(arr, o);
        n++;
    }
    return step == SQLITE_DONE ? n : -1;
}

static void reverse_array(cJSON *arr)
{
    cJSON *tmp = cJSON_CreateArray(), *it;

    while ((it = cJSON_DetachItemFromArray(arr, 0)))
        cJSON_AddItemToArray(tmp, it);
    while ((it = cJSON_DetachItemFromArray(tmp, cJSON_GetArraySize(tmp) - 1)))
        cJSON_AddItemToArray(arr, it);
    cJSON_Delete(tmp);
}

/* Drops the extra look-ahead row; it lies at the far end of the page. */
static void trim(cJSON *arr, int limit, int *has_more)
{
    *has_more = cJSON_GetArraySize(arr) > limit;
    while (cJSON_GetArraySize(arr) > limit)
        cJSON_DeleteItemFromArray(arr, cJSON_GetArraySize(arr) - 1);
}

int store_list_sessions(ccs_server *srv, const list_query *q, cJSON **rows, int *has_more)
{
    char sql[1600] = "SELECT json FROM sessions WHERE account=?";
    binds b = {0};
    sqlite3_stmt *s = NULL;
    long long cc = 0, cs = 0;
    const char *cursor = q->starting_after ? q->starting_after : q->ending_before;
    int desc = !q->oldest_first, backwards = q->ending_before != NULL, rc = -1, n;

    *rows = cJSON_CreateArray();
    *has_more = 0;
    b.is_int[0] = 0;
    b.text[0] = q->account;
    b.n = 1;
    if (cursor) {
        sqlite3_stmt *c = stmt(srv, ST_CURSOR);
        int found = 0;

        if (!c)
            return -1;
        bind_text(c, 1, cursor);
        bind_text(c, 2, q->account);
        if (sqlite3_step(c) == SQLITE_ROW) {
            cc = sqlite3_column_int64(c, 0);
            cs = sqlite3_column_int64(c, 1);
            found = 1;
        }
        sqlite3_reset(c);
        if (!found)
            return 1;
    }
    if (q->status)
        add_text(&b, sql, sizeof sql, " AND status=?", q->status);
    if (q->customer)
        add_text(&b, sql, sizeof sql, " AND customer=?", q->customer);
    if (q->payment_intent)
        add_text(&b, sql, sizeof sql, " AND payment_intent=?", q->payment_intent);
    if (q->payment_link)
        add_text(&b, sql, sizeof sql, " AND payment_link=?", q->payment_link);
    if (q->subscription)
        add_text(&b, sql, sizeof sql, " AND subscription=?", q->subscription);
    if (q->email)
        add_text(&b, sql, sizeof sql, " AND email=?", q->email);
    if (q->has_created_eq)
        add_int(&b, sql, sizeof sql, " AND created=?", q->created_eq);
    if (q->has_gt)
        add_int(&b, sql, sizeof sql, " AND created>?", q->gt);
    if (q->has_gte)
        add_int(&b, sql, sizeof sql, " AND created>=?", q->gte);
    if (q->has_lt)
        add_int(&b, sql, sizeof sql, " AND created<?", q->lt);
    if (q->has_lte)
        add_int(&b, sql, sizeof sql, " AND created<=?", q->lte);
    if (cursor) {
        /* "after" in display order: smaller keys when newest first */
        int smaller = desc ^ backwards;
        const char *cmp = smaller ? "<" : ">";
        char clause[160];

        snprintf(clause, sizeof clause, " AND (created%s? OR (created=? AND seq%s%s?))", cmp, cmp,
                 q->cursor_inclusive && !backwards ? "=" : "");
        add_int(&b, sql, sizeof sql, clause, cc);
        b.is_int[b.n] = 1;
        b.num[b.n++] = cc;
        b.is_int[b.n] = 1;
        b.num[b.n++] = cs;
    }
    {
        char tail[96];
        int scan_desc = desc ^ backwards;

        snprintf(tail, sizeof tail, " ORDER BY created %s, seq %s LIMIT %d", scan_desc ? "DESC" : "ASC",
                 scan_desc ? "DESC" : "ASC", q->limit + 1);
        strncat(sql, tail, sizeof sql - strlen(sql) - 1);
    }
    if (sqlite3_prepare_v2(srv->db, sql, -1, &s, NULL) != SQLITE_OK)
        goto done;
    bind_all(s, &b);
    if ((n = collect(s, *rows)) < 0)
        goto done;
    trim(*rows, q->limit, has_more);
    if (backwards)
        reverse_array(*rows);
    rc = 0;
done:
    sqlite3_finalize(s);
    return rc;
}

int store_list_items(ccs_server *srv, const char *session_id, int limit, const char *starting_after,
                     const char *ending_before, int reversed, cJSON **rows, int *has_more)
{
    const char *cursor = starting_after ? starting_after : ending_before;
    int backwards = ending_before != NULL, ascending = !reversed ^ backwards, rc = -1, n, pos = -1, i, taken = 0;
    cJSON *all = load_items(srv, session_id), **v = NULL, *it;

    *rows = cJSON_CreateArray();
    *has_more = 0;
    if (!all || !*rows)
        goto done;
    n = cJSON_GetArraySize(all);
    if (n && !(v = malloc((size_t)n * sizeof *v)))
        goto done;
    for (i = 0, it = all->child; it; it = it->next)
        v[i++] = it;
    if (cursor) {
        for (i = 0; i < n && pos < 0; i++) {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(v[i], "id");

            if (cJSON_IsString(id) && !strcmp(id->valuestring, cursor))
                pos = i;
        }
        if (pos < 0) {
            rc = 1;
            goto done;
        }
    }
    /* the page in scan order, one look-ahead item past the limit, as the
     * position-ordered query did */
    for (i = ascending ? (cursor ? pos + 1 : 0) : (cursor ? pos - 1 : n - 1);
         i >= 0 && i < n && taken <= limit; i += ascending ? 1 : -1, taken++)
        cJSON_AddItemToArray(*rows, cJSON_DetachItemViaPointer(all, v[i]));
    trim(*rows, limit, has_more);
    if (backwards)
        reverse_array(*rows);
    rc = 0;
done:
    free(v);
    cJSON_Delete(all);
    return rc;
}

int store_idem_get(ccs_server *srv, const char *account, const char *key, long long now, char fp[33],
                   int *status, char **body)
{
    sqlite3_stmt *s = stmt(srv, ST_IDEM_GET);
    int rc = -1, step, expired = 0;

    *body = NULL;
    if (!s)
        return -1;
    bind_text(s, 1, account);
    bind_text(s, 2, key);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        snprintf(fp, 33, "%s", (const char *)sqlite3_column_text(s, 0));
        *status = sqlite3_column_int(s, 1);
        if (sqlite3_column_int64(s, 3) + SRV_IDEMPOTENCY_TTL <= now) {
            expired = 1;
            rc = 0;
        } else {
            *body = strdup((const char *)sqlite3_column_text(s, 2));
            rc = *body ? 1 : -1;
        }
    } else if (step == SQLITE_DONE) {
        rc = 0;
    }
    sqlite3_reset(s);
    if (expired && (s = stmt(srv, ST_IDEM_DEL))) {
        bind_text(s, 1, account);
        bind_text(s, 2, key);
        sqlite3_step(s);
        sqlite3_reset(s);
    }
    return rc;
}

int store_idem_put(ccs_server *srv, const char *account, const char *key, const char *fp, int status,
                   const char *body, long long now)
{
    sqlite3_stmt *s = stmt(srv, ST_IDEM_PUT);
    int rc;

    if (!s)
        return -1;
    bind_text(s, 1, account);
    bind_text(s, 2, key);
    bind_text(s, 3, fp);
    sqlite3_bind_int(s, 4, status);
    bind_text(s, 5, body);
    sqlite3_bind_int64(s, 6, now);
    rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
    sqlite3_reset(s);
    return rc;
}

/* Sessions whose expires_at has passed become `expired` (url cleared), as
 * if expired by hand. Runs inside the caller's transaction when there is one. */
int store_expire_due(ccs_server *srv, long long now, int keep_url)
{
    int own = sqlite3_get_autocommit(srv->db), rc = 0, n;

    if (own && store_begin(srv))
        return -1;
    do {
        sqlite3_stmt *s = stmt(srv, ST_DUE);
        cJSON *due = cJSON_CreateArray(), *accts = cJSON_CreateArray(), *row, *acct;

        n = 0;
        if (!s || !due || !accts) {
            cJSON_Delete(due);
            cJSON_Delete(accts);
            rc = -1;
            break;
        }
        /* read the batch first: the statement must be reset before updating */
        sqlite3_bind_int64(s, 1, now);
        while (sqlite3_step(s) == SQLITE_ROW) {
            cJSON *sess = cJSON_Parse((const char *)sqlite3_column_text(s, 1));

            if (!sess) {
                rc = -1;
                break;
            }
            cJSON_AddItemToArray(accts, cJSON_CreateString((const char *)sqlite3_column_text(s, 0)));
            cJSON_AddItemToArray(due, sess);
            n++;
        }
        sqlite3_reset(s);
        for (row = due->child, acct = accts->child; row && acct && !rc; row = row->next, acct = acct->next) {
            cJSON_ReplaceItemInObjectCaseSensitive(row, "status", cJSON_CreateString("expired"));
            if (!keep_url)
                cJSON_ReplaceItemInObjectCaseSensitive(row, "url", cJSON_CreateNull());
            if (store_update_session(srv, acct->valuestring, row))
                rc = -1;
        }
        cJSON_Delete(due);
        cJSON_Delete(accts);
    } while (n == 64 && !rc);
    if (own) {
        if (rc)
            store_rollback(srv);
        else if (store_commit(srv))
            rc = -1;
    }
    return rc;
}
