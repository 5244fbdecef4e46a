/* `ccs form decode|encode [--schema OP]`: Stripe form body <-> JSON, stdin to
 * stdout. Exit 0 on success, 2 on usage errors or bad input (the reason and
 * its byte offset go to stderr). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ccs/form.h"
#include "ccs/fs.h"
#include "ccs/params.h"
#include "commands.h"

static void usage(FILE *out)
{
    fputs("usage: ccs form decode [--schema OP] < body\n"
          "       ccs form encode [--literal-brackets] < tree.json\n"
          "\n"
          "decode  reads an application/x-www-form-urlencoded body with bracket nesting\n"
          "        (line_items[0][price]=price_1&expand[]=line_items) and prints it as JSON.\n"
          "        Values stay strings. Numeric segments make arrays unless a schema says\n"
          "        the container is an object.\n"
          "encode  reads a JSON object and prints its form body as qs.stringify writes it\n"
          "        (arrayFormat indices, brackets as %5B/%5D; no trailing newline unless\n"
          "        stdout is a terminal).\n"
          "\n"
          "  --schema OP  decode with the parameter schema of endpoint operation OP\n"
          "               (list, create, retrieve, update, expire, list_line_items) from\n"
          "               <golden>/contract/endpoints.json, so that e.g.\n"
          "               metadata[0]=x is the key \"0\", not an array\n"
          "  --literal-brackets\n"
          "               encode: write brackets literally, keys and values alike, byte\n"
          "               for byte as stripe-node 22 sends the body\n"
          "  --help       this text\n"
          "\n"
          "Errors: `ccs form: <reason> at byte <offset>` on stderr, exit status 2.\n",
          out);
}

/* Far above the decoder's own body limit, which then says what is wrong. */
#define MAX_INPUT ((size_t)256 << 20)

static void report(const ccs_error *err)
{
    if (err->offset >= 0)
        fprintf(stderr, "ccs form: %s at byte %ld\n", err->message, err->offset);
    else if (err->pointer[0])
        fprintf(stderr, "ccs form: %s (key %s)\n", err->message, err->pointer);
    else
        fprintf(stderr, "ccs form: %s\n", err->message);
}

static int decode(const char *body, size_t len, const char *op)
{
    cJSON *endpoints = NULL, *tree = NULL;
    const cJSON *schema = NULL;
    ccs_error err;
    char *text = NULL;
    int status = 2;

    ccs_error_clear(&err);
    if (op) {
        if (ccs_params_load(NULL, &endpoints, &err) != CCS_OK) {
            report(&err);
            goto done;
        }
        if (!(schema = ccs_params_for(endpoints, op))) {
            fprintf(stderr, "ccs form: unknown operation '%s' (list, create, retrieve, update, "
                            "expire, list_line_items)\n", op);
            goto done;
        }
    }
    if (ccs_form_decode(body, len, schema, NULL, &tree, &err) != CCS_OK) {
        report(&err);
        goto done;
    }
    if (!(text = cJSON_Print(tree))) {
        fprintf(stderr, "ccs form: out of memory\n");
        goto done;
    }
    if (printf("%s\n", text) < 0 || fflush(stdout) != 0) {
        fprintf(stderr, "ccs form: cannot write output\n");
        goto done;
    }
    status = 0;
done:
    cJSON_free(text);
    cJSON_Delete(tree);
    cJSON_Delete(endpoints);
    return status;
}

static int encode(const char *json, size_t len, int literal)
{
    cJSON *tree = NULL;
    const char *end = NULL;
    char *body = NULL;
    size_t blen = 0;
    ccs_error err;
    int status = 2;

    ccs_error_clear(&err);
    tree = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!tree) {
        fprintf(stderr, "ccs form: invalid JSON at byte %ld\n", end ? (long)(end - json) : 0L);
        goto done;
    }
    while (end && end < json + len && strchr(" \t\r\n", *end))
        end++;
    if (end && end < json + len) {
        fprintf(stderr, "ccs form: trailing data after the JSON value at byte %ld\n",
                (long)(end - json));
        goto done;
    }
    if (ccs_form_encode(tree, &body, &blen, &err) != CCS_OK) {
        report(&err);
        goto done;
    }
    if (literal)
        blen = ccs_form_literal_brackets(body, blen);
    if (fwrite(body, 1, blen, stdout) != blen || (isatty(STDOUT_FILENO) && putchar('\n') == EOF) ||
        fflush(stdout) != 0) {
        fprintf(stderr, "ccs form: cannot write output\n");
        goto done;
    }
    status = 0;
done:
    free(body);
    cJSON_Delete(tree);
    return status;
}

int ccs_cmd_form(int argc, char **argv)
{
    const char *mode = NULL, *op = NULL;
    char *input = NULL;
    size_t len = 0;
    ccs_error rerr;
    int i, literal = 0, status = 2;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--schema")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ccs form: --schema needs an operation name\n");
                usage(stderr);
                return 2;
            }
            op = argv[++i];
        } else if (!strcmp(argv[i], "--literal-brackets")) {
            literal = 1;
        } else if (!mode && (!strcmp(argv[i], "decode") || !strcmp(argv[i], "encode"))) {
            mode = argv[i];
        } else {
            fprintf(stderr, "ccs form: unexpected argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!mode) {
        fprintf(stderr, "ccs form: say decode or encode\n");
        usage(stderr);
        return 2;
    }
    if (op && strcmp(mode, "decode") != 0) {
        fprintf(stderr, "ccs form: --schema applies to decode only\n");
        return 2;
    }
    if (literal && strcmp(mode, "encode") != 0) {
        fprintf(stderr, "ccs form: --literal-brackets applies to encode only\n");
        return 2;
    }
    if (ccs_fs_read_stream(stdin, "standard input", MAX_INPUT, &input, &len, &rerr) != CCS_OK) {
        fprintf(stderr, "ccs form: %s\n", rerr.message);
        return 2;
    }
    status = !strcmp(mode, "decode") ? decode(input, len, op) : encode(input, len, literal);
    free(input);
    return status;
}
