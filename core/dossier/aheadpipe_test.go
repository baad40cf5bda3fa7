package dossier

import (
	"bytes"
	"errors"
	"io"
	"math/rand"
	"testing"
)

// What is written comes out whole and in order, whatever the sizes of the
// writes and of the reads, and the reader gets io.EOF at the end.
func TestAheadPipeKeepsOrder(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var want bytes.Buffer
	p := newAheadPipe()
	go func() {
		for i := 0; i < 500; i++ {
			chunk := make([]byte, r.Intn(70_000))
			r.Read(chunk)
			want.Write(chunk)
			if _, err := p.Write(chunk); err != nil {
				panic(err)
			}
		}
		p.Close()
	}()
	var got bytes.Buffer
	buf := make([]byte, 4093)
	for {
		n, err := p.Read(buf)
		got.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("read %d bytes, not the %d written in order", got.Len(), want.Len())
	}
}

// The writer goes on without a reader while there is room, and the reader
// gets the writer's error after the last chunk.
func TestAheadPipeRoomAndError(t *testing.T) {
	p := newAheadPipe()
	for i := 0; i < aheadChunks; i++ {
		p.Write([]byte{byte(i)}) // would block here without room
	}
	stop := errors.New("arrêté")
	p.CloseWithError(stop)
	b, err := io.ReadAll(p)
	if !errors.Is(err, stop) || len(b) != aheadChunks || b[aheadChunks-1] != aheadChunks-1 {
		t.Fatalf("read %v, %v", b, err)
	}
}
