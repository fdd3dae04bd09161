/*
 * auth.h - passwords and tokens of the review UI's accounts.
 *
 * Teachers pick weak passwords and school office PCs get copied, so a
 * stolen workspace database must not give away passwords: each is stored
 * as a slow, salted, memory-hard hash (scrypt, OpenSSL's EVP_PBE_scrypt),
 * in a self-describing string so that the cost can be raised later without
 * breaking the accounts made before:
 *
 *     scrypt$<log2 N>$<r>$<p>$<salt, base64>$<hash, base64>
 *
 * Session cookies and CSRF tokens are 32 random bytes (RAND_bytes) in hex;
 * the workspace stores only the SHA-256 of a session token.
 */
#ifndef HB_AUTH_H
#define HB_AUTH_H

#include <stddef.h>

#include "err.h"

/* scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB and about 0.1 s per hash on
 * a 2015 laptop): slow for a guesser, bearable for 20 teachers logging in
 * at once on the office PC. */
#define AUTH_SCRYPT_LOG2N 15
#define AUTH_SCRYPT_R 8
#define AUTH_SCRYPT_P 1

/* Passwords: 8 to 200 bytes of UTF-8. */
#define AUTH_PW_MIN 8
#define AUTH_PW_MAX 200

/* A password's stored form into out (at least AUTH_HASH_MAX bytes).
 * HB_EINVALID for a password too short, too long or not UTF-8. */
#define AUTH_HASH_MAX 160
int auth_hash_password(const char *password, char *out, size_t size,
                       hb_err *e);

/* 1 when `password` matches `stored`, 0 when it does not (or `stored` is
 * not a hash this program makes).  Compared in constant time. */
int auth_check_password(const char *password, const char *stored);

/* 2*nbytes lower-case hex digits of fresh randomness into out (size
 * >= 2*nbytes+1).  -1 when the random generator fails. */
int auth_random_hex(char *out, size_t nbytes);

/* SHA-256 of a NUL-terminated string, as 64 hex digits + NUL. */
void auth_sha256_hex(const char *s, char out[65]);

#endif
