/* MZCICS: the one C function a translated legacy program calls for each EXEC CICS command.
 *
 * It knows nothing about CICS. As MZSQL does for SQL, it sends every parameter of the CALL (the
 * command's key, the EIB, each option's argument) with the attributes libcob knows (type, digits,
 * scale, flags, size) and its raw bytes to the offline world over the inherited socket named by
 * MZCICS_FD, and copies the bytes the world sends back into the same parameters. All integers on
 * the wire are little-endian uint32.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libcob.h>

static int channel = -1;

static void fail(const char *why)
{
	fprintf(stderr, "MZCICS: %s\n", why);
	fflush(stderr);
	cob_stop_run(90);
}

static void put(const void *data, size_t size)
{
	const unsigned char *p = data;
	while (size > 0) {
		ssize_t n = write(channel, p, size);
		if (n <= 0) fail("the offline world closed the connection");
		p += n;
		size -= (size_t)n;
	}
}

static void get(void *data, size_t size)
{
	unsigned char *p = data;
	while (size > 0) {
		ssize_t n = read(channel, p, size);
		if (n <= 0) fail("the offline world closed the connection");
		p += n;
		size -= (size_t)n;
	}
}

static void put_u32(unsigned int value)
{
	unsigned char b[4] = {value & 255, (value >> 8) & 255, (value >> 16) & 255, (value >> 24) & 255};
	put(b, 4);
}

static unsigned int get_u32(void)
{
	unsigned char b[4];
	get(b, 4);
	return b[0] | (b[1] << 8) | (b[2] << 16) | ((unsigned int)b[3] << 24);
}

int MZCICS(void)
{
	int count = cob_get_num_params();
	int i;
	if (channel < 0) {
		const char *fd = getenv("MZCICS_FD");
		if (fd == NULL) fail("MZCICS_FD is not set: run the program through modernize's offline world");
		channel = atoi(fd);
	}
	put_u32((unsigned int)count);
	for (i = 1; i <= count; i++) {
		cob_field *f = cob_get_param_field(i, "MZCICS");
		if (f == NULL || f->attr == NULL) fail("a parameter could not be read");
		put_u32(f->attr->type);
		put_u32(f->attr->digits);
		put_u32((unsigned int)(int)f->attr->scale);
		put_u32(f->attr->flags);
		put_u32((unsigned int)f->size);
		put(f->data, f->size);
	}
	if ((int)get_u32() != count) fail("the offline world answered for another command");
	for (i = 1; i <= count; i++) {
		cob_field *f = cob_get_param_field(i, "MZCICS");
		unsigned int size = get_u32();
		if (size != f->size) fail("the offline world answered with another size");
		get(f->data, size);
	}
	return 0;
}
