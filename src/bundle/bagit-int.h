/* bagit-int.h - what the writer and the verifier of src/bundle share. */
#ifndef RECOURSE_BAGIT_INT_H
#define RECOURSE_BAGIT_INT_H

#include "bagit.h"

/* Longest path accepted in a bag (bytes). */
#define RC_BAG_PATH_MAX 1024
/* Largest tag file the verifier reads into memory (the manifests of a
 * bag with a million files fit). */
#define RC_BAG_TAG_MAX ((size_t)256 << 20)

/* True for the names of the tag files at the top of a bag: bagit.txt,
 * bag-info.txt, fetch.txt, manifest-*.txt, tagmanifest-*.txt. */
bool rc_bag_is_tag_name(const char *path);

/* bag_hash.c: SHA-256 and SHA-512 together (OpenSSL EVP). */
struct bag_hash {
	void *s256, *s512; /* EVP_MD_CTX */
};
bool bag_hash_init(struct bag_hash *h);
void bag_hash_update(struct bag_hash *h, const void *p, size_t n);
/* Both digests, and the contexts freed. */
void bag_hash_final(struct bag_hash *h, unsigned char sha256[32], unsigned char sha512[64]);
void bag_hash_free(struct bag_hash *h);

/* ------------------------------------------------------------------ */
/* The writer (bag_write.c: the bag, its tag files, the commit;
 * bag_files.c: the payload files, hashed and written by a second
 * thread while the caller makes the next bytes). */

#include <pthread.h>
#include <time.h>

#define CHUNK ((size_t)64 << 10)
#define BAG_BUF ((size_t)1 << 20)  /* a payload buffer handed to the worker */
#define BAG_NBUF 8                 /* buffers in all: at most 8 MB held */
#define BAG_QCAP 64                /* jobs waiting */

struct rc_bag_out {
	struct rc_bag_writer *w;
	char *path;          /* relative to data/ */
	int fd;              /* a folder's file, or an archive's staged copy; -1: straight into the archive */
	bool staged;         /* archives: written to an unnamed file first, its size unknown */
	int64_t declared;    /* the size announced (-1: unknown) */
	uint64_t size;       /* the bytes given so far (the caller's thread) */
	unsigned char *buf;  /* the buffer being filled (the caller's thread) */
	size_t len;
	bool closed;         /* the caller closed it */
	uint64_t written, flushed; /* the worker's: bytes written to fd, and handed to the disk */
	struct bag_hash hs;  /* the worker's */
	char sha256[65], sha512[129]; /* the worker's, once closed */
	struct rc_bag_out *pending; /* archives: staged files waiting for their turn */
};

enum bag_job_kind { JOB_OPEN, JOB_DATA, JOB_CLOSE };
struct bag_job {
	struct rc_bag_out *f;
	enum bag_job_kind kind;
	unsigned char *buf;
	size_t len;
};

struct rc_bag_writer {
	char *dest;   /* as given */
	char *parent; /* its folder */
	char *tmp;    /* the temporary folder or file, once created */
	char *prefix; /* archives: "NAME/" before every path */
	enum rc_bag_format fmt;
	int fd;              /* archives: the temporary file */
	struct archive *ar;  /* archives */
	int ar_errno;        /* the errno of the last failed archive write */
	int file_fd;         /* folders: the tag file being written */
	struct rc_strset names; /* every path written, relative to the bag */
	struct rc_strset dirs;  /* folders: the ones made, relative */
	struct rc_buf tagmanifest;
	unsigned char tm_sha[32];
	unsigned char *chunk;
	time_t mtime;
	bool begun, written, committed, broken;
	/* the payload files, in the order opened */
	struct rc_bag_out **files;
	size_t nfiles;
	bool direct_open;    /* archives: a file of known size is being written into it */
	/* the worker thread and what it shares with the caller's (mu) */
	pthread_t thread;
	bool running;
	pthread_mutex_t mu;
	pthread_cond_t cv_job, cv_free;
	struct bag_job q[BAG_QCAP];
	size_t qh, qn;
	unsigned char *pool[BAG_NBUF];
	size_t npool;
	bool stop, busy;
	int werr;            /* the worker's first failure (an errno), then it only frees buffers */
	struct rc_bag_out *pending, *pending_tail; /* the worker's */
	bool ar_busy;        /* the worker: an archive entry is open */
	uint64_t ar_written, ar_flushed; /* archives: the same for the archive's file */
};

/* bag_write.c */
int bag_raw_write(int fd, const void *p, size_t n);
/* Start writing what is new in fd since *flushed to the disk once it is
 * 8 MB or more (sync_file_range): the fsync at the file's end then waits
 * for little, and the disk works while the caller makes more bytes. */
void bag_flush_early(int fd, uint64_t written, uint64_t *flushed);
enum rc_status bag_dest_error(int err);
enum rc_status bag_name_add(struct rc_bag_writer *w, const char *rel);
enum rc_status bag_mkdirs(struct rc_bag_writer *w, const char *rel);
/* An archive entry's header for rel (relative to the bag): libarchive's
 * status, or ARCHIVE_FATAL - 1 when out of memory. */
int bag_ar_header(struct rc_bag_writer *w, const char *rel, uint64_t size);
/* bag_files.c */
void bag_worker_start(struct rc_bag_writer *w);
/* Wait until the worker has done every job; its failure, if any. */
enum rc_status bag_worker_sync(struct rc_bag_writer *w);
/* Stop and join the worker (jobs still waiting are dropped), closing
 * every payload file. */
void bag_worker_stop(struct rc_bag_writer *w);
void bag_files_free(struct rc_bag_writer *w);

#endif
