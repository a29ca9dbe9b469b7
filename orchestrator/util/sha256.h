/*
 * sha256.h: SHA-256 (FIPS 180-4), streaming. Used for the sha256 validation
 * mode, build keys, source, manifest and host fingerprints: small inputs,
 * hashed once. Not for run outputs: the sandbox hashes those with XXH3-128
 * (sandbox/README.md, "Output digest"), this code runs at ~0.07 GB/s.
 */
#ifndef VERSUS_SHA256_H
#define VERSUS_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t state[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t fill;
};

#define SHA256_HEX_LEN 64

void sha256_init(struct sha256 *ctx);
void sha256_update(struct sha256 *ctx, const void *data, size_t len);
/* Write 64 lower-case hex digits and a NUL into hex[65]. */
void sha256_final_hex(struct sha256 *ctx, char hex[SHA256_HEX_LEN + 1]);
/* One-shot helper. */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);

#endif
