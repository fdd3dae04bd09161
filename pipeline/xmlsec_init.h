/*
 * xmlsec_init.h - one-time set-up of the crypto libraries that signing and
 * verification use (libxml2's parser and XSD types, xmlsec, OpenSSL's
 * providers); the review server calls it before its threads start.
 *
 * All of this is process-global library state, not hocba's choice:
 * xmlsec keeps its transform and key-data registries in globals, OpenSSL
 * keeps providers in its default library context, and xmlsec's error
 * callback is a single global function pointer.  So: call xmlsec_init_libs()
 * from the main thread before any thread signs or verifies, and
 * xmlsec_init_shutdown() once at the end (cmd_sign and cmd_verify do).
 * sign_*, verify_* and keys_* call xmlsec_init_libs() themselves, which is
 * a no-op once done, so they also work when used on their own.
 */
#ifndef HB_XMLSEC_INIT_H
#define HB_XMLSEC_INIT_H

#include <stddef.h>

#include "err.h"

/* Initializes once (later calls do nothing and return 0).  Also loads
 * OpenSSL's "legacy" provider next to "default", because PKCS#12 files
 * exported by older Windows tools use RC2-40 and 3DES, which OpenSSL 3
 * reads only through it.  0 on success. */
int xmlsec_init_libs(hb_err *e);

/* Undoes xmlsec_init_libs (xmlsec and the providers; libxml2's own globals
 * are left alone because other modules may still parse XML). */
void xmlsec_init_shutdown(void);

/* xmlsec reports errors through a global callback, from the innermost
 * failure outwards.  hocba's callback keeps, per thread, the first error
 * since the last reset and the first one about a certificate or a key, so
 * that a failed verification can say *why* ("certificate has expired")
 * instead of xmlsec's stack of internal messages.  Nothing is printed
 * unless HOCBA_DEBUG_XMLSEC is set in the environment. */
void xmlsec_init_errors_reset(void);

/* The first certificate/key error since the reset (its xmlsec reason code,
 * XMLSEC_ERRORS_R_*), or 0 when there was none; its message in buf. */
int xmlsec_init_errors_cert(char *buf, size_t size);

/* The first error of any kind since the reset, or 0; its message in buf. */
int xmlsec_init_errors_first(char *buf, size_t size);

#endif
