package feed

import (
	"bufio"
	"context"
	"io"
	"path/filepath"
	"strings"
)

// Format is how a source writes its records.
type Format uint8

const (
	FormatAuto      Format = iota // by the file's extension, else by its first bytes
	FormatJSONLines               // one JSON object a line
	FormatCSV                     // CSV with a header row
)

// FormatOf guesses a file's format from its name: .csv is CSV, .jsonl, .ndjson, .json and
// .log are JSON lines; anything else is sniffed from its content.
func FormatOf(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv":
		return FormatCSV
	case ".jsonl", ".ndjson", ".json", ".log":
		return FormatJSONLines
	}
	return FormatAuto
}

// ReaderSource reads records from a reader: a file, standard input, a pipe.
type ReaderSource struct {
	Label   string
	Reader  io.Reader
	IsLive  bool // a pipe or a terminal, rather than a file read to its end
	Format  Format
	Decoder *Decoder
	CSV     CSVOptions
	// Transient says the sink keeps nothing of a batch once Emit returns, not even a string
	// (a report counts, and clones what it keeps): JSON lines are then read into blocks that are
	// used again, not copied into new ones.
	Transient bool
}

func (s *ReaderSource) Name() string { return s.Label }
func (s *ReaderSource) Live() bool   { return s.IsLive }

func (s *ReaderSource) Run(ctx context.Context, sink Sink) error {
	return readRecords(ctx, s.Reader, s.Format, s.Decoder, s.CSV, sink.Emit, s.Transient)
}

// readRecords reads a stream of records in its format, sniffing it when it is not known; JSON
// lines into blocks used again when transient (see ReaderSource.Transient).
func readRecords(ctx context.Context, r io.Reader, f Format, dec *Decoder, o CSVOptions, emit func(*Batch) error, transient bool) error {
	if f == FormatAuto {
		br := bufio.NewReaderSize(r, 64<<10)
		f = sniff(br)
		r = br
	}
	if f == FormatCSV {
		return ReadCSV(ctx, r, dec, o, emit)
	}
	return readJSONLines(ctx, r, dec, emit, transient)
}

// sniff tells JSON lines from CSV by the first byte that is not white space: JSON lines open
// with a brace or a bracket; a CSV header with a name.
func sniff(br *bufio.Reader) Format {
	for n := 64; n <= br.Size(); n *= 4 {
		head, err := br.Peek(n)
		text := strings.TrimLeft(strings.TrimPrefix(string(head), bom), " \t\r\n")
		if text != "" {
			if text[0] == '{' || text[0] == '[' {
				return FormatJSONLines
			}
			return FormatCSV
		}
		if err != nil {
			break
		}
	}
	return FormatJSONLines
}
