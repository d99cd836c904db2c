/* c_locale: the C locale, for formatting and parsing that must not follow
 * the process locale.
 *
 * The TUI calls setlocale(LC_ALL, "") for ncursesw; from then on printf
 * and strtod follow LC_NUMERIC (a ',' for the decimal point under de_DE).
 * Code that prints or reads numbers switches to this locale around the
 * call with uselocale(). It depends on nothing else in klx, so that error
 * and num (which reports errors) can both use it. */
#ifndef KLX_C_LOCALE_H
#define KLX_C_LOCALE_H

#include <locale.h>

/* The C locale, created at the first call and kept for the life of the
 * process (the same object every time). The first call is not thread
 * safe: make it before starting threads that use it. */
locale_t c_locale_get(void);

#endif
