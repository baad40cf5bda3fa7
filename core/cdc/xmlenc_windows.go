package cdc

/*
#cgo pkg-config: libxml-2.0
#include <libxml/encoding.h>

// Windows-1252 bytes 0x80-0x9F as Unicode; the five bytes it leaves
// undefined map to the same code point, as Windows itself and the Go
// reader (reader.go) do.
static const unsigned short cd_cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

// cd_cp1252_to_utf8 follows libxml2's xmlCharEncodingInputFunc contract:
// convert as much as fits, report what was read and written.
static int cd_cp1252_to_utf8(unsigned char *out, int *outlen, const unsigned char *in, int *inlen) {
	unsigned char *o = out, *oend = out + *outlen;
	const unsigned char *i = in, *iend = in + *inlen;
	while (i < iend) {
		unsigned int c = *i;
		if (c >= 0x80 && c < 0xA0) c = cd_cp1252_high[c - 0x80];
		int n = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
		if (oend - o < n) break;
		if (n == 1) {
			*o++ = c;
		} else if (n == 2) {
			*o++ = 0xC0 | (c >> 6);
			*o++ = 0x80 | (c & 0x3F);
		} else {
			*o++ = 0xE0 | (c >> 12);
			*o++ = 0x80 | ((c >> 6) & 0x3F);
			*o++ = 0x80 | (c & 0x3F);
		}
		i++;
	}
	*outlen = o - out;
	*inlen = i - in;
	return *outlen;
}

static void cd_register_cp1252(void) {
	if (xmlFindCharEncodingHandler("WINDOWS-1252") != NULL) return;
	xmlNewCharEncodingHandler("WINDOWS-1252", cd_cp1252_to_utf8, NULL);
	xmlAddEncodingAlias("WINDOWS-1252", "CP1252");
}
*/
import "C"

// On Linux libxml2 reads Windows-1252 through iconv. The Windows build is
// made without iconv (MinGW has none), so a hand-made deposit declaring
// encoding="windows-1252" would be refused there while the same file
// passes on Linux: teach libxml2 this one encoding. ISO-8859-1 and -15
// are built into libxml2.
func init() { C.cd_register_cp1252() }
