package cdc

import (
	"errors"
	"io"
)

// prefetcher reads the input on its own goroutine and passes each chunk
// through the input guard before handing it over, so that the guard and
// the reads run on another core while libxml2 parses the previous chunk.
// No byte reaches the parser before the guard has seen it.
type prefetcher struct {
	ch   chan prefetched
	free chan []byte
	done chan struct{}
	cur  []byte // what is left of the chunk being handed over
	buf  []byte // the buffer cur is in, returned once consumed
	err  error  // io.EOF, the reader's error or the guard's *InputError
	enc  unitEncoding
}

type prefetched struct {
	b   []byte
	err error
	enc unitEncoding
}

const prefetchChunk = 256 << 10

func newPrefetcher(r io.Reader, g *inputGuard) *prefetcher {
	p := &prefetcher{ch: make(chan prefetched, 2), free: make(chan []byte, 3), done: make(chan struct{})}
	for i := 0; i < 3; i++ {
		p.free <- make([]byte, prefetchChunk)
	}
	go p.run(r, g)
	return p
}

func (p *prefetcher) run(r io.Reader, g *inputGuard) {
	defer close(p.ch)
	for {
		var buf []byte
		select {
		case buf = <-p.free:
		case <-p.done:
			return
		}
		n, err := r.Read(buf)
		c := prefetched{}
		if n > 0 {
			if gerr := g.feed(buf[:n]); gerr != nil {
				c.err, n = gerr, 0
			}
		}
		if c.err == nil && errors.Is(err, io.EOF) {
			if gerr := g.end(); gerr != nil {
				c.err = gerr
			} else {
				c.err = io.EOF
			}
		} else if c.err == nil && err != nil {
			c.err = err
		}
		c.b, c.enc = buf[:n], g.enc
		select {
		case p.ch <- c:
		case <-p.done:
			return
		}
		if c.err != nil {
			return
		}
	}
}

// Read hands over the guarded bytes; it never returns bytes and an error
// together.
func (p *prefetcher) Read(dst []byte) (int, error) {
	for len(p.cur) == 0 {
		if p.buf != nil {
			p.free <- p.buf[:cap(p.buf)]
			p.buf = nil
		}
		if p.err != nil {
			return 0, p.err
		}
		c, ok := <-p.ch
		if !ok {
			p.err = io.ErrUnexpectedEOF
			return 0, p.err
		}
		p.cur, p.buf, p.err, p.enc = c.b, c.b, c.err, c.enc
	}
	n := copy(dst, p.cur)
	p.cur = p.cur[n:]
	return n, nil
}

// Close stops the reading goroutine (at once, or when a blocked Read of
// the underlying reader returns).
func (p *prefetcher) Close() { close(p.done) }
