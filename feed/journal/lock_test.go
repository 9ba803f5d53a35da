package journal

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestASecondWriterIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	open := func() *os.File {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	first := open()
	if err := Lock(first); err != nil {
		t.Fatal(err)
	}
	second := open()
	defer second.Close()
	if err := Lock(second); !errors.Is(err, ErrInUse) {
		t.Fatalf("a second lock: %v", err)
	}
	first.Close()
	if err := Lock(second); err != nil {
		t.Errorf("the lock outlived its file: %v", err)
	}
}
