/* Differential driver for tests/form_qs_diff.js: reads JSON lines
 * {"id", "mode": "both"|"decode"|"encode", "obj", "body"} where body is what
 * qs produced (qs.stringify) or accepted (qs.parse), and checks in one
 * process that ccs_form_decode(body) equals obj (member order included) and
 * that ccs_form_encode(obj) equals body byte for byte. Our bodies are written
 * as JSON lines {"id", "ours", "ours_sdk"} (the second with literal brackets)
 * so the script can feed them back to qs.parse and hold the second against
 * stripe-node's own encoder.
 * Exit 0 when every case agrees, 1 otherwise (first failures printed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/form.h"

static int same(const cJSON *a, const cJSON *b)
{
    const cJSON *x, *y;

    if ((a->type & 0xFF) != (b->type & 0xFF))
        return 0;
    if (cJSON_IsString(a))
        return !strcmp(a->valuestring, b->valuestring);
    if (cJSON_IsNumber(a))
        return a->valuedouble == b->valuedouble;
    if (!cJSON_IsArray(a) && !cJSON_IsObject(a))
        return 1;
    for (x = a->child, y = b->child; x && y; x = x->next, y = y->next) {
        if (cJSON_IsObject(a) && strcmp(x->string, y->string))
            return 0;
        if (!same(x, y))
            return 0;
    }
    return !x && !y;
}

static char *read_line(FILE *f, char **buf, size_t *cap)
{
    size_t n = 0;
    int c;

    while ((c = getc(f)) != EOF && c != '\n') {
        if (n + 2 > *cap) {
            size_t nc = *cap ? *cap * 2 : 4096;
            char *nb = realloc(*buf, nc);

            if (!nb)
                return NULL;
            *buf = nb;
            *cap = nc;
        }
        (*buf)[n++] = (char)c;
    }
    if (c == EOF && n == 0)
        return NULL;
    if (!*buf)
        return NULL;
    (*buf)[n] = '\0';
    return *buf;
}

int main(int argc, char **argv)
{
    FILE *in, *out;
    char *line = NULL;
    size_t cap = 0;
    long cases = 0, dec_n = 0, enc_n = 0, bad = 0;

    if (argc != 3) {
        fprintf(stderr, "usage: form_diff_driver CASES.jsonl OURS.jsonl\n");
        return 2;
    }
    if (!(in = fopen(argv[1], "rb")) || !(out = fopen(argv[2], "wb"))) {
        fprintf(stderr, "form_diff_driver: cannot open %s or %s\n", argv[1], argv[2]);
        return 2;
    }
    while (read_line(in, &line, &cap)) {
        cJSON *c = cJSON_Parse(line);
        const cJSON *id, *mode, *obj, *body;
        int do_dec, do_enc;

        if (!c) {
            fprintf(stderr, "form_diff_driver: bad case line %ld\n", cases + 1);
            return 2;
        }
        cases++;
        id = cJSON_GetObjectItem(c, "id");
        mode = cJSON_GetObjectItem(c, "mode");
        obj = cJSON_GetObjectItem(c, "obj");
        body = cJSON_GetObjectItem(c, "body");
        do_dec = strcmp(mode->valuestring, "encode") != 0;
        do_enc = strcmp(mode->valuestring, "decode") != 0;
        if (do_dec) {
            cJSON *got = NULL;
            ccs_error err;

            dec_n++;
            if (ccs_form_decode(body->valuestring, strlen(body->valuestring), NULL, NULL, &got,
                                &err) != CCS_OK) {
                if (bad++ < 10)
                    fprintf(stderr, "case %d: decode failed: %s at %ld\n  body %s\n",
                            id->valueint, err.message, err.offset, body->valuestring);
            } else if (!same(got, obj)) {
                char *g = cJSON_PrintUnformatted(got), *w = cJSON_PrintUnformatted(obj);

                if (bad++ < 10)
                    fprintf(stderr, "case %d: decode differs\n  body %s\n  want %s\n  got  %s\n",
                            id->valueint, body->valuestring, w, g);
                cJSON_free(g);
                cJSON_free(w);
            }
            cJSON_Delete(got);
        }
        if (do_enc) {
            char *ours = NULL;
            size_t len = 0;
            ccs_error err;
            cJSON *rec;
            char *text;

            enc_n++;
            if (ccs_form_encode(obj, &ours, &len, &err) != CCS_OK) {
                if (bad++ < 10)
                    fprintf(stderr, "case %d: encode failed: %s\n", id->valueint, err.message);
            } else {
                if (strcmp(ours, body->valuestring) && bad++ < 10)
                    fprintf(stderr, "case %d: encode differs\n  want %s\n  got  %s\n",
                            id->valueint, body->valuestring, ours);
                rec = cJSON_CreateObject();
                cJSON_AddNumberToObject(rec, "id", id->valueint);
                cJSON_AddStringToObject(rec, "ours", ours);
                ccs_form_literal_brackets(ours, len);
                cJSON_AddStringToObject(rec, "ours_sdk", ours);
                text = cJSON_PrintUnformatted(rec);
                fprintf(out, "%s\n", text);
                cJSON_free(text);
                cJSON_Delete(rec);
            }
            free(ours);
        }
        cJSON_Delete(c);
    }
    free(line);
    fclose(in);
    if (fclose(out) != 0) {
        fprintf(stderr, "form_diff_driver: cannot write %s\n", argv[2]);
        return 2;
    }
    printf("form_diff_driver: %ld cases, %ld decoded, %ld encoded, %ld disagreements\n", cases,
           dec_n, enc_n, bad);
    return bad ? 1 : 0;
}
