/* Cleaning and escaping of untrusted text for reports. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccs/escape.h"

#define FFFD "\xef\xbf\xbd"

static char *clean(const char *s, size_t max)
{
    char *out = ccs_escape_clean(s, max);

    cr_assert_not_null(out);
    return out;
}

static void expect_clean(const char *in, const char *want)
{
    char *got = clean(in, 0);

    cr_expect_str_eq(got, want, "clean(%s)", in);
    free(got);
}

Test(escape, keeps_plain_utf8_and_whitespace)
{
    expect_clean("", "");
    expect_clean("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\t\n\r", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\t\n\r");
    char *n = ccs_escape_clean(NULL, 0);
    cr_assert_str_eq(n, "");
    free(n);
}

Test(escape, replaces_controls_and_invalid_utf8)
{
    expect_clean("a\x01" "b", "a" FFFD "b");
    expect_clean("\x7f", FFFD);
    expect_clean("\xc2\x85", FFFD);              /* C1 control NEL */
    expect_clean("\xff", FFFD);
    expect_clean("\xc0\xaf", FFFD FFFD);         /* overlong '/' */
    expect_clean("\xed\xa0\x80", FFFD FFFD FFFD); /* surrogate */
    expect_clean("\xef\xbf\xbe", FFFD);           /* U+FFFE */
    expect_clean("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD); /* > U+10FFFF */
    expect_clean("\xe2\x82", FFFD FFFD);          /* truncated at end */
}

Test(escape, redacts_secret_keys_anywhere)
{
    expect_clean("Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc.",
                 "Bearer sk_test_\xe2\x80\xa6p7dc.");
    expect_clean("-u rk_live_ABCDEFGH1234567890:", "-u rk_live_\xe2\x80\xa6" "7890:");
    /* Short tails are not keys; 8..11 chars are hidden entirely. */
    expect_clean("sk_test_short", "sk_test_short");
    expect_clean("sk_test_12345678", "[redacted]");
    /* Already redacted text stays as it is. */
    expect_clean("sk_test_\xe2\x80\xa6p7dc", "sk_test_\xe2\x80\xa6p7dc");
}

/* A server echoing the Basic auth header must not leak the key in base64. */
Test(escape, redacts_base64_encoded_key)
{
    expect_clean("Authorization: Basic c2tfdGVzdF80ZUMzOUhxTHlqV0Rhcmp0VDF6ZHA3ZGM6\r\n",
                 "Authorization: Basic [redacted]\r\n");
    expect_clean("{\"auth\":\"c2tfdGVzdF80ZUMzOUhxTHlqV0Rhcmp0VDF6ZHA3ZGM6\"}",
                 "{\"auth\":\"[redacted]\"}");
    /* Other base64 stays readable. */
    expect_clean("Basic aGVsbG8gd29ybGQsIHRoaXMgaXMgcGxhaW4gdGV4dA==",
                 "Basic aGVsbG8gd29ybGQsIHRoaXMgaXMgcGxhaW4gdGV4dA==");
    /* A plain key right after a base64-looking run is still caught. */
    expect_clean("abcdefghijklmnopqrstuvwxyzsk_test_4eC39HqLyjWDarjtT1zdp7dc",
                 "abcdefghijklmnopqrstuvwxyzsk_test_\xe2\x80\xa6p7dc");
}

Test(escape, redacts_very_long_key)
{
    char key[400];
    char *got;

    memcpy(key, "sk_live_", 8);
    memset(key + 8, 'A', sizeof key - 13);
    memcpy(key + sizeof key - 5, "wxyz", 5);
    got = clean(key, 0);
    cr_expect_str_eq(got, "sk_live_\xe2\x80\xa6wxyz");
    free(got);
}

Test(escape, truncates_after_redaction_on_char_boundary)
{
    char *got = clean("\xc3\xa9\xc3\xa9\xc3\xa9", 3);

    cr_expect(strncmp(got, "\xc3\xa9\n[... 4 more bytes]", 64) == 0, "got %s", got);
    free(got);
    /* The cut falls inside the key: the key is redacted before, so no key
     * characters beyond the redacted tail appear. */
    got = clean("xx sk_test_4eC39HqLyjWDarjtT1zdp7dc yy", 12);
    cr_expect_null(strstr(got, "4eC39"));
    free(got);
}

static char *capture(int (*fn)(FILE *, const char *), const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    cr_assert_not_null(f);
    cr_assert_eq(fn(f, s), 0);
    fclose(f);
    return buf;
}

static int xml_text(FILE *f, const char *s) { return ccs_escape_xml(f, s, 0, 0); }
static int xml_attr(FILE *f, const char *s) { return ccs_escape_xml(f, s, 0, 1); }
static int md_text(FILE *f, const char *s) { return ccs_escape_md_text(f, s, 0, "-"); }
static int md_block(FILE *f, const char *s) { return ccs_escape_md_block(f, s, 0, "sh"); }

Test(escape, xml)
{
    char *s = capture(xml_text, "<a href=\"x\">&'</a>]]>\x01\n");

    cr_expect_str_eq(s, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;]]&gt;" FFFD "\n");
    free(s);
    s = capture(xml_attr, "a\tb\nc\rd");
    cr_expect_str_eq(s, "a&#9;b&#10;c&#13;d");
    free(s);
}

Test(escape, markdown_text)
{
    char *s = capture(md_text, "a|b `c` *d* <script>\nx");

    cr_expect_str_eq(s, "a\\|b \\`c\\` \\*d\\* &lt;script&gt; x");
    free(s);
    s = capture(md_text, "");
    cr_expect_str_eq(s, "-");
    free(s);
}

Test(escape, markdown_block_fence_outlasts_content)
{
    char *s = capture(md_block, "echo ```` done");

    cr_expect_str_eq(s, "`````sh\necho ```` done\n`````\n");
    free(s);
    s = capture(md_block, "plain\n");
    cr_expect_str_eq(s, "```sh\nplain\n```\n");
    free(s);
}
