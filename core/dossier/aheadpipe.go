package dossier

import (
	"io"
	"sync"
)

// aheadPipe is an in-memory pipe with room for a few chunks: the export
// writes on while the validator, on the other core, works through what is
// queued. io.Pipe would make each write wait until the validator has read
// all of it, so that writing and validating would mostly take turns.
type aheadPipe struct {
	chunks chan []byte // written, not yet read; closed by Close
	free   chan []byte // read, to be reused
	cur    []byte      // the chunk being read
	spent  []byte      // cur's whole buffer, returned to free once read
	mu     sync.Mutex
	err    error // what the reader gets after the last chunk
}

// aheadChunks bounds what waits in the pipe (aheadChunks writes of the
// writer's buffer size: 256 KiB each for cdc.Writer, 4 MiB in all).
const aheadChunks = 16

func newAheadPipe() *aheadPipe {
	return &aheadPipe{chunks: make(chan []byte, aheadChunks), free: make(chan []byte, aheadChunks+2)}
}

// Write queues a copy of p; it waits only when the pipe is full.
func (a *aheadPipe) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var buf []byte
	select {
	case buf = <-a.free:
	default:
	}
	if cap(buf) < len(p) {
		buf = make([]byte, len(p))
	}
	buf = buf[:len(p)]
	copy(buf, p)
	a.chunks <- buf
	return len(p), nil
}

// Close ends the stream: the reader gets io.EOF after the last chunk.
func (a *aheadPipe) Close() error { return a.CloseWithError(nil) }

// CloseWithError ends the stream: the reader gets err (io.EOF if nil)
// after the last chunk. Only the writer's goroutine may call it, once.
func (a *aheadPipe) CloseWithError(err error) error {
	if err == nil {
		err = io.EOF
	}
	a.mu.Lock()
	a.err = err
	a.mu.Unlock()
	close(a.chunks)
	return nil
}

// Read reads what was written, in order.
func (a *aheadPipe) Read(p []byte) (int, error) {
	if len(a.cur) == 0 {
		if a.spent != nil {
			select {
			case a.free <- a.spent:
			default:
			}
			a.spent = nil
		}
		buf, ok := <-a.chunks
		if !ok {
			a.mu.Lock()
			defer a.mu.Unlock()
			return 0, a.err
		}
		a.cur, a.spent = buf, buf
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}
