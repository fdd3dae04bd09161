/* auth.c - password hashes and tokens (see auth.h). */
#include "auth.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "files.h"
#include "text.h"

#define SALT_LEN 16
#define KEY_LEN 32

/* EVP_PBE_scrypt refuses to use more than 32 MiB unless told a larger
 * bound; N = 2^15, r = 8 needs 32 MiB plus a little. */
static int scrypt_key(const char *pw, const unsigned char *salt, size_t salt_len,
                      int log2n, int r, int p, unsigned char *out, size_t len)
{
    uint64_t n = (uint64_t)1 << log2n;
    uint64_t maxmem = 128 * (uint64_t)r * (n + (uint64_t)p + 2) + 1024 * 1024;
    return EVP_PBE_scrypt(pw, strlen(pw), salt, salt_len, n, (uint64_t)r,
                          (uint64_t)p, maxmem, out, len) == 1 ? 0 : -1;
}

int auth_hash_password(const char *password, char *out, size_t size,
                       hb_err *e)
{
    size_t len = password ? strlen(password) : 0;
    if (len < AUTH_PW_MIN)
        return err_set(e, HB_EINVALID, "password: at least %d characters",
                       AUTH_PW_MIN);
    if (len > AUTH_PW_MAX || !text_is_utf8(password))
        return err_set(e, HB_EINVALID,
                       "password: at most %d bytes of UTF-8 text", AUTH_PW_MAX);
    unsigned char salt[SALT_LEN], key[KEY_LEN];
    if (RAND_bytes(salt, sizeof salt) != 1)
        return err_set(e, HB_ECRYPTO, "password: no randomness for the salt");
    if (scrypt_key(password, salt, sizeof salt, AUTH_SCRYPT_LOG2N,
                   AUTH_SCRYPT_R, AUTH_SCRYPT_P, key, sizeof key))
        return err_set(e, HB_ECRYPTO, "password: scrypt failed");
    /* base64 of 16 bytes is 24 characters, of 32 bytes 44 (+ NUL). */
    unsigned char s64[32], k64[48];
    EVP_EncodeBlock(s64, salt, sizeof salt);
    EVP_EncodeBlock(k64, key, sizeof key);
    OPENSSL_cleanse(key, sizeof key);
    int n = snprintf(out, size, "scrypt$%d$%d$%d$%s$%s", AUTH_SCRYPT_LOG2N,
                     AUTH_SCRYPT_R, AUTH_SCRYPT_P, (char *)s64, (char *)k64);
    if (n < 0 || (size_t)n >= size)
        return err_set(e, HB_EUSAGE, "password: hash buffer too small");
    return 0;
}

/* Decodes base64 into out; the decoded length, or -1.  EVP_DecodeBlock
 * counts the '=' padding as zero bytes, which are taken off here. */
static int b64_decode(const char *s, unsigned char *out, size_t size)
{
    size_t len = strlen(s);
    if (len == 0 || len % 4 || len / 4 * 3 > size)
        return -1;
    int n = EVP_DecodeBlock(out, (const unsigned char *)s, (int)len);
    if (n < 0)
        return -1;
    if (s[len - 1] == '=')
        n--;
    if (s[len - 2] == '=')
        n--;
    return n;
}

int auth_check_password(const char *password, const char *stored)
{
    if (!password || !stored || strlen(password) > AUTH_PW_MAX)
        return 0;
    int log2n, r, p, used = 0;
    char s64[64], k64[64];
    if (sscanf(stored, "scrypt$%d$%d$%d$%63[^$]$%63s%n", &log2n, &r, &p, s64,
               k64, &used) != 5 || stored[used] != '\0')
        return 0;
    /* Costs outside what this program ever wrote are refused rather than
     * run: a planted hash must not make a login take minutes. */
    if (log2n < 10 || log2n > 20 || r < 1 || r > 32 || p < 1 || p > 4)
        return 0;
    unsigned char salt[48], want[48], got[KEY_LEN];
    int sl = b64_decode(s64, salt, sizeof salt);
    int kl = b64_decode(k64, want, sizeof want);
    if (sl < 8 || kl != KEY_LEN)
        return 0;
    if (scrypt_key(password, salt, (size_t)sl, log2n, r, p, got, sizeof got))
        return 0;
    int same = CRYPTO_memcmp(got, want, KEY_LEN) == 0;
    OPENSSL_cleanse(got, sizeof got);
    return same;
}

int auth_random_hex(char *out, size_t nbytes)
{
    unsigned char b[64];
    if (nbytes > sizeof b || RAND_bytes(b, (int)nbytes) != 1)
        return -1;
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < nbytes; i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[2 * nbytes] = '\0';
    return 0;
}

void auth_sha256_hex(const char *s, char out[65])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)s, strlen(s), md);
    files_sha256_hex(md, out);
}
