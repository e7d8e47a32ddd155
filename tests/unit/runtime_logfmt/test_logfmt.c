/*
 * Unit tests of logfmt.c: how values are quoted and escaped, how keys are
 * cleaned, the timestamp format and a whole line.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "runtime/logfmt.h"

/* Arrays, not pointers: Criterion hands parameters to workers in other processes. */
typedef struct escape_case {
    char value[32];
    char want[48];
} escape_case;

ParameterizedTestParameters(logfmt, value_escaping)
{
    static escape_case cases[] = {
        {"plain", "plain"},
        {"", "\"\""},
        {"two words", "\"two words\""},
        {"a=b", "\"a=b\""},
        {"say \"hi\"", "\"say \\\"hi\\\"\""},
        {"back\\slash", "\"back\\\\slash\""},
        {"line\nbreak", "\"line\\nbreak\""},
        {"cr\rtab\t", "\"cr\\rtab\\t\""},
        {"bell\x07", "\"bell\\u0007\""},
        {"del\x7f", "\"del\\u007f\""},
        {"Z\xc3\xbcrich", "Z\xc3\xbcrich"},
        {"path/to:1", "path/to:1"},
    };
    return cr_make_param_array(escape_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(escape_case *c, logfmt, value_escaping)
{
    telex_buf out = {0};
    cr_assert_eq(telex_logfmt_append_value(&out, c->value), 0);
    cr_assert_eq(telex_buf_append(&out, "", 1), 0);
    cr_expect_str_eq(out.data, c->want, "value %s", c->value);
    telex_buf_free(&out);
}

Test(logfmt, pairs_are_space_separated_and_keys_cleaned)
{
    telex_buf out = {0};
    cr_assert_eq(telex_logfmt_append_pair(&out, "count", "16"), 0);
    cr_assert_eq(telex_logfmt_append_pair(&out, "bad key=\"x\"", "v"), 0);
    cr_assert_eq(telex_logfmt_append_pair(&out, "", "empty key"), 0);
    cr_assert_eq(telex_buf_append(&out, "", 1), 0);
    cr_expect_str_eq(out.data, "count=16 bad_key__x_=v _=\"empty key\"");
    telex_buf_free(&out);
}

Test(logfmt, timestamps_are_utc_with_milliseconds)
{
    telex_buf out = {0};
    cr_assert_eq(telex_logfmt_append_time(&out, 1795847400123LL), 0);
    cr_assert_eq(telex_logfmt_append_time(&out, 5), 0);
    cr_assert_eq(telex_buf_append(&out, "", 1), 0);
    cr_expect_str_eq(out.data, "2026-11-28T06:30:00.123Z1970-01-01T00:00:00.005Z");
    telex_buf_free(&out);
}

Test(logfmt, whole_line)
{
    telex_buf out = {0};
    const char *kv[] = {"count", "16", "topic", "bt 42.wire.raw"};
    cr_assert_eq(
        telex_logfmt_line(&out, 1795847400123LL, "info", "tag", "partitions assigned", kv, 2), 0);
    cr_assert_eq(telex_buf_append(&out, "", 1), 0);
    cr_expect_str_eq(out.data, "ts=2026-11-28T06:30:00.123Z level=info stage=tag "
                               "msg=\"partitions assigned\" count=16 topic=\"bt 42.wire.raw\"\n");
    telex_buf_free(&out);
}

Test(logfmt, a_message_with_a_newline_stays_one_line)
{
    telex_buf out = {0};
    cr_assert_eq(telex_logfmt_line(&out, 0, "error", "tag", "bad\nthing", NULL, 0), 0);
    cr_assert_eq(telex_buf_append(&out, "", 1), 0);
    cr_expect_eq(strchr(out.data, '\n'), out.data + out.len - 2, "one newline, at the end");
    cr_expect_neq(strstr(out.data, "msg=\"bad\\nthing\""), NULL);
    telex_buf_free(&out);
}
