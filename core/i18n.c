#include "i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"

#define I18N_DOMAIN "klx"

const char *i18n_localedir(void)
{
    const char *env = getenv("KLX_LOCALEDIR");
    if (env && *env)
        return env;
    if (access(KLX_SOURCE_DATADIR "/seed.csv", R_OK) == 0 &&
        access(KLX_BUILD_LOCALEDIR, R_OK) == 0)
        return KLX_BUILD_LOCALEDIR;
    return KLX_LOCALEDIR;
}

static bool codeset_is_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

/* LANGUAGE is honoured only when LC_MESSAGES is not "C"; the character
 * type's locale is UTF-8 here (checked), so it serves as the messages'
 * locale too, and LANGUAGE then names the catalog. */
static void use_catalog(const char *language)
{
    const char *ctype = setlocale(LC_CTYPE, NULL);
    setlocale(LC_MESSAGES, ctype && strcmp(ctype, "C") != 0 ? ctype
                                                            : "C.UTF-8");
    setenv("LANGUAGE", language, 1);
}

bool i18n_init(const char *lang, struct error *err)
{
    bindtextdomain(I18N_DOMAIN, i18n_localedir());
    textdomain(I18N_DOMAIN);
    if (!lang) {
        /* Another codeset would get the catalog converted (or '?'s)
         * while the layout measures UTF-8. */
        if (!codeset_is_utf8())
            setlocale(LC_MESSAGES, "C");
        return true;
    }
    if (strcmp(lang, "en") == 0 || strcmp(lang, "C") == 0) {
        setlocale(LC_MESSAGES, "C");
        return true;
    }
    if (strcmp(lang, "zh_CN") == 0 || strcmp(lang, "zh") == 0) {
        if (!codeset_is_utf8())
            return error_set(err, _("--lang zh_CN needs a UTF-8 locale "
                                    "(hint: LANG=C.UTF-8 or "
                                    "LANG=zh_CN.UTF-8)"));
        use_catalog("zh_CN");
        return true;
    }
    return error_set(err, _("unknown language '%s' for --lang (use en or "
                            "zh_CN)"), lang);
}

const char *i18n_language(void)
{
    /* The empty msgid's translation is the catalog's header, which names
     * its language; with no catalog it is "" (English). */
    static const char empty[] = "";   /* a variable: not a message */
    const char *header = gettext(empty);
    const char *l = header ? strstr(header, "Language: ") : NULL;
    if (l && strncmp(l + 10, "zh_CN", 5) == 0)
        return "zh_CN";
    return "en";
}
