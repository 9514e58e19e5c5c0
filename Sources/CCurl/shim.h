#ifndef OUTREACH_CCURL_SHIM_H
#define OUTREACH_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed
// wrapper per argument type.

static inline CURLcode outreach_setopt_long(CURL *_Nonnull handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode outreach_setopt_string(CURL *_Nonnull handle, CURLoption option, const char *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode outreach_setopt_pointer(CURL *_Nonnull handle, CURLoption option, void *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode outreach_setopt_slist(CURL *_Nonnull handle, CURLoption option, struct curl_slist *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode outreach_setopt_blob(CURL *_Nonnull handle, CURLoption option, const void *_Nonnull data, size_t length) {
    struct curl_blob blob = { (void *)data, length, CURL_BLOB_COPY };
    return curl_easy_setopt(handle, option, &blob);
}

typedef size_t (*outreach_read_callback)(char *_Nonnull buffer, size_t size, size_t count, void *_Nullable context);
static inline CURLcode outreach_setopt_read_callback(CURL *_Nonnull handle, outreach_read_callback _Nonnull callback) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

typedef int (*outreach_debug_callback)(CURL *_Nonnull handle, curl_infotype type, char *_Nonnull data, size_t size, void *_Nullable context);
static inline CURLcode outreach_setopt_debug_callback(CURL *_Nonnull handle, outreach_debug_callback _Nonnull callback) {
    return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

// Called about once a second while libcurl blocks inside curl_multi_perform (7.88 waits for
// the reply to the end of a message there), and at other points of every transfer.
typedef int (*outreach_xferinfo_callback)(void *_Nullable context, curl_off_t download_total, curl_off_t download_now, curl_off_t upload_total, curl_off_t upload_now);
static inline CURLcode outreach_setopt_xferinfo_callback(CURL *_Nonnull handle, outreach_xferinfo_callback _Nonnull callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

// IMAP custom requests: libcurl 7.88 hands a FETCH reply's literal content to the header
// callback (the write callback gets only the `* n FETCH (... {size}` line), so both are set.
typedef size_t (*outreach_data_callback)(char *_Nonnull data, size_t size, size_t count, void *_Nullable context);
static inline CURLcode outreach_setopt_header_callback(CURL *_Nonnull handle, outreach_data_callback _Nonnull callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}
static inline CURLcode outreach_setopt_write_callback(CURL *_Nonnull handle, outreach_data_callback _Nonnull callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

// Called when libcurl has made the socket of a new connection, before it connects; returning
// CURL_SOCKOPT_ERROR abandons the connection (CURLE_ABORTED_BY_CALLBACK), nothing sent.
typedef int (*outreach_sockopt_callback)(void *_Nullable context, curl_socket_t socket, curlsocktype purpose);
static inline CURLcode outreach_setopt_sockopt_callback(CURL *_Nonnull handle, outreach_sockopt_callback _Nonnull callback) {
    return curl_easy_setopt(handle, CURLOPT_SOCKOPTFUNCTION, callback);
}

static inline CURLcode outreach_getinfo_long(CURL *_Nonnull handle, CURLINFO info, long *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode outreach_getinfo_string(CURL *_Nonnull handle, CURLINFO info, char *_Nullable *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

// The server's certificate chain of the last TLS handshake (CURLOPT_CERTINFO): one list of
// "Name:value" strings per certificate, the server's own first.
static inline CURLcode outreach_getinfo_certinfo(CURL *_Nonnull handle, struct curl_certinfo *_Nullable *_Nonnull value) {
    return curl_easy_getinfo(handle, CURLINFO_CERTINFO, value);
}

// The result of the transfer that finished in `multi` (one easy handle at a time), read from
// curl_multi_info_read's CURLMsg, whose union Swift does not import conveniently.
static inline CURLcode outreach_multi_result(CURLM *_Nonnull multi) {
    CURLcode result = CURLE_RECV_ERROR;
    int left = 0;
    CURLMsg *message;
    while ((message = curl_multi_info_read(multi, &left)) != NULL) {
        if (message->msg == CURLMSG_DONE) result = message->data.result;
    }
    return result;
}

#endif
