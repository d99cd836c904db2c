/* Unit tests for core/i18n: --lang's languages, the error for an unknown
 * one, the UTF-8 hint, and i18n_language() naming the catalog in force. */
#include "test_util.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/command_joint.h"
#include "core/i18n.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_en, setup),
        cmocka_unit_test_setup(test_zh_cn, setup),
        cmocka_unit_test_setup(test_zh_alias, setup),
        cmocka_unit_test_setup(test_unknown, setup),
        cmocka_unit_test_setup(test_zh_needs_utf8, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
