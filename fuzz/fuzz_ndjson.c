/* fuzz_ndjson.c - the importer with RC_IMPORT_NDJSON (fuzz_import.h says what is
 * checked). */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_import(RC_IMPORT_NDJSON, data, size);
}
