/* Private: the precompiled form of golden/contract, shared by the loader
 * (contract_load.c), the checker (contract_check.c) and violations.c. */
#ifndef CCS_CONTRACT_INTERNAL_H
#define CCS_CONTRACT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ccs/contract.h"

/* JSON types a node accepts (bit set). */
enum {
    CT_STRING = 1u << 0,
    CT_INTEGER = 1u << 1,
    CT_NUMBER = 1u << 2,
    CT_BOOLEAN = 1u << 3,
    CT_OBJECT = 1u << 4,
    CT_ARRAY = 1u << 5,
    CT_ANY = 1u << 6
};

enum { CP_ALWAYS = 0, CP_OPTIONAL, CP_INCLUDABLE };
enum { CF_NONE = 0, CF_UNIX_TIME, CF_CURRENCY, CF_DECIMAL };

/* Most properties of one object node; the seen-set of a check is a fixed
 * bitmap on the stack, so a node may not have more. */
#define CCS_CONTRACT_MAX_PROPS 256

typedef struct cnode cnode;
typedef struct ccontract ccontract;

typedef struct cprop {
    const char *name; /* arena copy, next to its siblings */
    cnode *node;
    uint32_t hash;    /* ccs_contract_hash(name) */
    uint32_t len;
    unsigned char plain; /* no '~' or '/': a pointer token as it stands */
} cprop;

struct cnode {
    unsigned types;
    unsigned char nullable;
    unsigned char presence;    /* CP_* */
    unsigned char required;    /* present and non-null (MUST) */
    unsigned char expandable;  /* ID string, or object with id + object */
    unsigned char enum_bypass; /* x-stripeBypassValidation: enum miss is SHOULD */
    unsigned char open;        /* foreign embedded object: type only */
    unsigned char format;      /* CF_* */
    unsigned char ref_any;     /* list data item: contract from caller or `object` */
    long max_length;           /* in code points, -1 when none */
    const char **enums;        /* sorted; current values + accepted older/extra ones */
    size_t n_enums;
    const char **expand_types; /* accepted `object` values when expanded */
    size_t n_expand;
    const char **prefixes;     /* id prefixes (SHOULD) */
    size_t n_prefixes;
    cprop *props;              /* sorted by name */
    size_t n_props;
    uint16_t *slots;           /* open addressing: prop index + 1, 0 = empty */
    uint32_t slot_mask;        /* slots has slot_mask + 1 entries */
    uint64_t needed[CCS_CONTRACT_MAX_PROPS / 64]; /* bit i: props[i] is always present or required */
    cnode *items;              /* array element node */
    cnode *addl;               /* additional_properties node (maps) */
    const char *ref_name;      /* another contract checks this value */
    const char *list_of;       /* with ref "list": contract of data items */
    const ccontract *ref;      /* resolved ref_name */
    const ccontract *list_item; /* resolved list_of */
    const char *type_text;     /* "string", "string or object", ... */
    const char *enum_text;     /* "one of: a, b, ..." */
    const char *removed_after; /* last API version that had this property, or NULL */
};

struct ccontract {
    const char *name;
    const char *api_version; /* "" when the file names none */
    cJSON *json; /* the golden file as loaded (ccs_contract_get) */
    cnode *root;
};

typedef struct arena_block arena_block;

struct ccs_contracts {
    ccontract *items; /* sorted by name */
    size_t count;
    arena_block *arena;
};

/* Hash of a NUL-terminated name from its length and its first and last 8
 * bytes: a short dependency chain, unlike a per-byte hash (equal hashes are
 * confirmed with memcmp). *len receives the length. */
static inline uint32_t ccs_contract_hash(const char *s, size_t *len)
{
    size_t n = strlen(s);
    uint64_t a = 0, b = 0, h;

    if (n >= 8) {
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
    } else {
        memcpy(&a, s, n);
    }
    h = (a ^ (b * UINT64_C(0x9E3779B97F4A7C15)) ^ (uint64_t)n) * UINT64_C(0xff51afd7ed558ccd);
    *len = n;
    return (uint32_t)(h >> 32);
}

/* Find a loaded contract by exact name; NULL when absent. */
const ccontract *ccs_contract_find(const ccs_contracts *set, const char *name, size_t len);

/* Append a violation in two steps, so its texts are written once, in
 * place: _begin returns the new record (count includes it; fill rule and
 * level) and *text, room for CCS_VIOLATION_POINTER_MAX + 2 *
 * CCS_VIOLATION_TEXT_MAX bytes in the list's text blocks, which never move;
 * the caller writes the three NUL-terminated texts there, points the record
 * at them and calls _end with the bytes used. NULL when out of memory. */
ccs_violation *ccs_violations_begin(ccs_violations *v, char **text);
void ccs_violations_end(ccs_violations *v, size_t used);

/* Bounded copy that always terminates; returns the length written. */
size_t ccs_violations_copy(char *dst, size_t cap, const char *src);

#endif
