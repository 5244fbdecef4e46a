/* The price catalog (golden/catalog.json): prices line items can name by id. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static char *slurp(const char *path, ccs_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f) {
        ccs_error_set(err, CCS_EIO, -1, "cannot open %s", path);
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
        goto done;
    if (!(buf = malloc((size_t)n + 1)))
        goto done;
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
        goto done;
    }
    buf[n] = '\0';
done:
    if (!buf)
        ccs_error_set(err, CCS_EIO, -1, "cannot read %s", path);
    fclose(f);
    return buf;
}

int catalog_load(ccs_server *srv, const char *golden_dir, ccs_error *err)
{
    char path[1024];
    char *text;
    int rc = CCS_EINVAL;

    snprintf(path, sizeof path, "%s/catalog.json", golden_dir);
    if (!(text = slurp(path, err)))
        return CCS_EIO;
    srv->catalog = cJSON_Parse(text);
    if (!srv->catalog || !cJSON_IsArray(ccs_json_get(srv->catalog, "prices"))) {
        ccs_error_set(err, CCS_EINVAL, -1, "%s: not a catalog (needs a \"prices\" array)", path);
        goto done;
    }
    rc = CCS_OK;
done:
    free(text);
    return rc;
}

const cJSON *catalog_price(const ccs_server *srv, const char *id)
{
    const cJSON *p;

    cJSON_ArrayForEach(p, ccs_json_get(srv->catalog, "prices")) {
        const cJSON *pid = ccs_json_get(p, "id");

        if (cJSON_IsString(pid) && !strcmp(pid->valuestring, id))
            return p;
    }
    return NULL;
}

/* Product name for a catalog product id (line item description). */
const char *catalog_product_name(const ccs_server *srv, const char *prod)
{
    const cJSON *pr = ccs_json_get(srv->catalog, "products");
    const cJSON *n = ccs_json_get(ccs_json_get(pr, prod), "name");

    return cJSON_IsString(n) ? n->valuestring : NULL;
}
