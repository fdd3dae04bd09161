/* keys.c - signing keys from PKCS#12 files and PKCS#11 tokens (see .h). */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <libp11.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>
#include <xmlsec/keysdata.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/openssl/x509.h>

#include "xmlsec_init.h"

#define SECRET_MAX 256
#define CHAIN_MAX 10 /* no real chain is longer; stops loops */

/* PKCS#11 return values that deserve their own message (PKCS#11 v2.40,
 * section 3.6; libp11 reports CKR codes as OpenSSL error reasons). */
#define HB_CKR_PIN_INCORRECT 0xA0UL
#define HB_CKR_PIN_LOCKED 0xA4UL

struct hb_key {
    char *name;
    hb_key_alg alg;
    xmlSecKeyPtr xkey;
    X509 *cert;
    EVP_PKEY *external; /* the token's key; xkey then holds a stand-in */
    /* a token stays open while its key is in use */
    PKCS11_CTX *p11;
    PKCS11_SLOT *slots;
    unsigned int nslots;
};

/* ------------------------------------------------------------------ */
/* secrets */

static int read_secret_tty(const char *prompt, char *buf, size_t size,
                           hb_err *e)
{
    struct termios old, quiet;
    size_t n = 0;
    char c;
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

    if (fd < 0)
        return err_set(e, HB_EUSAGE, "no terminal to ask for the secret "
                       "on: give it in a file with --pass-file");
    if (tcgetattr(fd, &old) != 0) {
        close(fd);
        return err_set(e, HB_EUSAGE, "cannot turn off echo on the "
                       "terminal: give the secret with --pass-file");
    }
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
    quiet.c_lflag |= ICANON;
    /* TCSANOW, not TCSAFLUSH: a passphrase typed ahead is kept */
    if (tcsetattr(fd, TCSANOW, &quiet) != 0) {
        close(fd);
        return err_set(e, HB_EUSAGE, "cannot turn off echo on the "
                       "terminal: give the secret with --pass-file");
    }
    if (write(fd, prompt, strlen(prompt)) < 0) {
        /* the prompt is a courtesy; reading still works */
    }
    for (;;) {
        ssize_t r = read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || c == '\n' || c == '\r')
            break;
        if (n + 1 < size)
            buf[n++] = c;
    }
    buf[n] = '\0';
    tcsetattr(fd, TCSANOW, &old);
    if (write(fd, "\n", 1) < 0) {
        /* nothing to do */
    }
    close(fd);
    return 0;
}

int keys_read_secret(const char *pass_file, const char *prompt, char *buf,
                     size_t size, hb_err *e)
{
    FILE *f;
    size_t len;

    if (size == 0)
        return err_set(e, HB_EUSAGE, "no room for the secret");
    buf[0] = '\0';
    if (!pass_file)
        return read_secret_tty(prompt, buf, size, e);
    f = fopen(pass_file, "r");
    if (!f)
        return err_set(e, HB_EIO, "%s: %s", pass_file, strerror(errno));
    if (!fgets(buf, (int)size, f) && ferror(f)) {
        fclose(f);
        return err_set(e, HB_EIO, "%s: cannot read", pass_file);
    }
    fclose(f);
    len = strlen(buf);
    if (len + 1 == size && buf[len - 1] != '\n') {
        OPENSSL_cleanse(buf, size);
        return err_set(e, HB_EUSAGE, "%s: the secret is longer than %zu bytes",
                       pass_file, size - 1);
    }
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
    return 0;
}

/* ------------------------------------------------------------------ */
/* certificates */

char *keys_cert_cn(X509 *cert, char *buf, size_t size)
{
    X509_NAME *name = X509_get_subject_name(cert);
    int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    unsigned char *utf8 = NULL;

    if (i < 0)
        return keys_cert_subject(cert, buf, size);
    if (ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
            X509_NAME_get_entry(name, i))) < 0)
        return keys_cert_subject(cert, buf, size);
    snprintf(buf, size, "%s", (char *)utf8);
    OPENSSL_free(utf8);
    return buf;
}

char *keys_cert_subject(X509 *cert, char *buf, size_t size)
{
    BIO *b = BIO_new(BIO_s_mem());
    char *p;
    long n;

    buf[0] = '\0';
    if (!b)
        return buf;
    /* one line, most significant part first, UTF-8 left as is */
    X509_NAME_print_ex(b, X509_get_subject_name(cert), 0,
                       (XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB &
                        ~XN_FLAG_SPC_EQ) | ASN1_STRFLGS_UTF8_CONVERT);
    n = BIO_get_mem_data(b, &p);
    if (n > 0)
        snprintf(buf, size, "%.*s", (int)n, p);
    BIO_free(b);
    return buf;
}

static void asn1_time_iso(const ASN1_TIME *t, char *buf, size_t size)
{
    struct tm tm;

    if (ASN1_TIME_to_tm(t, &tm) == 1)
        strftime(buf, size, "%Y-%m-%d %H:%M:%SZ", &tm);
    else
        snprintf(buf, size, "?");
}

int keys_cert_check_time(X509 *cert, time_t when, char *why, size_t size)
{
    char at[32], lim[32];
    struct tm tm;

    gmtime_r(&when, &tm);
    strftime(at, sizeof at, "%Y-%m-%d %H:%M:%SZ", &tm);
    /* X509_cmp_time: -1 when the certificate's time is at or before
     * `when`, 1 after it (0 on a malformed time: treated as invalid). */
    if (X509_cmp_time(X509_get0_notBefore(cert), &when) >= 0) {
        asn1_time_iso(X509_get0_notBefore(cert), lim, sizeof lim);
        if (why)
            snprintf(why, size, "certificate not yet valid at %s (valid "
                     "from %s)", at, lim);
        return 1;
    }
    if (X509_cmp_time(X509_get0_notAfter(cert), &when) <= 0) {
        asn1_time_iso(X509_get0_notAfter(cert), lim, sizeof lim);
        if (why)
            snprintf(why, size, "certificate expired at %s (valid until "
                     "%s)", at, lim);
        return -1;
    }
    if (why && size)
        why[0] = '\0';
    return 0;
}

/* The certificates of `pool` that certify `leaf`, nearest first, each
 * with its own reference; certificates unrelated to the leaf are left out
 * (a token or a .p12 may hold other people's CA certificates). */
static STACK_OF(X509) *chain_order(X509 *leaf, STACK_OF(X509) *pool)
{
    STACK_OF(X509) *out = sk_X509_new_null();
    X509 *cur = leaf;

    if (!out)
        return NULL;
    for (int depth = 0; pool && depth < CHAIN_MAX; depth++) {
        X509 *next = NULL;
        if (X509_check_issued(cur, cur) == X509_V_OK)
            break; /* self-signed: the root */
        for (int i = 0; i < sk_X509_num(pool); i++) {
            X509 *c = sk_X509_value(pool, i);
            if (X509_cmp(c, cur) != 0 && X509_cmp(c, leaf) != 0 &&
                X509_check_issued(c, cur) == X509_V_OK) {
                next = c;
                break;
            }
        }
        if (!next || X509_up_ref(next) != 1)
            break;
        if (!sk_X509_push(out, next)) {
            X509_free(next);
            break;
        }
        cur = next;
    }
    return out;
}

/* ------------------------------------------------------------------ */
/* the key object */

static hb_key *key_new(const char *name, hb_err *e)
{
    hb_key *k = calloc(1, sizeof *k);

    if (!k || !(k->name = strdup(name))) {
        free(k);
        err_set(e, HB_ENOMEM, "%s: out of memory", name);
        return NULL;
    }
    return k;
}

void keys_free(hb_key *k)
{
    if (!k)
        return;
    /* the key first: a token's EVP_PKEY refers to the open session */
    if (k->xkey)
        xmlSecKeyDestroy(k->xkey);
    EVP_PKEY_free(k->external);
    X509_free(k->cert);
    if (k->p11) {
        if (k->slots)
            PKCS11_release_all_slots(k->p11, k->slots, k->nslots);
        PKCS11_CTX_unload(k->p11);
        PKCS11_CTX_free(k->p11);
    }
    free(k->name);
    free(k);
}

const char *keys_name(const hb_key *k) { return k->name; }
hb_key_alg keys_alg(const hb_key *k) { return k->alg; }
X509 *keys_cert(const hb_key *k) { return k->cert; }
xmlSecKeyPtr keys_xmlsec_key(const hb_key *k) { return k->xkey; }
int keys_is_external(const hb_key *k) { return k->external != NULL; }

/* ECDSA: OpenSSL gives DER SEQUENCE{r, s}; XMLDSig wants r||s, each as
 * long as the group order (RFC 4050 / xmldsig-more). */
static int ecdsa_der_to_raw(const unsigned char *der, size_t der_len,
                            int bits, unsigned char **out, size_t *out_len)
{
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    const BIGNUM *r, *s;
    size_t n = (size_t)(bits + 7) / 8;
    unsigned char *raw;

    if (!sig)
        return -1;
    ECDSA_SIG_get0(sig, &r, &s);
    raw = malloc(2 * n);
    if (!raw || BN_bn2binpad(r, raw, (int)n) < 0 ||
        BN_bn2binpad(s, raw + n, (int)n) < 0) {
        free(raw);
        ECDSA_SIG_free(sig);
        return -1;
    }
    ECDSA_SIG_free(sig);
    *out = raw;
    *out_len = 2 * n;
    return 0;
}

int keys_sign_data(const hb_key *k, const unsigned char *data, size_t len,
                   unsigned char **sig, size_t *sig_len, hb_err *e)
{
    EVP_PKEY *pkey = k->external;
    EVP_PKEY *pub = X509_get0_pubkey(k->cert);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char *der = NULL;
    size_t der_len = 0;
    int rc = -1;

    *sig = NULL;
    *sig_len = 0;
    if (!pkey) {
        EVP_MD_CTX_free(md);
        return err_set(e, HB_EUSAGE, "%s: not a token key", k->name);
    }
    if (!md || EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, pkey) != 1 ||
        EVP_DigestSign(md, NULL, &der_len, data, len) != 1 ||
        !(der = malloc(der_len)) ||
        EVP_DigestSign(md, der, &der_len, data, len) != 1) {
        err_set(e, HB_ECRYPTO, "%s: the token refused to sign (%s)", k->name,
                ERR_reason_error_string(ERR_peek_last_error())
                    ? ERR_reason_error_string(ERR_peek_last_error())
                    : "unknown reason");
        goto out;
    }
    /* never hand out a signature the certificate does not confirm */
    EVP_MD_CTX_free(md);
    md = EVP_MD_CTX_new();
    if (!md || !pub ||
        EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, pub) != 1 ||
        EVP_DigestVerify(md, der, der_len, data, len) != 1) {
        err_set(e, HB_ECRYPTO, "%s: the token's signature does not match its "
                "certificate", k->name);
        goto out;
    }
    if (k->alg == HB_KEY_EC) {
        if (ecdsa_der_to_raw(der, der_len, EVP_PKEY_get_bits(pub), sig,
                             sig_len) != 0) {
            err_set(e, HB_ECRYPTO, "%s: malformed ECDSA signature", k->name);
            goto out;
        }
    } else {
        *sig = der;
        *sig_len = der_len;
        der = NULL;
    }
    rc = 0;
out:
    free(der);
    EVP_MD_CTX_free(md);
    ERR_clear_error();
    return rc;
}

/* Fills k->xkey, k->cert and k->alg from a private key (adopted, freed on
 * failure too), its certificate and a pool of CA certificates (borrowed). */
static int key_assemble(hb_key *k, EVP_PKEY *pkey, X509 *leaf,
                        STACK_OF(X509) *pool, hb_err *e)
{
    xmlSecKeyDataPtr value = NULL, x509 = NULL;
    STACK_OF(X509) *chain = NULL;
    int id = EVP_PKEY_get_base_id(pkey);

    if (id == EVP_PKEY_RSA)
        k->alg = HB_KEY_RSA;
    else if (id == EVP_PKEY_EC)
        k->alg = HB_KEY_EC;
    else {
        EVP_PKEY_free(pkey);
        return err_set(e, HB_ECRYPTO, "%s: the key is neither RSA nor ECDSA "
                       "(XMLDSig here signs with RSA-SHA256 or ECDSA-SHA256)",
                       k->name);
    }
    value = xmlSecOpenSSLEvpKeyAdopt(pkey);
    if (!value) {
        EVP_PKEY_free(pkey);
        goto fail;
    }
    k->xkey = xmlSecKeyCreate();
    if (!k->xkey || xmlSecKeySetValue(k->xkey, value) < 0) {
        xmlSecKeyDataDestroy(value);
        goto fail;
    }
    if (X509_up_ref(leaf) != 1)
        goto fail;
    k->cert = leaf;

    /* X509Data: the leaf, then its issuers upwards.  xmlsec writes the
     * certificates added with AdoptCert; AdoptKeyCert marks which one
     * belongs to the key. */
    x509 = xmlSecKeyDataCreate(xmlSecOpenSSLKeyDataX509Id);
    chain = chain_order(leaf, pool);
    if (!x509 || !chain)
        goto fail;
    {
        X509 *a = X509_dup(leaf), *b = X509_dup(leaf);
        if (!a || xmlSecOpenSSLKeyDataX509AdoptKeyCert(x509, a) < 0) {
            X509_free(a);
            X509_free(b);
            goto fail;
        }
        if (!b || xmlSecOpenSSLKeyDataX509AdoptCert(x509, b) < 0) {
            X509_free(b);
            goto fail;
        }
    }
    for (int i = 0; i < sk_X509_num(chain); i++) {
        X509 *c = X509_dup(sk_X509_value(chain, i));
        if (!c || xmlSecOpenSSLKeyDataX509AdoptCert(x509, c) < 0) {
            X509_free(c);
            goto fail;
        }
    }
    if (xmlSecKeyAdoptData(k->xkey, x509) < 0)
        goto fail;
    sk_X509_pop_free(chain, X509_free);
    return 0;

fail:
    if (x509)
        xmlSecKeyDataDestroy(x509);
    sk_X509_pop_free(chain, X509_free);
    return err_set(e, HB_ECRYPTO, "%s: cannot prepare the key for signing",
                   k->name);
}

/* ------------------------------------------------------------------ */
/* PKCS#12 */

static int p12_reason_unsupported(void)
{
    unsigned long err;

    while ((err = ERR_get_error()) != 0) {
        int r = ERR_GET_REASON(err);
        if (r == ERR_R_UNSUPPORTED || r == EVP_R_UNSUPPORTED_ALGORITHM ||
            r == EVP_R_UNSUPPORTED_CIPHER ||
            r == EVP_R_UNKNOWN_CIPHER) {
            ERR_clear_error();
            return 1;
        }
    }
    return 0;
}

/* The secret given by the caller (the review UI's PIN field), else the
 * pass file's first line or the terminal's answer. */
static int obtain_secret(const char *pass_file, const char *secret,
                         const char *prompt, char *buf, size_t size, hb_err *e)
{
    if (!secret)
        return keys_read_secret(pass_file, prompt, buf, size, e);
    if (strlen(secret) >= size)
        return err_set(e, HB_EUSAGE, "the secret is longer than %zu bytes",
                       size - 1);
    strcpy(buf, secret);
    return 0;
}

static hb_key *load_p12(const char *path, const char *pass_file,
                        const char *secret, hb_err *e)
{
    char pass[SECRET_MAX], prompt[600];
    const char *pw = NULL;
    EVP_PKEY *pkey = NULL;
    X509 *cert = NULL;
    STACK_OF(X509) *ca = NULL;
    PKCS12 *p12 = NULL;
    hb_key *k = NULL;
    BIO *in = BIO_new_file(path, "rb");

    pass[0] = '\0';
    if (!in) {
        err_set(e, HB_EIO, "%s: %s", path, strerror(errno ? errno : ENOENT));
        goto out;
    }
    p12 = d2i_PKCS12_bio(in, NULL);
    BIO_free(in);
    if (!p12) {
        err_set(e, HB_EFORMAT, "%s: not a PKCS#12 (.p12/.pfx) file", path);
        goto out;
    }
    /* An empty passphrase is tried first (as NULL and as ""; exporters
     * differ), so that such files need no prompt. */
    if (!PKCS12_mac_present(p12) || PKCS12_verify_mac(p12, NULL, 0) ||
        PKCS12_verify_mac(p12, "", 0)) {
        pw = PKCS12_mac_present(p12) && PKCS12_verify_mac(p12, NULL, 0)
                 ? NULL : "";
    } else {
        snprintf(prompt, sizeof prompt, "Passphrase for %s: ", path);
        if (obtain_secret(pass_file, secret, prompt, pass, sizeof pass, e))
            goto out;
        if (!PKCS12_verify_mac(p12, pass, -1)) {
            err_set(e, HB_ECRYPTO, "%s: wrong passphrase", path);
            goto out;
        }
        pw = pass;
    }
    ERR_clear_error();
    if (!PKCS12_parse(p12, pw, &pkey, &cert, &ca)) {
        if (p12_reason_unsupported())
            err_set(e, HB_ECRYPTO, "%s: encrypted with an old algorithm "
                    "(RC2/3DES) that this OpenSSL cannot read: its legacy "
                    "provider is missing", path);
        else
            err_set(e, HB_ECRYPTO, "%s: cannot be decrypted", path);
        goto out;
    }
    if (!pkey || !cert) {
        err_set(e, HB_ECRYPTO, "%s: holds no %s", path,
                pkey ? "certificate for its key" : "private key");
        goto out;
    }
    if (X509_check_private_key(cert, pkey) != 1) {
        err_set(e, HB_ECRYPTO, "%s: the certificate is not the key's", path);
        goto out;
    }
    k = key_new(path, e);
    if (!k)
        goto out;
    if (key_assemble(k, pkey, cert, ca, e) != 0) {
        pkey = NULL; /* freed by key_assemble */
        keys_free(k);
        k = NULL;
        goto out;
    }
    pkey = NULL;

out:
    OPENSSL_cleanse(pass, sizeof pass);
    EVP_PKEY_free(pkey);
    X509_free(cert);
    sk_X509_pop_free(ca, X509_free);
    PKCS12_free(p12);
    ERR_clear_error();
    return k;
}

/* ------------------------------------------------------------------ */
/* PKCS#11 URIs (RFC 7512).  libp11's own parser lives inside its
 * deprecated OpenSSL ENGINE, so the few attributes a signer needs are
 * read here. */

struct p11_uri {
    char *token, *manufacturer, *model, *serial, *object, *type;
    char *module, *pin_source;
    unsigned char *id;
    size_t id_len;
    int has_id;
};

static void uri_free(struct p11_uri *u)
{
    free(u->token);
    free(u->manufacturer);
    free(u->model);
    free(u->serial);
    free(u->object);
    free(u->type);
    free(u->module);
    free(u->pin_source);
    free(u->id);
    memset(u, 0, sizeof *u);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes s[0..n) into a new NUL-terminated buffer; NULL on a
 * malformed escape (or no memory). */
static char *pct_decode(const char *s, size_t n, size_t *len)
{
    char *out = malloc(n + 1);
    size_t j = 0;

    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            out[j++] = s[i];
            continue;
        }
        int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
        int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            free(out);
            return NULL;
        }
        out[j++] = (char)(hi * 16 + lo);
        i += 2;
    }
    out[j] = '\0';
    if (len)
        *len = j;
    return out;
}

static int uri_set(char **slot, const char *v, size_t n, const char *name,
                   hb_err *e)
{
    if (*slot)
        return err_set(e, HB_EUSAGE, "pkcs11: URI: '%s' given twice", name);
    *slot = pct_decode(v, n, NULL);
    if (!*slot)
        return err_set(e, HB_EUSAGE, "pkcs11: URI: bad %%-escape in '%s'",
                       name);
    return 0;
}

static int uri_attr(struct p11_uri *u, const char *a, size_t n, int query,
                    hb_err *e)
{
    const char *eq = memchr(a, '=', n);
    size_t kl, vl;
    const char *v;
    char key[32];

    if (n == 0)
        return 0;
    if (!eq)
        return err_set(e, HB_EUSAGE, "pkcs11: URI: '%.*s' is not "
                       "name=value", (int)n, a);
    kl = (size_t)(eq - a);
    v = eq + 1;
    vl = n - kl - 1;
    snprintf(key, sizeof key, "%.*s", (int)(kl < 31 ? kl : 31), a);
    if (!strcmp(key, "pin-value"))
        return err_set(e, HB_EUSAGE, "pkcs11: URI: a PIN in the URI would "
                       "be visible to every user of this computer; give "
                       "it with --pass-file or at the prompt");
    if (!query) {
        if (!strcmp(key, "token"))
            return uri_set(&u->token, v, vl, key, e);
        if (!strcmp(key, "manufacturer"))
            return uri_set(&u->manufacturer, v, vl, key, e);
        if (!strcmp(key, "model"))
            return uri_set(&u->model, v, vl, key, e);
        if (!strcmp(key, "serial"))
            return uri_set(&u->serial, v, vl, key, e);
        if (!strcmp(key, "object"))
            return uri_set(&u->object, v, vl, key, e);
        if (!strcmp(key, "type"))
            return uri_set(&u->type, v, vl, key, e);
        if (!strcmp(key, "id")) {
            if (u->has_id)
                return err_set(e, HB_EUSAGE, "pkcs11: URI: 'id' given twice");
            u->id = (unsigned char *)pct_decode(v, vl, &u->id_len);
            if (!u->id)
                return err_set(e, HB_EUSAGE, "pkcs11: URI: bad %%-escape in 'id'");
            u->has_id = 1;
            return 0;
        }
    } else {
        if (!strcmp(key, "module-path"))
            return uri_set(&u->module, v, vl, key, e);
        if (!strcmp(key, "pin-source"))
            return uri_set(&u->pin_source, v, vl, key, e);
    }
    return err_set(e, HB_EUSAGE, "pkcs11: URI: attribute '%s' is not "
                   "supported (use token, object, id, serial, manufacturer, "
                   "model, type; module-path, pin-source)", key);
}

static int uri_parse(const char *s, struct p11_uri *u, hb_err *e)
{
    const char *p = s + strlen("pkcs11:");
    const char *q = strchr(p, '?');
    const char *end = q ? q : p + strlen(p);

    memset(u, 0, sizeof *u);
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *stop = semi ? semi : end;
        if (uri_attr(u, p, (size_t)(stop - p), 0, e) != 0)
            goto fail;
        p = stop + (semi ? 1 : 0);
    }
    if (q) {
        p = q + 1;
        end = p + strlen(p);
        while (p < end) {
            const char *amp = memchr(p, '&', (size_t)(end - p));
            const char *stop = amp ? amp : end;
            if (uri_attr(u, p, (size_t)(stop - p), 1, e) != 0)
                goto fail;
            p = stop + (amp ? 1 : 0);
        }
    }
    if (u->type && strcmp(u->type, "private") != 0) {
        err_set(e, HB_EUSAGE, "pkcs11: URI: type=%s: signing needs the "
                "private key (type=private, or no type)", u->type);
        goto fail;
    }
    return 0;
fail:
    uri_free(u);
    return -1;
}

/* ------------------------------------------------------------------ */
/* PKCS#11 tokens through libp11 */

static int token_matches(const PKCS11_TOKEN *t, const struct p11_uri *u)
{
    return t && t->initialized &&
           (!u->token || (t->label && !strcmp(t->label, u->token))) &&
           (!u->manufacturer ||
            (t->manufacturer && !strcmp(t->manufacturer, u->manufacturer))) &&
           (!u->model || (t->model && !strcmp(t->model, u->model))) &&
           (!u->serial || (t->serialnr && !strcmp(t->serialnr, u->serial)));
}

static int object_matches(const char *label, const unsigned char *id,
                          size_t id_len, const struct p11_uri *u)
{
    return (!u->object || (label && !strcmp(label, u->object))) &&
           (!u->has_id || (id_len == u->id_len && !memcmp(id, u->id, id_len)));
}

static void login_error(const char *label, hb_err *e)
{
    unsigned long err, last = 0;

    while ((err = ERR_get_error()) != 0)
        last = err;
    if (ERR_GET_LIB(last) == ERR_get_CKR_code() &&
        (unsigned long)ERR_GET_REASON(last) == HB_CKR_PIN_INCORRECT)
        err_set(e, HB_ECRYPTO, "token '%s': wrong PIN", label);
    else if (ERR_GET_LIB(last) == ERR_get_CKR_code() &&
             (unsigned long)ERR_GET_REASON(last) == HB_CKR_PIN_LOCKED)
        err_set(e, HB_ECRYPTO, "token '%s': the PIN is locked (too many "
                "wrong tries); the token's owner must unlock it", label);
    else
        err_set(e, HB_ECRYPTO, "token '%s': login refused (%s)", label,
                last ? ERR_reason_error_string(last) : "unknown reason");
}

static hb_key *load_pkcs11(const char *spec, const char *pass_file,
                           const char *secret,
                           hb_err *e)
{
    struct p11_uri u;
    hb_key *k = NULL;
    PKCS11_SLOT *slot = NULL;
    PKCS11_KEY *keys = NULL, *key = NULL;
    PKCS11_CERT *certs = NULL, *cert = NULL;
    unsigned int nkeys = 0, ncerts = 0, found = 0;
    STACK_OF(X509) *pool = NULL;
    EVP_PKEY *pkey;
    const char *module;
    char pin[SECRET_MAX], prompt[400];

    pin[0] = '\0';
    if (uri_parse(spec, &u, e) != 0)
        return NULL;
    /* the URI is shown in messages without its query (module, pin-source) */
    {
        const char *q = strchr(spec, '?');
        char shown[512];
        snprintf(shown, sizeof shown, "%.*s",
                 (int)(q ? (size_t)(q - spec) : strlen(spec)), spec);
        k = key_new(shown, e);
    }
    if (!k)
        goto fail;
    module = u.module ? u.module : getenv("HOCBA_PKCS11_MODULE");
    if (!module || !*module)
        module = "p11-kit-proxy.so";
    k->p11 = PKCS11_CTX_new();
    if (!k->p11) {
        err_set(e, HB_ENOMEM, "%s: out of memory", k->name);
        goto fail;
    }
    if (PKCS11_CTX_load(k->p11, module) != 0) {
        PKCS11_CTX_free(k->p11);
        k->p11 = NULL;
        err_set(e, HB_ECRYPTO, "%s: cannot load the PKCS#11 module %s",
                k->name, module);
        goto fail;
    }
    if (PKCS11_enumerate_slots(k->p11, &k->slots, &k->nslots) != 0) {
        err_set(e, HB_ECRYPTO, "%s: cannot list the token slots of %s",
                k->name, module);
        goto fail;
    }
    for (unsigned int i = 0; i < k->nslots; i++) {
        if (token_matches(k->slots[i].token, &u)) {
            if (!slot)
                slot = &k->slots[i];
            found++;
        }
    }
    if (!slot) {
        err_set(e, HB_ENOTFOUND, "%s: no such token is present (is it "
                "plugged in?)", k->name);
        goto fail;
    }
    if (found > 1) {
        err_set(e, HB_EUSAGE, "%s: %u tokens match; name one with token=",
                k->name, found);
        goto fail;
    }
    if (slot->token->loginRequired && slot->token->secureLogin) {
        /* a PIN pad on the reader, which prompts by itself: the PIN
         * never passes through this program */
        ERR_clear_error();
        if (PKCS11_open_session(slot, 0) != 0 ||
            PKCS11_login(slot, 0, NULL) != 0) {
            login_error(slot->token->label, e);
            goto fail;
        }
    } else if (slot->token->loginRequired) {
        const char *pf = pass_file;
        if (!pf && u.pin_source)
            pf = strncmp(u.pin_source, "file:", 5) == 0 ? u.pin_source + 5
                                                        : u.pin_source;
        snprintf(prompt, sizeof prompt, "PIN for token '%s': ",
                 slot->token->label);
        if (obtain_secret(pf, secret, prompt, pin, sizeof pin, e) != 0)
            goto fail;
        ERR_clear_error();
        if (PKCS11_open_session(slot, 0) != 0 ||
            PKCS11_login(slot, 0, pin) != 0) {
            login_error(slot->token->label, e);
            goto fail;
        }
    }
    if (PKCS11_enumerate_keys(slot->token, &keys, &nkeys) != 0) {
        err_set(e, HB_ECRYPTO, "%s: cannot list the keys on the token",
                k->name);
        goto fail;
    }
    found = 0;
    for (unsigned int i = 0; i < nkeys; i++) {
        if (object_matches(keys[i].label, keys[i].id, keys[i].id_len, &u)) {
            if (!key)
                key = &keys[i];
            found++;
        }
    }
    if (!key) {
        err_set(e, HB_ENOTFOUND, "%s: no such private key on the token",
                k->name);
        goto fail;
    }
    if (found > 1) {
        err_set(e, HB_EUSAGE, "%s: %u private keys match; name one with "
                "object= or id=", k->name, found);
        goto fail;
    }
    if (PKCS11_enumerate_certs(slot->token, &certs, &ncerts) != 0) {
        err_set(e, HB_ECRYPTO, "%s: cannot list the certificates on the token",
                k->name);
        goto fail;
    }
    /* The key's certificate carries the same CKA_ID (that is how tokens
     * pair them); failing that, the same label. */
    for (unsigned int i = 0; i < ncerts && !cert; i++)
        if (certs[i].x509 && key->id_len && certs[i].id_len == key->id_len &&
            !memcmp(certs[i].id, key->id, key->id_len))
            cert = &certs[i];
    for (unsigned int i = 0; i < ncerts && !cert; i++)
        if (certs[i].x509 && key->label && certs[i].label &&
            !strcmp(certs[i].label, key->label))
            cert = &certs[i];
    if (!cert) {
        err_set(e, HB_ENOTFOUND, "%s: the token holds no certificate for "
                "the key", k->name);
        goto fail;
    }
    pool = sk_X509_new_null();
    for (unsigned int i = 0; pool && i < ncerts; i++)
        if (certs[i].x509 && &certs[i] != cert)
            sk_X509_push(pool, certs[i].x509); /* borrowed from libp11 */
    /* libp11 hands out a reference of its own: freed in keys_free */
    k->external = PKCS11_get_private_key(key);
    if (!k->external) {
        err_set(e, HB_ECRYPTO, "%s: the token does not give access to the "
                "private key", k->name);
        goto fail;
    }
    /* the stand-in for xmlsec (see keys_is_external): same algorithm,
     * small and fast to make, never used for a signature that is kept */
    pkey = EVP_PKEY_get_base_id(k->external) == EVP_PKEY_EC
               ? EVP_EC_gen("P-256")
               : EVP_RSA_gen(1024);
    if (!pkey) {
        err_set(e, HB_ECRYPTO, "%s: cannot prepare the signature", k->name);
        goto fail;
    }
    if (key_assemble(k, pkey, cert->x509, pool, e) != 0)
        goto fail;
    if (EVP_PKEY_get_base_id(k->external) != EVP_PKEY_get_base_id(
            X509_get0_pubkey(k->cert))) {
        err_set(e, HB_ECRYPTO, "%s: the key and its certificate are of "
                "different types", k->name);
        goto fail;
    }
    sk_X509_free(pool);
    OPENSSL_cleanse(pin, sizeof pin);
    uri_free(&u);
    ERR_clear_error();
    return k;

fail:
    sk_X509_free(pool);
    OPENSSL_cleanse(pin, sizeof pin);
    uri_free(&u);
    keys_free(k);
    ERR_clear_error();
    return NULL;
}

static hb_key *load_key(const char *spec, const char *pass_file,
                        const char *secret, hb_err *e)
{
    if (xmlsec_init_libs(e) != 0)
        return NULL;
    if (strncmp(spec, "pkcs11:", 7) == 0)
        return load_pkcs11(spec, pass_file, secret, e);
    return load_p12(spec, pass_file, secret, e);
}

hb_key *keys_load(const char *spec, const char *pass_file, hb_err *e)
{
    return load_key(spec, pass_file, NULL, e);
}

hb_key *keys_load_secret(const char *spec, const char *secret, hb_err *e)
{
    return load_key(spec, NULL, secret, e);
}
