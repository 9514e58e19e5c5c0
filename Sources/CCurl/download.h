#ifndef OUTREACH_CCURL_DOWNLOAD_H
#define OUTREACH_CCURL_DOWNLOAD_H

#include <curl/curl.h>

// Typed wrappers for an HTTPS download (curl_easy_setopt and curl_easy_getinfo are variadic).

typedef size_t (*outreach_download_callback)(char *_Nonnull data, size_t size, size_t count, void *_Nullable context);

static inline CURLcode outreach_download_setopt_write(CURL *_Nonnull handle, outreach_download_callback _Nonnull callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode outreach_download_setopt_header(CURL *_Nonnull handle, outreach_download_callback _Nonnull callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

static inline CURLcode outreach_download_setopt_offset(CURL *_Nonnull handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

typedef int (*outreach_download_progress)(void *_Nullable context, curl_off_t download_total, curl_off_t downloaded,
                                         curl_off_t upload_total, curl_off_t uploaded);

static inline CURLcode outreach_download_setopt_progress(CURL *_Nonnull handle, outreach_download_progress _Nonnull callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

#endif
