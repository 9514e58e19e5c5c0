/* powercut.so: an LD_PRELOAD shim that lets a test see what a power cut would leave on disk.
 *
 * For every regular file in POWERCUT_DIR, it keeps in POWERCUT_SHADOW a copy of the file as
 * it was when the process last called fsync or fdatasync on it (taken before the real call,
 * with the process's writes held back meanwhile: exactly the bytes the sync covers). A sync
 * of the folder itself records the names it holds (POWERCUT_SHADOW/.names): the entries a
 * power cut keeps. After a SIGKILL, the test puts every file back as its copy says (see
 * PowerLossTests), which is the disk after a cut at that moment: nothing that was not synced.
 *
 * Also, for the tests of a full disk and of a new boot:
 *   POWERCUT_ENOSPC_AFTER=BYTES  once the tracked files have grown by BYTES, a write that
 *                                would make one longer fails with ENOSPC (writes within a
 *                                file's size still work, as they do on a full disk); files
 *                                ending in -shm are left alone (SQLite maps them).
 *   POWERCUT_SYNC_DELAY_US=N     each sync of a tracked file takes N more microseconds (a slow
 *                                disk, so that commits run ahead of their syncs).
 *   POWERCUT_BOOT_ID=ID          /proc/sys/kernel/random/boot_id reads ID: the boot after a cut.
 *
 * Build: cc -shared -fPIC -O2 -o powercut.so powercut.c -ldl -lpthread */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);

static const char *tracked_dir;
static size_t tracked_length;
static const char *shadow_dir;
static const char *boot_id;
static long long space_left = -1; /* -1: no limit */
static useconds_t sync_delay;
/* Held while a copy is taken and while a tracked file is written. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((constructor)) static void start(void) {
    real_write = dlsym(RTLD_NEXT, "write");
    real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_writev = dlsym(RTLD_NEXT, "writev");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_open = dlsym(RTLD_NEXT, "open");
    real_open64 = dlsym(RTLD_NEXT, "open64");
    real_openat = dlsym(RTLD_NEXT, "openat");
    tracked_dir = getenv("POWERCUT_DIR");
    tracked_length = tracked_dir ? strlen(tracked_dir) : 0;
    shadow_dir = getenv("POWERCUT_SHADOW");
    boot_id = getenv("POWERCUT_BOOT_ID");
    const char *space = getenv("POWERCUT_ENOSPC_AFTER");
    if (space) space_left = atoll(space);
    const char *delay = getenv("POWERCUT_SYNC_DELAY_US");
    if (delay) sync_delay = (useconds_t)atol(delay);
}

/* The path `fd` refers to, when it is the tracked folder or a file in it: 1 for a file, 2 for
 * the folder, 0 otherwise. */
static int tracked(int fd, char *path) {
    if (!tracked_dir || !shadow_dir) return 0;
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, path, PATH_MAX - 1);
    if (length <= 0) return 0;
    path[length] = 0;
    if (strncmp(path, tracked_dir, tracked_length) != 0) return 0;
    if (path[tracked_length] == 0) return 2;
    if (path[tracked_length] != '/' || strchr(path + tracked_length + 1, '/')) return 0;
    return 1;
}

static void write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t done = real_write(fd, data, length);
        if (done <= 0) return;
        data += done;
        length -= (size_t)done;
    }
}

/* Copies the file at `path` to the shadow folder, through a temporary file and a rename, so
 * that a SIGKILL during the copy leaves the previous copy whole. */
static void keep_copy(const char *path) {
    const char *name = strrchr(path, '/') + 1;
    char temporary[PATH_MAX], target[PATH_MAX];
    snprintf(temporary, sizeof temporary, "%s/.%s.partial", shadow_dir, name);
    snprintf(target, sizeof target, "%s/%s", shadow_dir, name);
    int source = real_open(path, O_RDONLY | O_CLOEXEC);
    if (source < 0) return;
    int copy = real_open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (copy < 0) {
        close(source);
        return;
    }
    char buffer[65536];
    ssize_t count;
    while ((count = read(source, buffer, sizeof buffer)) > 0) write_all(copy, buffer, (size_t)count);
    close(source);
    close(copy);
    rename(temporary, target);
}

/* Records the names in the tracked folder: the entries a sync of the folder makes durable. */
static void keep_names(void) {
    char temporary[PATH_MAX], target[PATH_MAX];
    snprintf(temporary, sizeof temporary, "%s/..names.partial", shadow_dir);
    snprintf(target, sizeof target, "%s/.names", shadow_dir);
    int list = real_open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (list < 0) return;
    DIR *folder = opendir(tracked_dir);
    if (folder) {
        struct dirent *entry;
        while ((entry = readdir(folder)) != NULL) {
            if (entry->d_name[0] == '.' && (entry->d_name[1] == 0 || entry->d_name[1] == '.')) continue;
            write_all(list, entry->d_name, strlen(entry->d_name));
            write_all(list, "\n", 1);
        }
        closedir(folder);
    }
    close(list);
    rename(temporary, target);
}

static void before_sync(int fd) {
    char path[PATH_MAX];
    int kind = tracked(fd, path);
    if (kind == 0) return;
    pthread_mutex_lock(&lock);
    if (kind == 1) keep_copy(path); else keep_names();
    pthread_mutex_unlock(&lock);
    if (kind == 1 && sync_delay) usleep(sync_delay);
}

int fsync(int fd) {
    before_sync(fd);
    return real_fsync(fd);
}

int fdatasync(int fd) {
    before_sync(fd);
    return real_fdatasync(fd);
}

/* Before a write of `length` bytes at `offset` (-1: the current offset) to `fd`: 1 when it may
 * go (the lock is then held, for `after_write`), 0 when it fails with ENOSPC, -1 when the file
 * is not tracked. */
static int before_write(int fd, off_t offset, size_t length) {
    char path[PATH_MAX];
    if (tracked(fd, path) != 1) return -1;
    pthread_mutex_lock(&lock);
    size_t name_length = strlen(path);
    if (space_left >= 0 && !(name_length > 4 && strcmp(path + name_length - 4, "-shm") == 0)) {
        struct stat info;
        if (fstat(fd, &info) == 0) {
            if (offset < 0) offset = (fcntl(fd, F_GETFL) & O_APPEND) ? info.st_size : lseek(fd, 0, SEEK_CUR);
            long long growth = (long long)offset + (long long)length - (long long)info.st_size;
            if (growth > 0) {
                if (growth > space_left) {
                    pthread_mutex_unlock(&lock);
                    errno = ENOSPC;
                    return 0;
                }
                space_left -= growth;
            }
        }
    }
    return 1;
}

static void after_write(int state) {
    if (state == 1) pthread_mutex_unlock(&lock);
}

ssize_t write(int fd, const void *data, size_t length) {
    int state = before_write(fd, -1, length);
    if (state == 0) return -1;
    ssize_t result = real_write(fd, data, length);
    after_write(state);
    return result;
}

ssize_t pwrite(int fd, const void *data, size_t length, off_t offset) {
    int state = before_write(fd, offset, length);
    if (state == 0) return -1;
    ssize_t result = real_pwrite(fd, data, length, offset);
    after_write(state);
    return result;
}

ssize_t pwrite64(int fd, const void *data, size_t length, off64_t offset) {
    int state = before_write(fd, (off_t)offset, length);
    if (state == 0) return -1;
    ssize_t result = real_pwrite64(fd, data, length, offset);
    after_write(state);
    return result;
}

ssize_t writev(int fd, const struct iovec *parts, int count) {
    size_t length = 0;
    for (int index = 0; index < count; index++) length += parts[index].iov_len;
    int state = before_write(fd, -1, length);
    if (state == 0) return -1;
    ssize_t result = real_writev(fd, parts, count);
    after_write(state);
    return result;
}

/* A file holding POWERCUT_BOOT_ID, for a read of the kernel's boot id. */
static int fake_boot_id(const char *path) {
    if (!boot_id || strcmp(path, "/proc/sys/kernel/random/boot_id") != 0) return -1;
    int fd = memfd_create("boot_id", MFD_CLOEXEC);
    if (fd < 0) return -1;
    write_all(fd, boot_id, strlen(boot_id));
    write_all(fd, "\n", 1);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

static mode_t mode_argument(int flags, va_list arguments) {
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(arguments, int) : 0;
}

int open(const char *path, int flags, ...) {
    va_list arguments;
    va_start(arguments, flags);
    mode_t mode = mode_argument(flags, arguments);
    va_end(arguments);
    int fake = fake_boot_id(path);
    return fake >= 0 ? fake : real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...) {
    va_list arguments;
    va_start(arguments, flags);
    mode_t mode = mode_argument(flags, arguments);
    va_end(arguments);
    int fake = fake_boot_id(path);
    return fake >= 0 ? fake : real_open64(path, flags, mode);
}

int openat(int folder, const char *path, int flags, ...) {
    va_list arguments;
    va_start(arguments, flags);
    mode_t mode = mode_argument(flags, arguments);
    va_end(arguments);
    int fake = fake_boot_id(path);
    return fake >= 0 ? fake : real_openat(folder, path, flags, mode);
}
