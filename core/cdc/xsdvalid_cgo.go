package cdc

/*
#cgo pkg-config: libxml-2.0
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>

#if LIBXML_VERSION >= 21200
#define CD_CONST const
#else
#define CD_CONST
#endif

#define CD_MAXDEPTH 80
#define CD_MAXCHILD 48

// cd_frame is one open element: where it starts and the distinct names of
// its children so far, so that a "missing child" error can be explained
// from the elements actually present.
typedef struct {
	const xmlChar *name;
	int line;
	int n;
	const xmlChar *children[CD_MAXCHILD];
} cd_frame;

// cd_run is the state of one validation. Each validation has its own:
// several may run at once on different threads.
typedef struct {
	uintptr_t h;               // Go handle of the streamRun
	xmlSchemaValidCtxtPtr v;
	int stop;                  // set from another thread to cancel
	int dtdLine;               // line of a DOCTYPE, 0 if none
	int depth;
	cd_frame frames[CD_MAXDEPTH];
	cd_frame closed;           // the element closed last
	char children[CD_MAXCHILD * 64];
} cd_run;

extern void goCollectXMLError(uintptr_t h, int domain, int code, int level, int line, int column, char *msg,
	int elemLine, char *elemName, char *children);
extern int goReadInput(uintptr_t h, char *buf, int len);

static xmlParserCtxtPtr cd_parser(cd_run *r) {
	return xmlSchemaValidCtxtGetParserCtxt(r->v);
}

static int cd_line(cd_run *r) {
	xmlParserCtxtPtr p = cd_parser(r);
	if (p != NULL && p->input != NULL) return p->input->line;
	return 0;
}

static void cd_halt(cd_run *r) {
	xmlParserCtxtPtr p = cd_parser(r);
	if (p != NULL) xmlStopParser(p);
}

static void cd_serr(void *ctx, CD_CONST xmlError *e) {
	cd_run *r = (cd_run *)ctx;
	if (e == NULL || r == NULL) return;
	int elemLine = 0;
	char *name = "", *kids = "";
	if (e->domain == XML_FROM_SCHEMASV && r->closed.name != NULL) {
		// Content errors are raised as the element closes, after our
		// end handler: the closed frame is the element concerned.
		size_t off = 0;
		for (int i = 0; i < r->closed.n; i++) {
			size_t l = strlen((const char *)r->closed.children[i]);
			if (off + l + 2 >= sizeof(r->children)) break;
			if (off > 0) r->children[off++] = ' ';
			memcpy(r->children + off, r->closed.children[i], l);
			off += l;
		}
		r->children[off] = 0;
		kids = r->children;
		name = (char *)r->closed.name;
		elemLine = r->closed.line;
	}
	goCollectXMLError(r->h, e->domain, e->code, e->level, e->line, e->int2, e->message, elemLine, name, kids);
}

static void cd_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		const xmlChar **attributes) {
	cd_run *r = (cd_run *)ctx;
	if (__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) {
		cd_halt(r);
		return;
	}
	if (r->depth > 0 && r->depth <= CD_MAXDEPTH) {
		cd_frame *parent = &r->frames[r->depth - 1];
		int seen = 0;
		for (int i = 0; i < parent->n; i++) {
			if (parent->children[i] == localname) { seen = 1; break; }
		}
		if (!seen && parent->n < CD_MAXCHILD) parent->children[parent->n++] = localname;
	}
	if (r->depth < CD_MAXDEPTH) {
		cd_frame *f = &r->frames[r->depth];
		f->name = localname;
		f->line = cd_line(r);
		f->n = 0;
	}
	r->depth++;
	r->closed.name = NULL;
}

static void cd_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI) {
	cd_run *r = (cd_run *)ctx;
	if (r->depth > 0) r->depth--;
	if (r->depth < CD_MAXDEPTH) r->closed = r->frames[r->depth];
	else r->closed.name = NULL;
	if (__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) cd_halt(r);
}

// A DOCTYPE is refused by the parser itself, wherever it stands: the
// parse stops before its internal subset is read.
static void cd_doctype(void *ctx, const xmlChar *name, const xmlChar *ExternalID, const xmlChar *SystemID) {
	cd_run *r = (cd_run *)ctx;
	r->dtdLine = cd_line(r);
	if (r->dtdLine == 0) r->dtdLine = 1;
	cd_halt(r);
}

static void cd_entity(void *ctx, const xmlChar *name, int type, const xmlChar *publicId,
		const xmlChar *systemId, xmlChar *content) {
	cd_doctype(ctx, name, publicId, systemId);
}

static int cd_read(void *ctx, char *buf, int len) {
	cd_run *r = (cd_run *)ctx;
	if (__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) return -1;
	return goReadInput(r->h, buf, len);
}

static int cd_close(void *ctx) { return 0; }

static cd_run *cd_new_run(uintptr_t h) {
	cd_run *r = calloc(1, sizeof(cd_run));
	if (r != NULL) r->h = h;
	return r;
}

static void cd_cancel(cd_run *r) { __atomic_store_n(&r->stop, 1, __ATOMIC_RELAXED); }

// cd_validate_stream validates what cd_read returns while it is read
// (streaming: memory does not grow with the file), reporting every parser
// and schema error with its line and column.
static int cd_validate_stream(uintptr_t schema, cd_run *r) {
	xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt((xmlSchemaPtr)(void *)schema);
	if (v == NULL) return -1;
	r->v = v;
	xmlSchemaSetValidStructuredErrors(v, cd_serr, r);
	xmlSAXHandler sax;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = cd_start;
	sax.endElementNs = cd_end;
	sax.internalSubset = cd_doctype;
	sax.entityDecl = cd_entity;
	xmlParserInputBufferPtr in = xmlParserInputBufferCreateIO(cd_read, cd_close, r, XML_CHAR_ENCODING_NONE);
	if (in == NULL) {
		xmlSchemaFreeValidCtxt(v);
		return -1;
	}
	// Parser errors (not well-formed XML) go to the calling thread's
	// handler: libxml2 keeps it per thread, and the Go side locks the
	// goroutine to its thread for the whole call.
	xmlSetStructuredErrorFunc(r, cd_serr);
	int rc = xmlSchemaValidateStream(v, in, XML_CHAR_ENCODING_NONE, &sax, r);
	xmlSetStructuredErrorFunc(NULL, NULL);
	r->v = NULL;
	xmlSchemaFreeValidCtxt(v);
	return rc;
}

static void cd_silent(void *ctx, CD_CONST xmlError *e) {}

// cd_validate_file_plain is libxml2's own xmlSchemaValidateFile, errors
// discarded: the baseline the streaming validation is measured against.
static int cd_validate_file_plain(uintptr_t schema, const char *path) {
	xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt((xmlSchemaPtr)(void *)schema);
	if (v == NULL) return -1;
	xmlSchemaSetValidStructuredErrors(v, cd_silent, NULL);
	xmlSetStructuredErrorFunc(NULL, cd_silent);
	int rc = xmlSchemaValidateFile(v, path, 0);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSchemaFreeValidCtxt(v);
	return rc;
}
// cd_schema_error is the first error libxml2 raised while parsing a
// schema on this thread: kept for a French message, never printed.
static __thread char cd_schema_msg[512];
static __thread int cd_schema_line;

static void cd_schema_serr(void *ctx, CD_CONST xmlError *e) {
	if (e == NULL || cd_schema_msg[0] != 0) return;
	cd_schema_line = e->line;
	if (e->message != NULL) {
		strncpy(cd_schema_msg, e->message, sizeof(cd_schema_msg) - 1);
		cd_schema_msg[sizeof(cd_schema_msg) - 1] = 0;
	}
}

static void cd_schema_generic(void *ctx, const char *msg, ...) {}

// cd_collect_schema_errors routes this thread's libxml2 errors to the
// collector (on) or back to libxml2's defaults (off).
static void cd_collect_schema_errors(int on) {
	if (on) {
		cd_schema_msg[0] = 0;
		cd_schema_line = 0;
		xmlSetStructuredErrorFunc(NULL, cd_schema_serr);
		xmlSetGenericErrorFunc(NULL, cd_schema_generic);
	} else {
		xmlSetStructuredErrorFunc(NULL, NULL);
		xmlSetGenericErrorFunc(NULL, NULL);
	}
}

static const char *cd_schema_error(int *line) { *line = cd_schema_line; return cd_schema_msg; }
*/
import "C"

import (
	"errors"
	"io"
	"runtime"
	"runtime/cgo"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/lestrrat-go/libxml2/xsd"
)

// xmlError is one error reported by libxml2.
type xmlError struct {
	Domain, Code, Level int
	Line, Column        int
	Message             string
	// For schema errors raised as an element closes: that element, the
	// line it starts on and the distinct names of its children.
	Elem     string
	ElemLine int
	Children []string
}

// Level values of libxml2's xmlErrorLevel.
const (
	xmlLevelWarning = 1
	xmlLevelError   = 2
	xmlLevelFatal   = 3
)

// Domains of libxml2's xmlErrorDomain used here.
const (
	xmlDomainParser    = C.XML_FROM_PARSER
	xmlDomainNamespace = C.XML_FROM_NAMESPACE
	xmlDomainIO        = C.XML_FROM_IO
	xmlDomainEncoding  = C.XML_FROM_I18N
	xmlDomainSchemaV   = C.XML_FROM_SCHEMASV
)

// streamRun is the Go side of one validation.
type streamRun struct {
	in       *prefetcher // the input, guarded
	errs     []xmlError
	limit    int
	more     int         // errors past limit, counted but not kept
	readErr  error       // the reader failed
	guardErr *InputError // the guard refused the input
	stopped  atomic.Bool // cancelled or timed out
}

//export goCollectXMLError
func goCollectXMLError(h C.uintptr_t, domain, code, level, line, column C.int, msg *C.char, elemLine C.int, elem, children *C.char) {
	s := cgo.Handle(h).Value().(*streamRun)
	if s.guardErr != nil || s.readErr != nil || s.stopped.Load() {
		return // echoes of the stop
	}
	if len(s.errs) >= s.limit {
		s.more++
		return
	}
	e := xmlError{Domain: int(domain), Code: int(code), Level: int(level),
		Line: int(line), Column: int(column), Message: C.GoString(msg)}
	if name := C.GoString(elem); name != "" {
		e.Elem, e.ElemLine = name, int(elemLine)
		for _, c := range splitSpaces(C.GoString(children)) {
			e.Children = append(e.Children, c)
		}
	}
	s.errs = append(s.errs, e)
}

//export goReadInput
func goReadInput(h C.uintptr_t, buf *C.char, n C.int) C.int {
	s := cgo.Handle(h).Value().(*streamRun)
	if s.stopped.Load() || s.guardErr != nil || s.readErr != nil {
		return -1
	}
	k, err := s.in.Read(unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(n)))
	var ierr *InputError
	switch {
	case k > 0:
		return C.int(k)
	case errors.Is(err, io.EOF):
		return 0
	case errors.As(err, &ierr):
		s.guardErr = ierr
	default:
		s.readErr = err
	}
	return -1
}

var initOnce sync.Once

// validateStream runs libxml2's streaming schema validation of what r
// returns against the parsed schema pointer. cancel, once closed, stops
// the validation at the next element or read.
func validateStream(schema uintptr, s *streamRun, cancel <-chan struct{}) (dtdLine int, rc int) {
	initOnce.Do(func() { C.xmlInitParser() })
	h := cgo.NewHandle(s)
	defer h.Delete()
	run := C.cd_new_run(C.uintptr_t(h))
	if run == nil {
		return 0, -1
	}
	defer C.free(unsafe.Pointer(run))
	done := make(chan struct{})
	var watcher sync.WaitGroup
	watcher.Add(1)
	go func() {
		defer watcher.Done()
		select {
		case <-cancel:
			s.stopped.Store(true)
			C.cd_cancel(run)
		case <-done:
		}
	}()
	runtime.LockOSThread() // the parser error handler is per thread
	rc = int(C.cd_validate_stream(C.uintptr_t(schema), run))
	runtime.UnlockOSThread()
	close(done)
	watcher.Wait()
	return int(run.dtdLine), rc
}

func splitSpaces(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
			}
			start = -1
		} else if start < 0 {
			start = i
		}
	}
	return out
}

// validateFilePlain runs xmlSchemaValidateFile itself, for the benchmark
// that compares the streaming validation with it.
func validateFilePlain(schema uintptr, path string) int {
	initOnce.Do(func() { C.xmlInitParser() })
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return int(C.cd_validate_file_plain(C.uintptr_t(schema), cpath))
}

// parseSchemaQuietly parses an XSD with libxml2 with its error messages
// collected instead of printed: the first one and its line come back with
// the error, for a French message.
func parseSchemaQuietly(b []byte) (parsed *xsd.Schema, msg string, line int, err error) {
	runtime.LockOSThread() // libxml2's error handlers are per thread
	defer runtime.UnlockOSThread()
	C.cd_collect_schema_errors(1)
	defer C.cd_collect_schema_errors(0)
	parsed, err = xsd.Parse(b)
	if err != nil {
		var cl C.int
		msg = C.GoString(C.cd_schema_error(&cl))
		line = int(cl)
	}
	return parsed, msg, line, err
}
