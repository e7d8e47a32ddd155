/*
 * Unit tests of metrics.c: the Prometheus text rendering (cumulative
 * histogram buckets, escaped label values, stage counters), consumer lag
 * from librdkafka statistics JSON, readiness.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "runtime/metrics.h"

static telex_metrics *m;
static telex_buf text;

static void set_up(void)
{
    m = telex_metrics_new("tag");
    cr_assert_not_null(m);
    memset(&text, 0, sizeof(text));
}

static void tear_down(void)
{
    telex_metrics_free(m);
    telex_buf_free(&text);
}

/* Renders into text, NUL-terminated. */
static const char *render(void)
{
    telex_buf_reset(&text);
    cr_assert_eq(telex_metrics_render(m, &text), 0);
    cr_assert_eq(telex_buf_append(&text, "", 1), 0);
    return text.data;
}

static void expect_line(const char *line)
{
    char *found = strstr(render(), line);
    cr_expect_not_null(found, "missing line: %s\nin:\n%s", line, text.data);
    if (found)
        cr_expect(found == text.data || found[-1] == '\n', "not at a line start: %s", line);
}

TestSuite(metrics, .init = set_up, .fini = tear_down);

Test(metrics, topic_counters)
{
    telex_metrics_add(m, TELEX_RECORDS_IN, "wire.normalized", 3);
    telex_metrics_add(m, TELEX_RECORDS_IN, "wire.normalized", 2);
    telex_metrics_add(m, TELEX_RECORDS_OUT, "wire.enriched", 4);
    telex_metrics_add(m, TELEX_RECORDS_DEAD_LETTERED, "wire.normalized", 1);
    expect_line("# TYPE telex_records_in_total counter\n");
    expect_line("telex_records_in_total{topic=\"wire.normalized\"} 5\n");
    expect_line("telex_records_out_total{topic=\"wire.enriched\"} 4\n");
    expect_line("telex_records_dead_lettered_total{topic=\"wire.normalized\"} 1\n");
}

Test(metrics, histogram_buckets_are_cumulative)
{
    double seen[] = {0.00005, 0.0003, 0.0003, 0.002, 10.0};
    for (size_t i = 0; i < 5; i++)
        telex_metrics_observe(m, seen[i]);
    expect_line("# TYPE telex_processing_seconds histogram\n");
    expect_line("telex_processing_seconds_bucket{le=\"0.0001\"} 1\n");
    expect_line("telex_processing_seconds_bucket{le=\"0.0005\"} 3\n");
    expect_line("telex_processing_seconds_bucket{le=\"0.001\"} 3\n");
    expect_line("telex_processing_seconds_bucket{le=\"0.005\"} 4\n");
    expect_line("telex_processing_seconds_bucket{le=\"5\"} 4\n");
    expect_line("telex_processing_seconds_bucket{le=\"+Inf\"} 5\n");
    expect_line("telex_processing_seconds_count 5\n");
    expect_line("telex_processing_seconds_sum 10.00265\n");
}

Test(metrics, every_bucket_is_rendered_in_order)
{
    const char *out = render();
    const char *previous = out;
    char want[64];
    for (size_t i = 0; i < telex_metrics_n_buckets; i++) {
        snprintf(want, sizeof(want), "le=\"%g\"", telex_metrics_buckets[i]);
        const char *at = strstr(out, want);
        cr_assert_not_null(at, "bucket %s missing", want);
        cr_expect_gt(at, previous, "bucket %s out of order", want);
        previous = at;
    }
}

Test(metrics, label_values_are_escaped)
{
    telex_metrics_add(m, TELEX_RECORDS_IN, "we\"ird\\topic\nname", 1);
    expect_line("telex_records_in_total{topic=\"we\\\"ird\\\\topic\\nname\"} 1\n");
}

Test(metrics, stage_counters_get_clean_names)
{
    telex_metrics_count(m, "entities", 2);
    telex_metrics_count(m, "entities", 5);
    telex_metrics_count(m, "bad-name.x y", 1);
    expect_line("# TYPE telex_tag_entities_total counter\n");
    expect_line("telex_tag_entities_total 7\n");
    expect_line("telex_tag_bad_name_x_y_total 1\n");
}

Test(metrics, consumer_lag_from_librdkafka_statistics)
{
    const char *stats = "{\"name\":\"rdkafka#consumer-1\",\"topics\":{"
                        "\"wire.raw\":{\"partitions\":{"
                        "\"0\":{\"partition\":0,\"consumer_lag\":12},"
                        "\"1\":{\"partition\":1,\"consumer_lag\":-1},"
                        "\"-1\":{\"partition\":-1,\"consumer_lag\":-1}}},"
                        "\"wire.dlq\":{\"partitions\":{\"7\":{\"consumer_lag\":0}}}}}";
    cr_assert_eq(telex_metrics_set_lag_from_stats(m, stats, strlen(stats)), 0);
    expect_line("telex_consumer_lag{topic=\"wire.raw\",partition=\"0\"} 12\n");
    expect_line("telex_consumer_lag{topic=\"wire.dlq\",partition=\"7\"} 0\n");
    cr_expect_null(strstr(render(), "partition=\"1\""), "unknown lag (-1) is left out");
    cr_expect_null(strstr(render(), "partition=\"-1\""), "the internal partition is left out");

    const char *later = "{\"topics\":{\"wire.raw\":{\"partitions\":{\"0\":{\"consumer_lag\":3}}}}}";
    cr_assert_eq(telex_metrics_set_lag_from_stats(m, later, strlen(later)), 0);
    expect_line("telex_consumer_lag{topic=\"wire.raw\",partition=\"0\"} 3\n");
    cr_expect_null(strstr(render(), "wire.dlq"), "gauges are replaced, not merged");
}

Test(metrics, bad_statistics_json_is_an_error)
{
    cr_expect_eq(telex_metrics_set_lag_from_stats(m, "{not json", 9), -1);
}

Test(metrics, readiness)
{
    cr_expect_eq(telex_metrics_ready(m), 0);
    telex_metrics_set_ready(m, 1);
    cr_expect_eq(telex_metrics_ready(m), 1);
}

Test(metrics, aborted_records_have_their_own_counter)
{
    telex_metrics_add(m, TELEX_RECORDS_OUT, "wire.enriched", 10);
    telex_metrics_add(m, TELEX_RECORDS_ABORTED, "wire.enriched", 3);
    expect_line("# TYPE telex_records_aborted_total counter\n");
    expect_line("telex_records_aborted_total{topic=\"wire.enriched\"} 3\n");
    expect_line("telex_records_out_total{topic=\"wire.enriched\"} 10\n");
}

Test(metrics, labelled_counters_share_one_type_line)
{
    telex_metrics_count_labelled(m, "inputs_failed", "format", "nitf", 2);
    telex_metrics_count(m, "entities", 1);
    telex_metrics_count_labelled(m, "inputs_failed", "format", "rss", 1);
    telex_metrics_count_labelled(m, "inputs_failed", "format", "nitf", 3);
    telex_metrics_count_labelled(m, "inputs_failed", "bad label!", "we\"ird", 1);
    expect_line("# TYPE telex_tag_inputs_failed_total counter\n"
                "telex_tag_inputs_failed_total{format=\"nitf\"} 5\n"
                "telex_tag_inputs_failed_total{format=\"rss\"} 1\n"
                "telex_tag_inputs_failed_total{bad_label_=\"we\\\"ird\"} 1\n");
    expect_line("telex_tag_entities_total 1\n");
    const char *first = strstr(render(), "# TYPE telex_tag_inputs_failed_total");
    cr_expect_null(strstr(first + 1, "# TYPE telex_tag_inputs_failed_total"), "one TYPE line");
}

Test(metrics, labelled_counter_without_label_is_the_plain_one)
{
    telex_metrics_count(m, "files", 2);
    telex_metrics_count_labelled(m, "files", NULL, "x", 3);
    expect_line("telex_tag_files_total 5\n");
}
