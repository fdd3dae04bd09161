/*
 * keys.h - a signer's private key and certificate chain, from a PKCS#12
 * file or from a PKCS#11 token.
 *
 * In Vietnam a teacher's or principal's official-duty certificate
 * (chứng thư số chuyên dùng, issued by the Government Cipher Committee) and
 * a school's organisational certificate usually live on a USB token, used
 * through the vendor's PKCS#11 module; a PKCS#12 (.p12/.pfx) file exported
 * from Windows is the other common form.  Both give: a private key that can
 * sign, the signer's (leaf) certificate, and the CA certificates above it,
 * which go into the signature's X509Data so that a verifier can build the
 * chain up to the root it trusts.
 *
 * A KEY argument is either a file path (PKCS#12) or an RFC 7512 URI:
 *   pkcs11:token=<label>;object=<key label>[;id=%01...][?module-path=/path/module.so]
 * Without module-path the module is $HOCBA_PKCS11_MODULE, else p11-kit's
 * proxy (which reaches every module registered with p11-kit).
 *
 * The secret (PKCS#12 passphrase, token PIN) is read from a file given by
 * the caller (first line), or asked for on the terminal without echo; never
 * taken from the command line (a URI with pin-value is refused).  A
 * PKCS#12 file protected by an empty passphrase needs none.
 */
#ifndef HB_KEYS_H
#define HB_KEYS_H

#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>
#include <xmlsec/keys.h>

#include "err.h"

typedef enum hb_key_alg { HB_KEY_RSA = 1, HB_KEY_EC } hb_key_alg;

typedef struct hb_key hb_key;

/* Loads the key named by `spec` (see above); `pass_file` may be NULL.
 * The error names the file or token and the reason (wrong passphrase,
 * wrong PIN, no such key, ...).  Free with keys_free. */
hb_key *keys_load(const char *spec, const char *pass_file, hb_err *e);
/* The same with the passphrase or PIN given as a string (the principal
 * types it into the review UI; the caller wipes it after this call and
 * never stores it). */
hb_key *keys_load_secret(const char *spec, const char *secret, hb_err *e);
void keys_free(hb_key *k);

/* What the key is, for messages: the file path, or the URI. */
const char *keys_name(const hb_key *k);
hb_key_alg keys_alg(const hb_key *k);
/* The signer's certificate (owned by the key). */
X509 *keys_cert(const hb_key *k);
/* The key in xmlsec's form, with X509 data leaf first, then the chain
 * upwards (owned by the key: duplicate it to hand it to a context). */
xmlSecKeyPtr keys_xmlsec_key(const hb_key *k);

/* Whether the private key stays outside the process (on a token).
 * xmlsec 1.2.37 under OpenSSL 3 decides whether a key is private by asking
 * for its private exponent, which a token never reveals, and then refuses
 * to sign with it ("key is not found").  So for such a key keys_xmlsec_key
 * holds a throwaway software stand-in carrying the token's certificates:
 * xmlsec builds and canonicalizes the signature with it, and sign.c then
 * replaces the signature value with keys_sign_data() over the same bytes. */
int keys_is_external(const hb_key *k);

/* Signs `data` (SHA-256) with the private key, in XMLDSig's encoding:
 * PKCS#1 v1.5 for RSA, r||s for ECDSA.  The result is checked against the
 * certificate's public key before it is returned.  Free *sig with free(). */
int keys_sign_data(const hb_key *k, const unsigned char *data, size_t len,
                   unsigned char **sig, size_t *sig_len, hb_err *e);

/* Reads a secret into buf (NUL-terminated, without the line end): the first
 * line of `pass_file`, or, when it is NULL, a no-echo prompt on the
 * controlling terminal.  Fails when there is no terminal to ask on. */
int keys_read_secret(const char *pass_file, const char *prompt, char *buf,
                     size_t size, hb_err *e);

/* The certificate's subject common name (UTF-8) into buf; the whole
 * subject when it has no CN.  Returns buf. */
char *keys_cert_cn(X509 *cert, char *buf, size_t size);
/* The whole subject, one line, UTF-8 ("C=VN, ST=Hà Nội, CN=…"). */
char *keys_cert_subject(X509 *cert, char *buf, size_t size);

/* 0 when `cert` is valid at `when`; -1 when it had expired by then, 1 when
 * it was not yet valid.  `why` (may be NULL) gets a sentence with dates. */
int keys_cert_check_time(X509 *cert, time_t when, char *why, size_t size);

#endif
