/* xmlsec_init.c - one-time set-up of libxml2, xmlsec and OpenSSL (see .h). */
#include "xmlsec_init.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemastypes.h>
#include <openssl/provider.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/xmlsec.h>

/* Process-global because the libraries are (see the header). */
static int initialized;
static OSSL_PROVIDER *prov_legacy;
static OSSL_PROVIDER *prov_default;

/* Per-thread error capture for xmlsec's global error callback, which has
 * no user pointer to carry a context. */
struct captured {
    int first_reason;
    char first[512];
    int cert_reason;
    char cert[512];
};
static _Thread_local struct captured cap;

static int reason_is_cert(int reason)
{
    return (reason >= XMLSEC_ERRORS_R_CERT_VERIFY_FAILED &&
            reason <= XMLSEC_ERRORS_R_CERT_HAS_EXPIRED) ||
           reason == XMLSEC_ERRORS_R_KEY_NOT_FOUND;
}

static void on_xmlsec_error(const char *file, int line, const char *func,
                            const char *object, const char *subject,
                            int reason, const char *msg)
{
    if (getenv("HOCBA_DEBUG_XMLSEC"))
        xmlSecErrorsDefaultCallback(file, line, func, object, subject,
                                    reason, msg);
    if (cap.first_reason == 0) {
        cap.first_reason = reason ? reason : XMLSEC_ERRORS_R_XMLSEC_FAILED;
        snprintf(cap.first, sizeof cap.first, "%s: %s", func ? func : "?",
                 msg ? msg : "");
    }
    if (cap.cert_reason == 0 && reason_is_cert(reason)) {
        cap.cert_reason = reason;
        snprintf(cap.cert, sizeof cap.cert, "%s", msg ? msg : "");
    }
}

void xmlsec_init_errors_reset(void)
{
    memset(&cap, 0, sizeof cap);
}

int xmlsec_init_errors_cert(char *buf, size_t size)
{
    if (buf && size)
        snprintf(buf, size, "%s", cap.cert);
    return cap.cert_reason;
}

int xmlsec_init_errors_first(char *buf, size_t size)
{
    if (buf && size)
        snprintf(buf, size, "%s", cap.first);
    return cap.first_reason;
}

/* How far initialization got: each step is undone by shutdown in reverse. */
enum { STEP_NONE, STEP_XMLSEC, STEP_CRYPTO_APP, STEP_DONE };

int xmlsec_init_libs(hb_err *e)
{
    const char *why;

    if (initialized == STEP_DONE)
        return 0;
    xmlInitParser();
    /* libxml2 2.9 builds its table of XSD built-in types on the first
     * schema parsed, without a lock.  Two review-server threads that
     * validated their first record at once both built it, and one copy
     * leaked (LeakSanitizer, seen once in test_load's 20 reviewers); built
     * here, in the main thread, before any thread starts. */
    xmlSchemaInitTypes();
    LIBXML_TEST_VERSION;

    /* Loading any provider explicitly turns off the implicit loading of
     * "default", so both are loaded.  A missing legacy module is not fatal:
     * only old RC2/3DES PKCS#12 files need it, and loading one then fails
     * with a message that says so (keys.c). */
    prov_legacy = OSSL_PROVIDER_load(NULL, "legacy");
    prov_default = OSSL_PROVIDER_load(NULL, "default");
    why = "OpenSSL: the default provider does not load";
    if (!prov_default)
        goto fail;

    why = "xmlsec: initialization failed";
    if (xmlSecInit() < 0)
        goto fail;
    initialized = STEP_XMLSEC;
    why = "xmlsec: the library is not compatible with the version hocba "
          "was built with (" XMLSEC_VERSION ")";
    if (xmlSecCheckVersion() != 1)
        goto fail;
    /* Debian builds xmlsec with crypto dynamic loading off: OpenSSL is
     * linked in, xmlSecCryptoDLLoadLibrary is not needed. */
    why = "xmlsec: OpenSSL initialization failed";
    if (xmlSecCryptoAppInit(NULL) < 0)
        goto fail;
    initialized = STEP_CRYPTO_APP;
    why = "xmlsec: crypto initialization failed";
    if (xmlSecCryptoInit() < 0)
        goto fail;
    /* set last: the crypto initialization installs its own defaults */
    xmlSecErrorsSetCallback(on_xmlsec_error);
    initialized = STEP_DONE;
    return 0;

fail:
    xmlsec_init_shutdown();
    return err_set(e, HB_ECRYPTO, "%s", why);
}

void xmlsec_init_shutdown(void)
{
    if (initialized >= STEP_DONE)
        xmlSecCryptoShutdown();
    if (initialized >= STEP_CRYPTO_APP)
        xmlSecCryptoAppShutdown();
    if (initialized >= STEP_XMLSEC) {
        xmlSecErrorsSetCallback(xmlSecErrorsDefaultCallback);
        xmlSecShutdown();
    }
    initialized = STEP_NONE;
    if (prov_legacy)
        OSSL_PROVIDER_unload(prov_legacy);
    if (prov_default)
        OSSL_PROVIDER_unload(prov_default);
    prov_legacy = prov_default = NULL;
}
