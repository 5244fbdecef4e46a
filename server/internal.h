/* Private declarations shared by the reference server's modules (one concern
 * per file; this header is the glue between them). */
#ifndef CCS_SERVER_INTERNAL_H
#define CCS_SERVER_INTERNAL_H

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "ccs/json.h"
#include "handler.h"
#include "faults.h"

#define SRV_API_VERSION "2026-07-29.dahlia"
#define SRV_MAX_BODY (1024 * 1024)
#define SRV_SESSION_ID_RANDOM 58
#define SRV_MAX_AMOUNT 999999999999LL /* 12 digits: beyond any real checkout total */
#define SRV_MAX_UNIT_AMOUNT 99999999LL
#define SRV_IDEMPOTENCY_TTL (24 * 3600)

/* One API version the server speaks (version.c). */
enum { SRV_OP_CREATE, SRV_OP_UPDATE, SRV_OP_LIST, SRV_OP_RETRIEVE, SRV_OP_EXPIRE, SRV_OP_LINE_ITEMS, SRV_OPS };
typedef struct srv_version {
    char name[64];
    cJSON *endpoints;             /* its endpoints.json */
    const cJSON *p[SRV_OPS];      /* each operation's parameters; NULL: not in this version */
    cJSON *session, *item, *price; /* its object contracts, for the response shape */
} srv_version;

struct ccs_server {
    sqlite3 *db;
    pthread_mutex_t mu;        /* one connection, serialised: simple and correct */
    cJSON *catalog;            /* golden/catalog.json */
    unsigned long long faults; /* bit f set: fault f (enum fault_id) is on; 0 when none */
    sqlite3_stmt *stmts[24];   /* cached statements (store.c), used under mu */
    long long clock_offset;    /* seconds added to the wall clock (tests of expiry) */
    long long swept_at;        /* last second the expiry sweep ran */
    struct vcache *vcache;     /* the parameter schemas' keywords by node (validate.c) */
    cJSON *versions_doc;       /* golden/contract/versions.json */
    srv_version *versions;     /* every known version, oldest first */
    size_t n_versions;
    const srv_version *native; /* SRV_API_VERSION: the shape sessions are rendered in */
    const srv_version *account_default; /* for requests without Stripe-Version */
    struct srv_ratelimit *ratelimit;    /* --rate-limit; NULL: off (ratelimit.c) */
    /* sandbox realism switches (handler.h), each NULL when off */
    struct srv_latency *latency;        /* --latency (latency.c) */
    struct srv_random429 *random429;    /* --random-429 (random_429.c) */
    struct srv_accounts *accounts;      /* accounts seen, for --prefill and --background-writes */
    struct srv_writer *writer;          /* --background-writes (sandbox_writer.c) */
    int prefill;                        /* --prefill: sessions per account */
    uint64_t seed;                      /* --seed, never 0 */
};

/* An API error on its way to the client. */
typedef struct srv_err {
    int status;
    char type[32];
    char code[48];
    char param[256];
    char message[600];
} srv_err;

typedef struct req_ctx {
    ccs_server *srv;
    const srv_version *ver;    /* the request's API version */
    const ccs_server_request *req;
    ccs_server_response *resp;
    char account[24];          /* "acct_" + hash of the key: the key itself is never stored */
    long long now;
} req_ctx;

#define FAULT(srv, f) (((srv)->faults >> (f)) & 1ULL)

/* Member lookup (ccs_json_get), a member's string (NULL when absent or not a
 * string), and a string node or JSON null for NULL. */
static inline const cJSON *get(const cJSON *o, const char *k)
{
    return ccs_json_get(o, k);
}
static inline const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = ccs_json_get(o, k);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}
static inline cJSON *str_or_null(const char *v)
{
    return v ? cJSON_CreateString(v) : cJSON_CreateNull();
}

/* errors.c */
int err_set(srv_err *e, int status, const char *type, const char *code, const char *param,
            const char *fmt, ...) __attribute__((format(printf, 6, 7)));
int err_param(srv_err *e, const char *code, const char *param, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void reply_error(req_ctx *c, const srv_err *e);
void reply_json(req_ctx *c, int status, cJSON *body);        /* takes ownership */
void reply_text(req_ctx *c, int status, const char *json);    /* copies */
void resp_header(ccs_server_response *resp, const char *name, const char *value);

/* jsonw.c: compact JSON text (malloc'd, NULL when out of memory) */
char *json_print(const cJSON *v, size_t *len);
/* streaming writer: commas are placed by the writer; start from {0} */
typedef struct jw {
    char *s;
    size_t len, cap;
    int oom;
} jw;
void jw_key(jw *w, const char *k);
/* a key known to need no escaping (a literal), n its length */
void jw_key_lit(jw *w, const char *k, size_t n);
void jw_open(jw *w, char bracket);     /* '{' or '[' */
void jw_close(jw *w, char bracket);    /* '}' or ']' */
void jw_null(jw *w);
void jw_bool(jw *w, int v);
void jw_int(jw *w, long long v);
void jw_num(jw *w, double v);          /* as the tree printer writes a cJSON number */
void jw_str(jw *w, const char *s);     /* NULL writes null */
void jw_value(jw *w, const cJSON *v);  /* a subtree; NULL writes null */
char *jw_finish(jw *w, size_t *len);   /* the text (NULL when out of memory); w is reset */

/* ids.c */
void ids_random(char *out, size_t n);                          /* n alnum chars + NUL */
void ids_make(char *out, size_t cap, const char *prefix, size_t n);
uint64_t ids_hash(const void *data, size_t len, uint64_t seed);

/* version.c */
int versions_open(ccs_server *srv, const char *golden, const char *account_default, ccs_error *err);
void versions_close(ccs_server *srv);
const srv_version *versions_find(const ccs_server *srv, const char *name);
int versions_project(const ccs_server *srv, const srv_version *ver, ccs_server_response *resp); /* -1 ENOMEM */
void versions_translate_in(const ccs_server *srv, const srv_version *ver, cJSON *params, int op);

/* ratelimit.c: per account token buckets of rate requests/s (burst rate);
 * rate <= 0 leaves them off. open: -1 out of memory. take: 1 when account
 * may send a request now (and uses up a token), 0 when it is over the limit. */
int ratelimit_open(ccs_server *srv, double rate);
void ratelimit_close(ccs_server *srv);
int ratelimit_take(ccs_server *srv, const char *account);

/* Sandbox realism switches. sandbox_rand: splitmix64, the one generator
 * behind their seeded choices (state must be guarded by its owner). */
static inline uint64_t sandbox_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
/* a uniform double in [0, 1) */
static inline double sandbox_unit(uint64_t *state)
{
    return (double)(sandbox_rand(state) >> 11) / 9007199254740992.0;
}
/* latency.c: open -1 out of memory (ms <= 0: off); wait sleeps one
 * answer's delay (no-op when off) */
int latency_open(ccs_server *srv, int ms, int jitter_ms);
void latency_close(ccs_server *srv);
int latency_on(const ccs_server *srv);
void latency_wait(ccs_server *srv);
/* random_429.c: open -1 out of memory (share <= 0: off); hit 1 when this
 * request is to be answered 429 */
int random429_open(ccs_server *srv, double share);
void random429_close(ccs_server *srv);
int random429_hit(ccs_server *srv);
/* sandbox_session.c: one session of another client, made by the create path
 * (API version native) and moved to state; caller holds mu inside a
 * transaction. -1 on failure. */
enum { SBX_OPEN, SBX_EXPIRED, SBX_COMPLETE };
enum { SBX_PAYMENT, SBX_SETUP, SBX_SUBSCRIPTION, SBX_MODES };
int sandbox_session_add(ccs_server *srv, const char *account, long long created, int mode, int state,
                        const char *origin, uint64_t *rng);
/* sandbox_accounts.c: the accounts seen (only kept with --prefill or
 * --background-writes). seen: called once auth knows the account; the
 * first time, prefills it (under mu, one transaction). -1 on failure (the
 * next request tries again). snapshot: a malloc'd copy (*n names). */
typedef char sandbox_account[24];
int accounts_open(ccs_server *srv);
void accounts_close(ccs_server *srv);
int accounts_seen(ccs_server *srv, const char *account, long long now);
int accounts_snapshot(ccs_server *srv, sandbox_account **out, size_t *n);
/* sandbox_prefill.c: srv->prefill sessions of before now in account;
 * caller holds mu, no transaction open (it runs one). -1 on failure. */
int prefill_account(ccs_server *srv, const char *account, long long now);
/* sandbox_writer.c: a thread adding rate sessions per second to every
 * account seen; stop joins it. start -1 when it cannot run. */
int writer_start(ccs_server *srv, double rate);
void writer_stop(ccs_server *srv);

/* auth.c: 0 ok (c->account set), -1 error filled */
int auth_check(req_ctx *c, srv_err *e);

/* validate.c */
int validate_compile(ccs_server *srv);   /* every version's parameters; -1 out of memory */
void validate_free(ccs_server *srv);
void param_path(char *out, size_t cap, const char *a, const char *b);   /* a + b, truncated */
void param_index(char *out, size_t cap, const char *base, long long i); /* base[i] ("" base: i) */
int validate_params(const ccs_server *srv, const cJSON *schema, cJSON *params, srv_err *e);
int parse_int64(const char *s, long long *out);
int parse_bool(const cJSON *v, int *out);
int validate_metadata(const cJSON *md, const char *param, int allow_unset, srv_err *e);
int validate_expand(const cJSON *expand, const char *const *allowed, srv_err *e);

/* catalog.c */
int catalog_load(ccs_server *srv, const char *golden_dir, ccs_error *err);
const cJSON *catalog_price(const ccs_server *srv, const char *id);
const char *catalog_product_name(const ccs_server *srv, const char *prod);

/* lineitems.c: build line items from create/update params */
/* create: *out_text is the JSON array of the new items (malloc'd) */
int lines_build(req_ctx *c, const cJSON *items, const char *mode, char **out_text,
                long long *subtotal, char currency[4], srv_err *e);
/* update: full replacement of the stored items (keep/change by id, add, drop
 * by omission, order as posted); the currency may not change */
int lines_replace(req_ctx *c, const cJSON *items, const cJSON *stored, const char *mode,
                  const char *session_currency, cJSON **out_items, long long *subtotal, srv_err *e);

/* session.c */
cJSON *session_render_fix(const ccs_server *srv, cJSON *s);   /* apply render faults */
int session_expand_line_items(req_ctx *c, cJSON *s, const cJSON *expand, const char *path, srv_err *e);
const char *const *session_expandable(void);

/* store.c */
int store_open(ccs_server *srv, const char *path, ccs_error *err);
void store_close(ccs_server *srv);
int store_begin(ccs_server *srv);
int store_commit(ccs_server *srv);
void store_rollback(ccs_server *srv);
/* The session's values the store indexes (lookups, lists, expiry). */
typedef struct session_index {
    char id_buf[80];
    const char *id, *status, *customer, *payment_intent, *payment_link, *subscription, *email;
    long long created, expires_at;
} session_index;
/* json: the session's text; items: the JSON array of its line items, or
 * NULL when it has none */
int store_insert_session(ccs_server *srv, const char *account, const session_index *ix, const char *json,
                         const char *items);
int store_update_session(ccs_server *srv, const char *account, const cJSON *s);
int store_expire_due(ccs_server *srv, long long now, int keep_url);
int store_replace_items(ccs_server *srv, const char *session_id, const cJSON *items);
/* returns 1 found (*json malloc'd), 0 not found, -1 error */
int store_get_session(ccs_server *srv, const char *account, const char *id, char **json);
typedef struct list_query {
    const char *account;
    int limit;
    const char *starting_after, *ending_before;
    const char *status, *customer, *payment_intent, *payment_link, *subscription, *email;
    int has_created_eq, has_gt, has_gte, has_lt, has_lte;
    long long created_eq, gt, gte, lt, lte;
    int oldest_first, cursor_inclusive;
} list_query;
/* rc 0 ok, 1 cursor not found, -1 error; *rows is a cJSON array of parsed sessions */
int store_list_sessions(ccs_server *srv, const list_query *q, cJSON **rows, int *has_more);
int store_list_items(ccs_server *srv, const char *session_id, int limit, const char *starting_after,
                     const char *ending_before, int reversed, cJSON **rows, int *has_more);
int store_count_items(ccs_server *srv, const char *session_id);
/* idempotency: 1 found (status/body/fingerprint out), 0 none, -1 error */
int store_idem_get(ccs_server *srv, const char *account, const char *key, long long now,
                   char fp[33], int *status, char **body);
int store_idem_put(ccs_server *srv, const char *account, const char *key, const char *fp,
                   int status, const char *body, long long now);

/* endpoint handlers (one file each) */
void op_create(req_ctx *c, cJSON *params);
/* create in two halves so only the store write runs under the lock:
 * prepare (no store access) replies itself and returns -1 on a client or
 * build error; store inserts the prepared session and replies. expand points
 * into the params, which must outlive the prep. */
typedef struct create_prep {
    session_index index;
    char *text;                /* printed session */
    size_t len;
    char *items;               /* printed line items array or NULL */
    const cJSON *expand;
} create_prep;
int create_prepare(req_ctx *c, cJSON *params, create_prep *out);
void create_store(req_ctx *c, create_prep *prep);
void create_prep_free(create_prep *prep);
void op_retrieve(req_ctx *c, const char *id, cJSON *params);
void op_list(req_ctx *c, cJSON *params);
void op_update(req_ctx *c, const char *id, cJSON *params);
void op_expire(req_ctx *c, const char *id, cJSON *params);
void op_line_items(req_ctx *c, const char *id, cJSON *params);

/* list helpers (list.c) */
int parse_limit(const ccs_server *srv, const cJSON *params, int *limit, srv_err *e);
cJSON *list_envelope(cJSON *data, int has_more, const char *url);
/* 1 when expand (the expand[] array, may be NULL) names path (session.c) */
int expand_wants(const cJSON *expand, const char *path);

void not_found(req_ctx *c, const char *id);
#endif
