/* i18n: klx's messages in the user's language.
 *
 * English is the source language: every message a person reads is written
 * in English in the code and marked, and GNU gettext (glibc's libintl)
 * looks up its translation in the catalog of the language in force.
 * po/zh_CN.po is the Simplified Chinese catalog; tests/check_po.py fails
 * when a marked message has no translation there, or when a translation's
 * printf directives differ from the English ones.
 *
 * How to mark:
 *   _("text")     a message used where it is written;
 *   N_("text")    a message in a static table, translated where it is
 *                 shown, with _(row->help);
 *   ngettext(one, many, n)  a message with a count.
 * Never mark what is not prose for a person: command names and their
 * words, option names, data formats (a saved table, JSON, the markup of
 * SVG and Markdown), or anything a test or a script parses. An exported
 * document's words (its title, headings, legend) are for people and are
 * marked; its numbers are the same in every language.
 *
 * Numbers stay in the C locale in every language (c_locale.h); only the
 * words change. */
#ifndef KLX_I18N_H
#define KLX_I18N_H

#include <libintl.h>
#include <stdbool.h>

#include "error.h"

#define _(text) gettext(text)
#define N_(text) text   /* bare: it may initialize a char array */

/* Chooses the language of messages and binds klx's catalogs. Call once,
 * after setlocale(LC_ALL, ""), before the first message. lang is NULL to
 * follow the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext
 * does), or "en", "zh_CN" (also "zh") to override it, as --lang does.
 * Chinese needs a UTF-8 locale (klx measures text as UTF-8): following the
 * environment in another codeset, messages stay English; asking for it
 * with lang then fails with a hint. Returns false with err set for an
 * unknown language. */
bool i18n_init(const char *lang, struct error *err);

/* The language of the messages in force: "zh_CN" or "en". It is read from
 * the catalog gettext actually loaded, so it is right however the
 * language was chosen. Lessons and other texts kept in files per
 * language use it to pick their copy. */
const char *i18n_language(void);

/* Where the catalogs are: $KLX_LOCALEDIR when set; else the build tree's
 * po/ when klx runs from its build tree (as the presets come from the
 * source tree), else the installed locale directory. */
const char *i18n_localedir(void);

#endif
