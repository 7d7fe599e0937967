/* fuzz-config.h - stands in for the config.h that configure writes, for
 * the fuzz targets that fuzz/Makefile builds without configure. */
#ifndef RECOURSE_FUZZ_CONFIG_H
#define RECOURSE_FUZZ_CONFIG_H
#define PACKAGE "recourse"
#define PACKAGE_NAME "recourse"
#define PACKAGE_VERSION "fuzz"
#define VERSION "fuzz"
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#define ENABLE_NLS 1
#endif
