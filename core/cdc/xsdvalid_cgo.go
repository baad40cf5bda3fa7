package cdc

/*
#cgo pkg-config: libxml-2.0
#include <stdint.h>
#include <stdlib.h>
#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>

#if LIBXML_VERSION >= 21200
#define CD_CONST const
#else
#define CD_CONST
#endif

extern void goCollectXMLError(uintptr_t h, int domain, int code, int level, int line, int column, char *msg);

static void cd_serr(void *ctx, CD_CONST xmlError *e) {
	if (e == NULL) return;
	goCollectXMLError((uintptr_t)ctx, e->domain, e->code, e->level, e->line, e->int2, e->message);
}

// cd_validate_file validates the file while reading it (streaming, so a
// 300 MB deposit needs little memory), reporting every parser and schema
// error with its line and column to the Go collector h.
static int cd_validate_file(uintptr_t schema, const char *path, uintptr_t h) {
	xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt((xmlSchemaPtr)(void *)schema);
	if (v == NULL) return -1;
	xmlSchemaSetValidStructuredErrors(v, cd_serr, (void *)h);
	// Parser errors (not well-formed XML) go to the thread's handler.
	xmlSetStructuredErrorFunc((void *)h, cd_serr);
	int rc = xmlSchemaValidateFile(v, path, 0);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSchemaFreeValidCtxt(v);
	return rc;
}
*/
import "C"

import (
	"runtime"
	"runtime/cgo"
	"unsafe"
)

// xmlError is one error reported by libxml2.
type xmlError struct {
	Domain, Code, Level int
	Line, Column        int
	Message             string
}

// Level values of libxml2's xmlErrorLevel.
const (
	xmlLevelWarning = 1
	xmlLevelError   = 2
	xmlLevelFatal   = 3
)

// xmlDomainParser is XML_FROM_PARSER: the file is not well-formed.
const xmlDomainParser = 1

type collector struct {
	errs  []xmlError
	limit int
	more  int // errors past limit, counted but not kept
}

//export goCollectXMLError
func goCollectXMLError(h C.uintptr_t, domain, code, level, line, column C.int, msg *C.char) {
	c := cgo.Handle(h).Value().(*collector)
	if len(c.errs) >= c.limit {
		c.more++
		return
	}
	c.errs = append(c.errs, xmlError{Domain: int(domain), Code: int(code), Level: int(level),
		Line: int(line), Column: int(column), Message: C.GoString(msg)})
}

// validateFile runs libxml2's streaming schema validation of path against
// the parsed schema pointer. It keeps at most limit errors.
func validateFile(schema uintptr, path string, limit int) (errs []xmlError, more int, rc int) {
	c := &collector{limit: limit}
	h := cgo.NewHandle(c)
	defer h.Delete()
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	runtime.LockOSThread() // the parser error handler is per thread
	defer runtime.UnlockOSThread()
	rc = int(C.cd_validate_file(C.uintptr_t(schema), cpath, C.uintptr_t(h)))
	return c.errs, c.more, rc
}
