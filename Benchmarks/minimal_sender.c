/* The baseline for Benchmarks/send.sh: the least a libcurl SMTP sender can do. It reads the
 * queued messages from an outreach queue (SQLite) and sends each over one reused easy handle,
 * with no bookkeeping. Usage: minimal_sender DB URL [CAFILE]   (URL: smtp://127.0.0.1:PORT) */
#include <curl/curl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

struct body { const char *data; size_t length, offset; };

static size_t read_body(char *buffer, size_t size, size_t count, void *context) {
    struct body *body = context;
    size_t room = size * count, left = body->length - body->offset;
    size_t length = left < room ? left : room;
    memcpy(buffer, body->data + body->offset, length);
    body->offset += length;
    return length;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: minimal_sender DB URL [CAFILE]\n"); return 64; }
    sqlite3 *db;
    sqlite3_stmt *rows;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return 66;
    sqlite3_prepare_v2(db, "SELECT envelopeFrom, envelopeTo, bytes FROM letter JOIN message ON message.letterId = letter.id WHERE channel = 'email' ORDER BY id", -1, &rows, NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, argv[2]);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_body);
    if (strncmp(argv[2], "smtp://", 7) == 0 && argc > 3) curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (argc > 3) curl_easy_setopt(curl, CURLOPT_CAINFO, argv[3]);
    int sent = 0, failed = 0;
    while (sqlite3_step(rows) == SQLITE_ROW) {
        char from[300], to[300];
        snprintf(from, sizeof from, "<%s>", (const char *)sqlite3_column_text(rows, 0));
        snprintf(to, sizeof to, "<%s>", (const char *)sqlite3_column_text(rows, 1));
        struct curl_slist *rcpt = curl_slist_append(NULL, to);
        struct body body = { sqlite3_column_blob(rows, 2), (size_t)sqlite3_column_bytes(rows, 2), 0 };
        curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
        curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
        curl_easy_setopt(curl, CURLOPT_READDATA, &body);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)body.length);
        if (curl_easy_perform(curl) == CURLE_OK) sent++; else failed++;
        curl_slist_free_all(rcpt);
    }
    printf("sent %d failed %d\n", sent, failed);
    curl_easy_cleanup(curl);
    sqlite3_finalize(rows);
    sqlite3_close(db);
    return failed ? 1 : 0;
}
