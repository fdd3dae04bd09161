/* verify.c - verification of every signature of a record (see verify.h). */
#include "verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <xmlsec/app.h>
#include <xmlsec/base64.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/openssl/x509.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmltree.h>

#include "keys.h"
#include "record_xml.h"
#include "xmlsec_init.h"

/* A signing time this far ahead of the clock is refused (clock skew
 * between the signer's computer and the verifier's is tolerated). */
#define FUTURE_SLACK_SECONDS (24 * 3600)

/* The roots, twice: in an xmlsec keys manager (made once, reused by every
 * signature) and in a plain OpenSSL store for hocba's own chain check.
 * The second exists because xmlsec's X509 store always starts from
 * OpenSSL's default paths: on Debian that is every root of the
 * ca-certificates bundle, web CAs included, which must not vouch for a
 * học bạ.  So xmlsec's verdict on the chain is necessary but not
 * sufficient; hocba's check against the --trust roots alone decides. */
struct hb_trust {
    STACK_OF(X509) *certs;
    X509_STORE *store;
    xmlSecKeysMngrPtr mngr;
};

/* ------------------------------------------------------------------ */
/* trust store */

static xmlSecKeysMngrPtr mngr_new(const hb_trust *t);

static int trust_add_file(hb_trust *t, const char *path, hb_err *e)
{
    BIO *b = BIO_new_file(path, "rb");
    X509 *c;
    int n = 0;

    if (!b)
        return err_set(e, HB_EIO, "%s: cannot open", path);
    while ((c = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
        if (!sk_X509_push(t->certs, c)) {
            X509_free(c);
            BIO_free(b);
            return err_set(e, HB_ENOMEM, "%s: out of memory", path);
        }
        n++;
    }
    if (n == 0 && BIO_reset(b) == 0 &&
        (c = d2i_X509_bio(b, NULL)) != NULL) { /* one DER certificate */
        if (!sk_X509_push(t->certs, c)) {
            X509_free(c);
            BIO_free(b);
            return err_set(e, HB_ENOMEM, "%s: out of memory", path);
        }
        n++;
    }
    BIO_free(b);
    ERR_clear_error();
    if (n == 0)
        return err_set(e, HB_EFORMAT, "%s: holds no certificate (PEM or DER)",
                       path);
    return 0;
}

hb_trust *verify_trust_load(const char *const *files, size_t n, hb_err *e)
{
    hb_trust *t = calloc(1, sizeof *t);

    if (!t || !(t->certs = sk_X509_new_null())) {
        free(t);
        err_set(e, HB_ENOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (trust_add_file(t, files[i], e) != 0) {
            verify_trust_free(t);
            return NULL;
        }
    }
    if (xmlsec_init_libs(e) != 0) {
        verify_trust_free(t);
        return NULL;
    }
    t->store = X509_STORE_new();
    for (int i = 0; t->store && i < sk_X509_num(t->certs); i++)
        if (X509_STORE_add_cert(t->store, sk_X509_value(t->certs, i)) != 1) {
            X509_STORE_free(t->store);
            t->store = NULL;
        }
    t->mngr = t->store ? mngr_new(t) : NULL;
    ERR_clear_error();
    if (!t->mngr) {
        verify_trust_free(t);
        err_set(e, HB_ECRYPTO, "cannot set up the trust store");
        return NULL;
    }
    return t;
}

size_t verify_trust_count(const hb_trust *t)
{
    return t ? (size_t)sk_X509_num(t->certs) : 0;
}

void verify_trust_free(hb_trust *t)
{
    if (!t)
        return;
    if (t->mngr)
        xmlSecKeysMngrDestroy(t->mngr);
    X509_STORE_free(t->store);
    sk_X509_pop_free(t->certs, X509_free);
    free(t);
}

static xmlSecKeysMngrPtr mngr_new(const hb_trust *t)
{
    xmlSecKeysMngrPtr m = xmlSecKeysMngrCreate();
    xmlSecKeyDataStorePtr store;

    if (!m)
        return NULL;
    if (xmlSecCryptoAppDefaultKeysMngrInit(m) < 0)
        goto fail;
    store = xmlSecKeysMngrGetDataStore(m, xmlSecOpenSSLX509StoreId);
    if (!store)
        goto fail;
    for (size_t i = 0; i < verify_trust_count(t); i++) {
        X509 *c = sk_X509_value(t->certs, (int)i);
        if (X509_up_ref(c) != 1)
            goto fail;
        if (xmlSecOpenSSLX509StoreAdoptCert(store, c,
                                            xmlSecKeyDataTypeTrusted) < 0) {
            X509_free(c);
            goto fail;
        }
    }
    return m;
fail:
    xmlSecKeysMngrDestroy(m);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* reading a signature's parts */

static int is_ds(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrEqual(n->ns->href, BAD_CAST HB_DSIG_NS) &&
           xmlStrEqual(n->name, BAD_CAST name);
}

static xmlNodePtr ds_child(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (is_ds(c, name))
            return c;
    return NULL;
}

/* The certificates of KeyInfo/X509Data (for messages: the verification
 * itself lets xmlsec read them). */
static STACK_OF(X509) *keyinfo_certs(xmlNodePtr sig)
{
    STACK_OF(X509) *out = sk_X509_new_null();
    xmlNodePtr info = ds_child(sig, "KeyInfo");

    for (xmlNodePtr d = info ? info->children : NULL; out && d; d = d->next) {
        if (!is_ds(d, "X509Data"))
            continue;
        for (xmlNodePtr c = d->children; c; c = c->next) {
            if (!is_ds(c, "X509Certificate"))
                continue;
            xmlChar *b64 = xmlNodeGetContent(c);
            xmlSecSize len = 0;
            if (b64 && xmlSecBase64DecodeInPlace(b64, &len) == 0) {
                const unsigned char *p = b64;
                X509 *x = d2i_X509(NULL, &p, (long)len);
                if (x && !sk_X509_push(out, x))
                    X509_free(x);
            }
            xmlFree(b64);
        }
    }
    ERR_clear_error();
    return out;
}

/* The leaf among `certs`: the one that issued none of the others. */
static X509 *leaf_of(STACK_OF(X509) *certs)
{
    for (int i = 0; i < sk_X509_num(certs); i++) {
        X509 *c = sk_X509_value(certs, i);
        int issuer = 0;
        for (int j = 0; j < sk_X509_num(certs) && !issuer; j++)
            issuer = j != i && X509_check_issued(c, sk_X509_value(certs, j)) ==
                                   X509_V_OK;
        if (!issuer)
            return c;
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* one signature */

struct sig_refs {
    char data_uri[160];   /* what the role must sign */
    xmlNodePtr props;     /* the SignatureProperties referenced, or NULL */
    char props_uri[200];
    int count;
};

static int fail(hb_sig_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int fail(hb_sig_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->reason, sizeof r->reason, fmt, ap);
    va_end(ap);
    r->ok = 0;
    return -1;
}

/* Checks the References of SignedInfo against what the role signs and
 * finds the signed SignatureProperties. */
static int check_references(xmlDocPtr doc, xmlNodePtr sig, hb_role role,
                            const char *subject, struct sig_refs *refs,
                            hb_sig_result *r)
{
    xmlNodePtr info = ds_child(sig, "SignedInfo");
    char id[140];
    int have_data = 0;

    memset(refs, 0, sizeof *refs);
    snprintf(refs->data_uri, sizeof refs->data_uri, "#%s",
             sign_target_id(role, subject, id, sizeof id));
    if (!info)
        return fail(r, "no SignedInfo");
    for (xmlNodePtr ref = info->children; ref; ref = ref->next) {
        if (!is_ds(ref, "Reference"))
            continue;
        refs->count++;
        xmlChar *uri = xmlGetNoNsProp(ref, BAD_CAST "URI");
        const char *u = uri ? (const char *)uri : "";
        xmlAttrPtr target = u[0] == '#' ? xmlGetID(doc, BAD_CAST u + 1) : NULL;
        int ok = 1;
        if (!strcmp(u, refs->data_uri) && !have_data) {
            have_data = 1;
        } else if (target && is_ds(target->parent, "SignatureProperties") &&
                   is_ds(target->parent->parent, "Object") &&
                   target->parent->parent->parent == sig && !refs->props) {
            refs->props = target->parent;
            snprintf(refs->props_uri, sizeof refs->props_uri, "%s", u);
        } else {
            ok = 0;
            if (!u[0])
                fail(r, "signs the whole document (URI=\"\"); a %s "
                     "signature signs %s", sign_role_name(role),
                     refs->data_uri);
            else
                fail(r, "signs %s; a %s signature signs %s (and its own "
                     "SignatureProperties) only", u, sign_role_name(role),
                     refs->data_uri);
        }
        xmlFree(uri);
        if (!ok)
            return -1;
    }
    if (!have_data)
        return fail(r, "does not sign %s, which a %s signature must sign",
                    refs->data_uri, sign_role_name(role));
    return 0;
}

/* The signed SigningTime, when the signature has one. */
static int signing_time(xmlNodePtr props, hb_sig_result *r, time_t *when)
{
    for (xmlNodePtr p = props ? props->children : NULL; p; p = p->next) {
        if (!is_ds(p, "SignatureProperty"))
            continue;
        for (xmlNodePtr t = p->children; t; t = t->next) {
            if (t->type != XML_ELEMENT_NODE ||
                !xmlStrEqual(t->name, BAD_CAST "SigningTime"))
                continue;
            xmlChar *s = xmlNodeGetContent(t);
            snprintf(r->time, sizeof r->time, "%s", s ? (char *)s : "");
            int bad = sign_parse_time(s ? (char *)s : "", when) != 0;
            xmlFree(s);
            if (bad)
                return fail(r, "SigningTime \"%s\" is not an ISO 8601 "
                            "time with a zone", r->time);
            return 1;
        }
    }
    return 0;
}

static xmlSecDSigCtxPtr dsig_ctx_new(xmlSecKeysMngrPtr mngr, time_t when,
                                     int dont_verify_certs)
{
    xmlSecDSigCtxPtr c = xmlSecDSigCtxCreate(mngr);

    if (!c)
        return NULL;
    c->flags |= XMLSEC_DSIG_FLAGS_STORE_SIGNEDINFO_REFERENCES;
    /* "#id" references only: no URI="" (whole document), no files, no
     * network */
    c->enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
    /* the key from the certificate only, never from a bare KeyValue */
    if (xmlSecPtrListAdd(&c->keyInfoReadCtx.enabledKeyData,
                         BAD_CAST xmlSecKeyDataX509Id) < 0)
        goto fail;
    c->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_STOP_ON_INVALID_CERT;
    if (dont_verify_certs)
        c->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;
    c->keyInfoReadCtx.certsVerificationTime = when;
    if (xmlSecDSigCtxEnableSignatureTransform(c, xmlSecTransformExclC14NId) < 0 ||
        xmlSecDSigCtxEnableSignatureTransform(c, xmlSecTransformInclC14NId) < 0 ||
        xmlSecDSigCtxEnableSignatureTransform(c, xmlSecTransformRsaSha256Id) < 0 ||
        xmlSecDSigCtxEnableSignatureTransform(c, xmlSecTransformRsaSha1Id) < 0 ||
        xmlSecDSigCtxEnableSignatureTransform(c, xmlSecTransformEcdsaSha256Id) < 0 ||
        xmlSecDSigCtxEnableReferenceTransform(c, xmlSecTransformExclC14NId) < 0 ||
        xmlSecDSigCtxEnableReferenceTransform(c, xmlSecTransformInclC14NId) < 0 ||
        xmlSecDSigCtxEnableReferenceTransform(c, xmlSecTransformEnvelopedId) < 0 ||
        xmlSecDSigCtxEnableReferenceTransform(c, xmlSecTransformSha256Id) < 0 ||
        xmlSecDSigCtxEnableReferenceTransform(c, xmlSecTransformSha1Id) < 0)
        goto fail;
    return c;
fail:
    xmlSecDSigCtxDestroy(c);
    return NULL;
}

/* The topmost certificate reachable from `leaf` through `certs`. */
static X509 *chain_top(X509 *leaf, STACK_OF(X509) *certs)
{
    X509 *cur = leaf;

    for (int depth = 0; cur && depth < 10; depth++) {
        X509 *up = NULL;
        if (X509_check_issued(cur, cur) == X509_V_OK)
            break;
        for (int i = 0; i < sk_X509_num(certs) && !up; i++) {
            X509 *c = sk_X509_value(certs, i);
            if (c != cur && X509_check_issued(c, cur) == X509_V_OK)
                up = c;
        }
        if (!up)
            break;
        cur = up;
    }
    return cur;
}

/* Why a verification that returned an error failed, in words. */
static void explain_error(X509 *leaf, STACK_OF(X509) *certs, time_t when,
                          int have_time, const hb_trust *trust,
                          hb_sig_result *r)
{
    char msg[512], why[256], top[256];
    int reason = xmlsec_init_errors_cert(msg, sizeof msg);

    if (reason == XMLSEC_ERRORS_R_CERT_HAS_EXPIRED ||
        reason == XMLSEC_ERRORS_R_CERT_NOT_YET_VALID ||
        (leaf && keys_cert_check_time(leaf, when, NULL, 0) != 0)) {
        if (leaf && keys_cert_check_time(leaf, when, why, sizeof why) != 0)
            fail(r, "%s%s", why, have_time ? " (the signing time)" : "");
        else
            fail(r, "a certificate of the chain was not valid at %s",
                 have_time ? "the signing time" : "this time");
    } else if (reason) {
        X509 *t = leaf ? chain_top(leaf, certs) : NULL;
        if (t)
            keys_cert_cn(t, top, sizeof top);
        if (verify_trust_count(trust) == 0)
            fail(r, "untrusted: no trusted CA given (--trust CA.pem or "
                 "HOCBA_TRUST)");
        else if (t)
            fail(r, "untrusted: the certificate's chain ends at \"%s\", "
                 "which is not a trusted CA", top);
        else
            fail(r, "untrusted: the certificate does not chain to a "
                 "trusted CA (%s)", strstr(msg, "msg=") ? strstr(msg, "msg=") + 4
                                                         : msg);
    } else {
        xmlsec_init_errors_first(msg, sizeof msg);
        fail(r, "cannot be verified: %s", msg[0] ? msg : "unknown error");
    }
}

/* Whether the signed data is intact when the certificate is set aside:
 * a clerk then knows the problem is trust, not tampering. */
static int data_intact(xmlNodePtr sig, const hb_trust *trust, time_t when)
{
    xmlSecDSigCtxPtr c = dsig_ctx_new(trust->mngr, when, 1);
    int ok = c && xmlSecDSigCtxVerify(c, sig) == 0 &&
             c->status == xmlSecDSigStatusSucceeded;

    if (c)
        xmlSecDSigCtxDestroy(c);
    return ok;
}

/* hocba's own decision on the chain (see struct hb_trust): the signer's
 * certificate, helped by the certificates of X509Data, must reach one of
 * the --trust roots, every certificate valid at `when`. */
static int chain_trusted(X509 *signer, STACK_OF(X509) *untrusted,
                         const hb_trust *trust, time_t when,
                         hb_sig_result *r)
{
    X509_STORE_CTX *c = X509_STORE_CTX_new();
    char top[256], why[256];
    int ok, err;

    if (!c || X509_STORE_CTX_init(c, trust->store, signer, untrusted) != 1) {
        X509_STORE_CTX_free(c);
        return fail(r, "cannot check the certificate chain");
    }
    X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(c), when);
    ok = X509_verify_cert(c) == 1;
    err = X509_STORE_CTX_get_error(c);
    X509_STORE_CTX_free(c);
    ERR_clear_error();
    if (ok)
        return 0;
    if (err == X509_V_ERR_CERT_HAS_EXPIRED ||
        err == X509_V_ERR_CERT_NOT_YET_VALID) {
        if (keys_cert_check_time(signer, when, why, sizeof why) != 0)
            return fail(r, "%s (the signing time)", why);
        return fail(r, "a CA certificate of the chain was not valid at the "
                    "signing time");
    }
    if (verify_trust_count(trust) == 0)
        return fail(r, "untrusted: no trusted CA given (--trust CA.pem or "
                    "HOCBA_TRUST)");
    if (err == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
        err == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
        err == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
        err == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT) {
        keys_cert_cn(chain_top(signer, untrusted), top, sizeof top);
        return fail(r, "untrusted: the certificate's chain ends at \"%s\", "
                    "which is not a trusted CA", top);
    }
    return fail(r, "untrusted: %s", X509_verify_cert_error_string(err));
}

static void verify_signature(xmlDocPtr doc, xmlNodePtr sig,
                             const hb_trust *trust, hb_sig_result *r)
{
    xmlNodePtr slot = sig->parent, target;
    xmlChar *ma = NULL;
    hb_role role;
    struct sig_refs refs;
    STACK_OF(X509) *shown = keyinfo_certs(sig);
    X509 *leaf = leaf_of(shown), *signer;
    xmlSecDSigCtxPtr ctx = NULL;
    time_t when = time(NULL);
    int have_time, rc;
    char id[140];
    hb_err ignored;

    memset(r, 0, sizeof *r);
    snprintf(r->signer, sizeof r->signer, "?");
    snprintf(r->time, sizeof r->time, "?");
    if (leaf)
        keys_cert_cn(leaf, r->signer, sizeof r->signer);

    /* where it is: a role's slot, at the slot's place in the record */
    if (!slot || slot->type != XML_ELEMENT_NODE || !slot->ns ||
        !xmlStrEqual(slot->ns->href, BAD_CAST HB_XML_NS) ||
        sign_role_parse((const char *)slot->name, &role) != 0) {
        snprintf(r->role, sizeof r->role, "%s",
                 slot && slot->type == XML_ELEMENT_NODE
                     ? (const char *)slot->name : "?");
        fail(r, "not in a signature slot");
        goto out;
    }
    if (role == HB_ROLE_GVBM) {
        ma = xmlGetNoNsProp(slot, BAD_CAST "ma");
        snprintf(r->role, sizeof r->role, "GVBM[%s]", ma ? (char *)ma : "?");
    } else {
        snprintf(r->role, sizeof r->role, "%s", sign_role_name(role));
    }
    if (sign_find_slot(doc, role, (const char *)ma, 0, &ignored) != slot) {
        fail(r, "the %s element holding it is not the record's %s slot",
             (const char *)slot->name, (const char *)slot->name);
        goto out;
    }

    /* what it signs: exactly the role's element, at its place */
    if (check_references(doc, sig, role, (const char *)ma, &refs, r) != 0)
        goto out;
    sign_target_id(role, (const char *)ma, id, sizeof id);
    target = sign_target_element(doc, role, (const char *)ma);
    {
        xmlAttrPtr a = xmlGetID(doc, BAD_CAST id);
        if (!target || !a || a->parent != target) {
            fail(r, "Id \"%s\" does not name the record's own %s element "
                 "(moved or duplicated data: signature wrapping?)", id,
                 role == HB_ROLE_GVCN ? "THONG_TIN_HOC_BA"
                 : role == HB_ROLE_GVBM ? "DIEM_TONG_KET" : "DU_LIEU_HOC_BA");
            goto out;
        }
    }
    have_time = signing_time(refs.props, r, &when);
    if (have_time < 0)
        goto out;
    if (!have_time)
        snprintf(r->time, sizeof r->time, "(none signed)");

    ctx = dsig_ctx_new(trust->mngr, when, 0);
    if (!ctx) {
        fail(r, "cannot set up verification (out of memory?)");
        goto out;
    }
    xmlsec_init_errors_reset();
    rc = xmlSecDSigCtxVerify(ctx, sig);
    if (rc < 0) {
        explain_error(leaf, shown, when, have_time, trust, r);
        if (xmlsec_init_errors_cert(NULL, 0)) {
            size_t l = strlen(r->reason);
            snprintf(r->reason + l, sizeof r->reason - l, "%s",
                     data_intact(sig, trust, when)
                         ? "; the signed data itself is intact"
                         : "; and the signed data does not match");
        }
        goto out;
    }
    if (ctx->status != xmlSecDSigStatusSucceeded) {
        xmlSecSize n = xmlSecPtrListGetSize(&ctx->signedInfoReferences);
        for (xmlSecSize i = 0; i < n; i++) {
            xmlSecDSigReferenceCtxPtr rc2 =
                xmlSecPtrListGetItem(&ctx->signedInfoReferences, i);
            if (rc2 && rc2->status != xmlSecDSigStatusSucceeded) {
                fail(r, "the data of %s was changed after signing (digest "
                     "mismatch)", rc2->uri ? (char *)rc2->uri : "?");
                goto out;
            }
        }
        fail(r, "the signature value does not match (SignedInfo was changed, "
             "or the certificate is not the signer's)");
        goto out;
    }

    /* xmlsec processed exactly the references checked above */
    {
        xmlSecSize n = xmlSecPtrListGetSize(&ctx->signedInfoReferences);
        int seen_data = 0;
        if ((int)n != refs.count) {
            fail(r, "xmlsec checked %u references, the signature has %d",
                 (unsigned)n, refs.count);
            goto out;
        }
        for (xmlSecSize i = 0; i < n; i++) {
            xmlSecDSigReferenceCtxPtr rr =
                xmlSecPtrListGetItem(&ctx->signedInfoReferences, i);
            const char *u = rr && rr->uri ? (const char *)rr->uri : "";
            if (!rr || rr->status != xmlSecDSigStatusSucceeded ||
                (strcmp(u, refs.data_uri) != 0 &&
                 strcmp(u, refs.props_uri) != 0)) {
                fail(r, "unexpected reference %s", u);
                goto out;
            }
            seen_data |= strcmp(u, refs.data_uri) == 0;
        }
        if (!seen_data) {
            fail(r, "does not sign %s", refs.data_uri);
            goto out;
        }
    }

    signer = ctx->signKey
                 ? xmlSecOpenSSLKeyDataX509GetKeyCert(xmlSecKeyGetData(
                       ctx->signKey, xmlSecOpenSSLKeyDataX509Id))
                 : NULL;
    if (!signer) {
        fail(r, "the signing certificate is unknown");
        goto out;
    }
    keys_cert_cn(signer, r->signer, sizeof r->signer);
    if (chain_trusted(signer, shown, trust, when, r) != 0)
        goto out;
    if (have_time && when > time(NULL) + FUTURE_SLACK_SECONDS) {
        fail(r, "the signing time %s is in the future", r->time);
        goto out;
    }
    if (role == HB_ROLE_KY_PHAT_HANH) {
        char subj[1024];
        keys_cert_subject(signer, subj, sizeof subj);
        if (!strstr(subj, "MST:")) {
            fail(r, "KY_PHAT_HANH must be signed with the school's "
                 "certificate (MST: in its subject), not \"%s\"", subj);
            goto out;
        }
    }
    r->ok = 1;

out:
    if (ctx)
        xmlSecDSigCtxDestroy(ctx);
    sk_X509_pop_free(shown, X509_free);
    xmlFree(ma);
    ERR_clear_error();
}

/* ------------------------------------------------------------------ */
/* documents */

static void collect_signatures(xmlNodePtr n, xmlNodePtr **list, size_t *len,
                               size_t *cap, int *oom)
{
    for (; n && !*oom; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_ds(n, "Signature")) {
            if (*len == *cap) {
                size_t nc = *cap ? *cap * 2 : 8;
                xmlNodePtr *nl = realloc(*list, nc * sizeof *nl);
                if (!nl) {
                    *oom = 1;
                    return;
                }
                *list = nl;
                *cap = nc;
            }
            (*list)[(*len)++] = n;
            /* signatures nested inside a signature are found too: they
             * are in no slot, and are reported as such */
        }
        collect_signatures(n->children, list, len, cap, oom);
    }
}

static void problem(hb_verify_report *out, const char *msg)
{
    size_t l = strlen(out->problem);
    snprintf(out->problem + l, sizeof out->problem - l, "%s%s",
             l ? "; " : "", msg);
    out->ok = 0;
}

int verify_document(xmlDocPtr doc, const char *name, const hb_trust *trust,
                    hb_verify_report *out, hb_err *e)
{
    xmlNodePtr *sigs = NULL;
    size_t len = 0, cap = 0;
    int oom = 0;
    hb_err ve;

    memset(out, 0, sizeof *out);
    out->ok = 1;
    if (!trust)
        return err_set(e, HB_EUSAGE, "%s: no trust store (an empty one "
                       "trusts nothing)", name);
    if (xmlsec_init_libs(e) != 0)
        return -1;
    if (!xmlDocGetRootElement(doc) ||
        !xmlDocGetRootElement(doc)->ns ||
        !xmlStrEqual(xmlDocGetRootElement(doc)->ns->href, BAD_CAST HB_XML_NS) ||
        !xmlStrEqual(xmlDocGetRootElement(doc)->name, BAD_CAST "HOC_BA")) {
        problem(out, "not a học bạ record (no HOC_BA root in " HB_XML_NS ")");
        return 1;
    }
    err_clear(&ve);
    if (sign_register_ids(doc, &ve) != 0) {
        /* the message starts with the document name; keep the reason */
        const char *m = strstr(ve.msg, ": ");
        problem(out, m ? m + 2 : ve.msg);
        return 1;
    }
    err_clear(&ve);
    if (record_xml_validate(doc, name, &ve) != 0) {
        /* the message starts with the document name; keep the reason */
        const char *m = strncmp(ve.msg, name, strlen(name)) == 0
                            ? ve.msg + strlen(name) : ve.msg;
        problem(out, m[0] == ':' ? m + 1 + (m[1] == ' ') : m);
    }

    collect_signatures(xmlDocGetRootElement(doc), &sigs, &len, &cap, &oom);
    if (oom) {
        free(sigs);
        return err_set(e, HB_ENOMEM, "%s: out of memory", name);
    }
    if (len == 0)
        problem(out, "no signature");
    out->sigs = calloc(len ? len : 1, sizeof *out->sigs);
    if (!out->sigs) {
        free(sigs);
        return err_set(e, HB_ENOMEM, "%s: out of memory", name);
    }
    out->n = len;
    for (size_t i = 0; i < len; i++) {
        verify_signature(doc, sigs[i], trust, &out->sigs[i]);
        if (!out->sigs[i].ok)
            out->ok = 0;
    }
    free(sigs);
    return out->ok ? 0 : 1;
}

int verify_file(const char *path, const hb_trust *trust,
                hb_verify_report *out, hb_err *e)
{
    hb_err pe;
    xmlDocPtr doc;
    int rc;

    memset(out, 0, sizeof *out);
    if (xmlsec_init_libs(e) != 0)
        return -1;
    err_clear(&pe);
    doc = record_xml_parse_file(path, &pe);
    if (!doc) {
        const char *m = strncmp(pe.msg, path, strlen(path)) == 0
                            ? pe.msg + strlen(path) : pe.msg;
        if (m[0] == ':')
            m += (m[1] == ' ') ? 2 : 1;
        snprintf(out->problem, sizeof out->problem, "%s", m);
        out->ok = 0;
        return 1;
    }
    rc = verify_document(doc, path, trust, out, e);
    xmlFreeDoc(doc);
    return rc;
}

void verify_report_free(hb_verify_report *r)
{
    if (!r)
        return;
    free(r->sigs);
    r->sigs = NULL;
    r->n = 0;
}
