#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>

/*
 * libcurl is loaded on the first transfer (dlopen), not at start-up: a cron run whose
 * address is unchanged makes no HTTP request and should not pay for mapping libcurl and its
 * ~30 dependencies (TLS, Kerberos, LDAP, ...).
 *
 * curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are also variadic (and
 * type-checking macros), which Swift cannot call: one typed wrapper per argument type.
 */
static inline void *ccurl_symbol(const char *name) {
    static void *library;
    void *handle = __atomic_load_n(&library, __ATOMIC_ACQUIRE);
    if (handle == NULL) {
        handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (handle == NULL) return NULL;
        __atomic_store_n(&library, handle, __ATOMIC_RELEASE);
    }
    return dlsym(handle, name);
}

#define CCURL_RESOLVE(type, symbol)                                  \
    static type cached;                                              \
    type f = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);             \
    if (f == NULL) {                                                 \
        f = (type)ccurl_symbol(symbol);                              \
        __atomic_store_n(&cached, f, __ATOMIC_RELEASE);              \
    }

/* True when libcurl could be loaded. */
static inline int ccurl_available(void) { return ccurl_symbol("curl_easy_init") != NULL; }

static inline CURLcode ccurl_global_init(long flags) {
    typedef CURLcode (*F)(long);
    CCURL_RESOLVE(F, "curl_global_init")
    return f ? f(flags) : CURLE_FAILED_INIT;
}
static inline CURL *ccurl_easy_init(void) {
    typedef CURL *(*F)(void);
    CCURL_RESOLVE(F, "curl_easy_init")
    return f ? f() : NULL;
}
static inline void ccurl_easy_cleanup(CURL *handle) {
    typedef void (*F)(CURL *);
    CCURL_RESOLVE(F, "curl_easy_cleanup")
    if (f) f(handle);
}
static inline CURLcode ccurl_easy_perform(CURL *handle) {
    typedef CURLcode (*F)(CURL *);
    CCURL_RESOLVE(F, "curl_easy_perform")
    return f ? f(handle) : CURLE_FAILED_INIT;
}
static inline const char *ccurl_easy_strerror(CURLcode code) {
    typedef const char *(*F)(CURLcode);
    CCURL_RESOLVE(F, "curl_easy_strerror")
    return f ? f(code) : "libcurl (libcurl.so.4) cannot be loaded";
}
static inline struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *text) {
    typedef struct curl_slist *(*F)(struct curl_slist *, const char *);
    CCURL_RESOLVE(F, "curl_slist_append")
    return f ? f(list, text) : list;
}
static inline void ccurl_slist_free_all(struct curl_slist *list) {
    typedef void (*F)(struct curl_slist *);
    CCURL_RESOLVE(F, "curl_slist_free_all")
    if (f && list) f(list);
}

typedef CURLcode (*ccurl_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*ccurl_getinfo_fn)(CURL *, CURLINFO, ...);

static inline ccurl_setopt_fn ccurl_setopt(void) {
    CCURL_RESOLVE(ccurl_setopt_fn, "curl_easy_setopt")
    return f;
}
static inline ccurl_getinfo_fn ccurl_getinfo(void) {
    CCURL_RESOLVE(ccurl_getinfo_fn, "curl_easy_getinfo")
    return f;
}

static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    ccurl_setopt_fn f = ccurl_setopt();
    return f ? f(handle, option, value) : CURLE_FAILED_INIT;
}
static inline CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    ccurl_setopt_fn f = ccurl_setopt();
    return f ? f(handle, option, value) : CURLE_FAILED_INIT;
}
static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    ccurl_setopt_fn f = ccurl_setopt();
    return f ? f(handle, option, value) : CURLE_FAILED_INIT;
}
static inline CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    ccurl_setopt_fn f = ccurl_setopt();
    return f ? f(handle, option, value) : CURLE_FAILED_INIT;
}
static inline CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    ccurl_setopt_fn f = ccurl_setopt();
    return f ? f(handle, option, value) : CURLE_FAILED_INIT;
}

/* Macros with casts do not import into Swift. */
static const long ccurl_auth_basic = (long)CURLAUTH_BASIC;

typedef size_t (*ccurl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

static inline CURLcode ccurl_easy_setopt_write_function(CURL *handle, ccurl_data_callback callback) {
    ccurl_setopt_fn f = ccurl_setopt();
    return f ? f(handle, CURLOPT_WRITEFUNCTION, callback) : CURLE_FAILED_INIT;
}
static inline CURLcode ccurl_easy_setopt_header_function(CURL *handle, ccurl_data_callback callback) {
    ccurl_setopt_fn f = ccurl_setopt();
    return f ? f(handle, CURLOPT_HEADERFUNCTION, callback) : CURLE_FAILED_INIT;
}

/* Progress callback: a non-zero return aborts the transfer (CURLE_ABORTED_BY_CALLBACK). */
typedef int (*ccurl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode ccurl_easy_setopt_xferinfo_function(CURL *handle, ccurl_xferinfo_callback callback) {
    ccurl_setopt_fn f = ccurl_setopt();
    return f ? f(handle, CURLOPT_XFERINFOFUNCTION, callback) : CURLE_FAILED_INIT;
}

static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *out) {
    ccurl_getinfo_fn f = ccurl_getinfo();
    return f ? f(handle, info, out) : CURLE_FAILED_INIT;
}
static inline CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, char **out) {
    ccurl_getinfo_fn f = ccurl_getinfo();
    return f ? f(handle, info, out) : CURLE_FAILED_INIT;
}

#endif
