#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>

/*
 * One call for TSIG: HMAC over `data` with the digest named `digest`
 * ("md5", "sha1", "sha224", "sha256", "sha384", "sha512").
 * Returns the MAC length, or 0 when the digest is unknown or HMAC fails.
 * `out` must hold EVP_MAX_MD_SIZE bytes.
 */
static inline unsigned int copenssl_hmac(const char *digest,
                                         const void *key, int keyLength,
                                         const unsigned char *data, size_t dataLength,
                                         unsigned char *out) {
    const EVP_MD *md = EVP_get_digestbyname(digest);
    unsigned int length = 0;
    if (md == NULL) return 0;
    if (HMAC(md, key, keyLength, data, dataLength, out, &length) == NULL) return 0;
    return length;
}
/* A message digest ("sha1", "sha256", ...) of `data`; returns the length, 0 on failure.
 * `out` must hold EVP_MAX_MD_SIZE bytes. */
static inline unsigned int copenssl_digest(const char *digest, const unsigned char *data, size_t dataLength,
                                           unsigned char *out) {
    const EVP_MD *md = EVP_get_digestbyname(digest);
    unsigned int length = 0;
    if (md == NULL) return 0;
    if (EVP_Digest(data, dataLength, out, &length, md, NULL) != 1) return 0;
    return length;
}
#endif
