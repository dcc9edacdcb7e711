#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <dlfcn.h>

/*
 * libcrypto is loaded when a digest is first needed (TSIG, FreeDNS), not at start-up.
 */
static inline void *copenssl_symbol(const char *name) {
    static void *library;
    void *handle = __atomic_load_n(&library, __ATOMIC_ACQUIRE);
    if (handle == NULL) {
        handle = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
        if (handle == NULL) return NULL;
        __atomic_store_n(&library, handle, __ATOMIC_RELEASE);
    }
    return dlsym(handle, name);
}

static inline const EVP_MD *copenssl_md(const char *digest) {
    typedef const EVP_MD *(*F)(const char *);
    F f = (F)copenssl_symbol("EVP_get_digestbyname");
    return f ? f(digest) : NULL;
}

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
    typedef unsigned char *(*F)(const EVP_MD *, const void *, int, const unsigned char *, size_t, unsigned char *, unsigned int *);
    const EVP_MD *md = copenssl_md(digest);
    F hmac = (F)copenssl_symbol("HMAC");
    unsigned int length = 0;
    if (md == NULL || hmac == NULL) return 0;
    if (hmac(md, key, keyLength, data, dataLength, out, &length) == NULL) return 0;
    return length;
}

/* A message digest ("sha1", "sha256", ...) of `data`; returns the length, 0 on failure.
 * `out` must hold EVP_MAX_MD_SIZE bytes. */
static inline unsigned int copenssl_digest(const char *digest, const unsigned char *data, size_t dataLength,
                                           unsigned char *out) {
    typedef int (*F)(const void *, size_t, unsigned char *, unsigned int *, const EVP_MD *, void *);
    const EVP_MD *md = copenssl_md(digest);
    F evpDigest = (F)copenssl_symbol("EVP_Digest");
    unsigned int length = 0;
    if (md == NULL || evpDigest == NULL) return 0;
    if (evpDigest(data, dataLength, out, &length, md, NULL) != 1) return 0;
    return length;
}
#endif
