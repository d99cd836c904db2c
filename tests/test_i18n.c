/* Unit tests for core/i18n: --lang's languages, the error for an unknown
 * one, the UTF-8 hint, and i18n_language() naming the catalog in force. */
#include "test_util.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/command_joint.h"
#include "core/i18n.h"
#include "core/preset.h"

/* Each test starts from an English UTF-8 environment, as klx's main does
 * after setlocale(LC_ALL, ""), with the build tree's catalogs. */
static int setup(void **state)
{
    (void)state;
    unsetenv("LANGUAGE");
    setlocale(LC_ALL, "C.UTF-8");
    bindtextdomain("klx", KLX_BUILD_LOCALEDIR);
    return 0;
}

static void test_en(void **state)
{
    (void)state;
    struct error err = {{0}};
    assert_true(i18n_init("en", &err));
    assert_string_equal(i18n_language(), "en");
    assert_string_equal(_("entry"), "entry");
}

static void test_zh_cn(void **state)
{
    (void)state;
    struct error err = {{0}};
    assert_true(i18n_init("zh_CN", &err));
    bindtextdomain("klx", KLX_BUILD_LOCALEDIR);
    assert_string_equal(i18n_language(), "zh_CN");
    assert_string_equal(_("entry"), "\u6761\u76ee");   /* 条目 */
    /* The joint command's texts, kept in arrays for the command table,
     * are in the catalog too (the table shows them with _()). */
    assert_non_null(strstr(_(command_joint_summary), "\u4e92\u4fe1\u606f"));
    assert_non_null(strstr(_(command_joint_help), "\u4e92\u4fe1\u606f"));
    /* Back to English: the same process can switch again. */
    assert_true(i18n_init("en", &err));
    assert_string_equal(i18n_language(), "en");
    assert_string_equal(_("entry"), "entry");
}

static void test_zh_alias(void **state)
{
    (void)state;
    struct error err = {{0}};
    assert_true(i18n_init("zh", &err));
    bindtextdomain("klx", KLX_BUILD_LOCALEDIR);
    assert_string_equal(i18n_language(), "zh_CN");
}

static void test_unknown(void **state)
{
    (void)state;
    struct error err = {{0}};
    assert_false(i18n_init("xx", &err));
    assert_non_null(strstr(err.msg, "'xx'"));
    assert_non_null(strstr(err.msg, "en or zh_CN"));
    assert_string_equal(i18n_language(), "en");
}

static void test_zh_needs_utf8(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C");
    struct error err = {{0}};
    assert_false(i18n_init("zh_CN", &err));
    assert_non_null(strstr(err.msg, "UTF-8"));
    assert_string_equal(i18n_language(), "en");
}

/* Whether text has a CJK ideograph (U+4E00..U+9FFF: lead bytes E4..E9). */
static bool has_han(const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        if (*c >= 0xE4 && *c <= 0xE9)
            return true;
    return false;
}

static char *description_of(const char *text)
{
    char path[] = "/tmp/klx-i18n-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    char *d = preset_first_comment(path);
    unlink(path);
    return d;
}

/* A preset's description: the first comment, or in Chinese the
 * `# [zh_CN] ...` line among the comments right after it. */
static void test_preset_description(void **state)
{
    (void)state;
    struct error err = {{0}};
    const char *both = "# A pair\n# source: somewhere\n"
                       "# [zh_CN]  \xe4\xb8\x80\xe5\xaf\xb9\n"
                       "label,p,q\n";
    char *d = description_of(both);
    assert_string_equal(d, "A pair");
    free(d);
    assert_true(i18n_init("zh_CN", &err));
    bindtextdomain("klx", KLX_BUILD_LOCALEDIR);
    d = description_of(both);
    assert_string_equal(d, "\xe4\xb8\x80\xe5\xaf\xb9");   /* 一对 */
    free(d);
    d = description_of("# Only English\nlabel,p,q\n# [zh_CN] not a "
                       "comment of the header\n");
    assert_string_equal(d, "Only English");
    free(d);
    d = description_of("# English\n# [zh_CNx] other\n# [zh] other\n");
    assert_string_equal(d, "English");
    free(d);
    /* Every shipped preset has its Chinese description. */
    struct preset_list l;
    assert_true(preset_list_load(&l, &err));
    assert_true(l.n >= 11);
    for (size_t i = 0; i < l.n; i++)
        if (!has_han(l.v[i].description))
            fail_msg("preset %s: no Chinese description: %s",
                     l.v[i].name, l.v[i].description);
    preset_list_free(&l);
    assert_true(i18n_init("en", &err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_en, setup),
        cmocka_unit_test_setup(test_zh_cn, setup),
        cmocka_unit_test_setup(test_zh_alias, setup),
        cmocka_unit_test_setup(test_unknown, setup),
        cmocka_unit_test_setup(test_zh_needs_utf8, setup),
        cmocka_unit_test_setup(test_preset_description, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
