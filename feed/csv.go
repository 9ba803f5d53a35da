package feed

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/npsboard/npsboard/model"
)

// CSVOptions are what a CSV source needs beyond its mapping.
type CSVOptions struct {
	Comma    byte // the separator; ',' when zero
	SkipRows int  // rows after the header that are not records (Qualtrics writes two)
}

// ReadCSV reads a CSV stream (RFC 4180) with a header row to its end, maps its columns by the
// decoder's mapping, validates each row as any record, and calls fn with batches of rows in
// order. An empty cell is an absent field; blank lines are not records. A row that cannot be
// read (a wrong number of fields, a quote out of place) is rejected as bad_row; a record longer
// than MaxLine (say, an unterminated quote swallowing the file) is rejected as too_long and
// reading resumes at the next line. A header without a column the mapping needs is an error.
//
// encoding/csv hides where each record begins and ends and holds a record of any size, so the
// records are cut here: that gives every reject its raw text and line, and bounds memory. The
// fields of each record are parsed as strictly as encoding/csv does (a fuzz test holds them
// to agreement).
func ReadCSV(ctx context.Context, r io.Reader, dec *Decoder, o CSVOptions, fn func(*Batch) error) error {
	comma := o.Comma
	if comma == 0 {
		comma = ','
	}
	rr := &recordReader{br: bufio.NewReaderSize(r, 64<<10), comma: comma}
	var header []string
	for header == nil {
		raw, _, long, err := rr.next()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		case long:
			return fmt.Errorf("the CSV header is longer than %d bytes", MaxLine)
		}
		raw = strings.TrimPrefix(raw, bom)
		if raw == "" {
			continue
		}
		if header, err = parseCSVRecord(raw, comma); err != nil {
			return fmt.Errorf("reading the CSV header: %w", err)
		}
	}
	cols, noID, err := columns(header, dec.Mapping)
	if err != nil {
		return err
	}
	rowDec := *dec
	if noID && !dec.Mapping.NoID() {
		// No id column and none mapped: each row is named after its place in the source.
		m := Mapping{names: fieldNames, location: dec.Location}
		if dec.Mapping != nil {
			m = *dec.Mapping
		}
		m.noID = true
		rowDec.Mapping = &m
	}

	b := new(Batch)
	unkeyed := rowDec.Mapping.NoID()
	b.Unkeyed = unkeyed
	skip := o.SkipRows
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, line, long, err := rr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if raw == "" && !long {
			continue // a blank line
		}
		if skip > 0 {
			skip--
			continue
		}
		if long {
			b.Records++
			b.Rejects = append(b.Rejects, Reject{Problem: problem(TooLong, "CSV record longer than %d bytes (an unterminated quote?)", MaxLine),
				Line: line, Raw: raw, Size: rr.longSize})
		} else {
			b.add(line, raw, func(r *model.Response) Problem {
				rec, err := parseCSVRecord(raw, comma)
				switch {
				case err != nil:
					return problem(BadRow, "%v", err)
				case len(rec) != len(header):
					return problem(BadRow, "%d fields where the header has %d", len(rec), len(header))
				}
				var f fields
				for i, c := range cols {
					if c >= 0 && rec[c] != "" {
						*f.at(Field(i)) = value{kind: kString, text: rec[c]}
					}
				}
				return rowDec.build(&f, line, r)
			})
		}
		if b.Records >= 4096 || rr.br.Buffered() == 0 { // a live source's rows go out as they come
			if err := fn(b); err != nil {
				return err
			}
			b.reset()
			b.Unkeyed = unkeyed
		}
	}
	if b.Records > 0 {
		return fn(b)
	}
	return nil
}

// columns finds the column of each field in the header: -1 for a field the source does not
// have. A required field without its column is an error; so is an id column the mapping names
// but the header lacks. Without either, the rows have no id.
func columns(header []string, m *Mapping) (cols [numFields]int, noID bool, err error) {
	names := fieldNames
	if m != nil {
		names = m.names
	}
	index := make(map[string]int, len(header))
	for i, h := range header {
		index[strings.TrimSpace(h)] = i
	}
	for f := range cols {
		cols[f] = -1
		if i, ok := index[names[f]]; ok && names[f] != "" {
			cols[f] = i
			continue
		}
		switch Field(f) {
		case FieldTS, FieldScore, FieldQueue:
			return cols, false, fmt.Errorf("the CSV header has no column %q for %s (it has %s)", names[f], Field(f), strings.Join(header, ", "))
		case FieldID:
			if m != nil && names[f] != "" && names[f] != "id" {
				return cols, false, fmt.Errorf("the CSV header has no column %q for id", names[f])
			}
			noID = true
		}
	}
	return cols, noID, nil
}

// recordReader cuts a CSV stream into records: lines, joined while a quoted field is open.
type recordReader struct {
	br       *bufio.Reader
	comma    byte
	line     int64 // lines read
	longSize int64 // the length of the last too-long record
	buf      []byte
}

// next reads the next record: its text without the line end, the line it starts on, and
// whether it was too long (then the text is its start only, and longSize its length).
func (rr *recordReader) next() (raw string, line int64, long bool, err error) {
	rr.buf = rr.buf[:0]
	line = rr.line + 1
	var q quoteState
	size := int64(0)
	for {
		chunk, err := rr.br.ReadSlice('\n')
		size += int64(len(chunk))
		if !long {
			if len(rr.buf)+len(chunk) > MaxLine+2 {
				long = true
				rr.buf = append(rr.buf, chunk[:min(len(chunk), max(0, RawLimit-len(rr.buf)))]...)
				rr.buf = rr.buf[:min(len(rr.buf), RawLimit)]
			} else {
				rr.buf = append(rr.buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			if !long {
				q.scan(chunk, rr.comma)
			}
			continue
		}
		ended := len(chunk) > 0 && chunk[len(chunk)-1] == '\n'
		if ended {
			rr.line++
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return "", line, false, err
		}
		if long {
			// A too-long record ends at the first line end: its quotes are not to be trusted.
			if ended || err != nil {
				rr.longSize = size
				return string(rr.buf), line, true, nil
			}
			continue
		}
		q.scan(chunk, rr.comma)
		if err != nil { // the end of the stream ends the record, closed or not
			if len(rr.buf) == 0 {
				return "", line, false, io.EOF
			}
			return string(rr.buf), line, false, nil
		}
		if !q.inQuotes {
			text := strings.TrimSuffix(string(rr.buf), "\n")
			return strings.TrimSuffix(text, "\r"), line, false, nil
		}
	}
}

// quoteState follows, byte by byte across lines, whether a record is inside a quoted field.
type quoteState struct {
	inQuotes   bool
	fieldStart bool // the next byte starts a field
	quotePend  bool // a quote inside a quoted field: it closes the field unless another follows
	started    bool
}

func (q *quoteState) scan(b []byte, comma byte) {
	if !q.started {
		q.started, q.fieldStart = true, true
	}
	for _, c := range b {
		if q.quotePend {
			q.quotePend = false
			if c == '"' {
				continue // an escaped quote: still inside
			}
			q.inQuotes = false
		}
		switch {
		case q.inQuotes:
			if c == '"' {
				q.quotePend = true
			}
		case c == comma || c == '\n':
			q.fieldStart = true
		case c == '"' && q.fieldStart:
			q.inQuotes, q.fieldStart = true, false
		default:
			q.fieldStart = false
		}
	}
}

var (
	errBareQuote = errors.New(`bare " in a field that is not quoted`)
	errQuote     = errors.New(`extraneous or missing " in a quoted field`)
)

// parseCSVRecord splits one record into its fields as RFC 4180 (and encoding/csv, strictly)
// reads them: a field may be quoted, a quote inside it doubled; CRLF inside a quoted field is
// read as LF.
func parseCSVRecord(s string, comma byte) ([]string, error) {
	var fields []string
	var b strings.Builder
	i := 0
	for {
		if i < len(s) && s[i] == '"' {
			i++
			b.Reset()
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					return nil, errQuote // unterminated
				}
				b.WriteString(s[i : i+j])
				i += j + 1
				if i < len(s) && s[i] == '"' {
					b.WriteByte('"')
					i++
					continue
				}
				break
			}
			fields = append(fields, strings.ReplaceAll(b.String(), "\r\n", "\n"))
			if i == len(s) {
				return fields, nil
			}
			if s[i] != comma {
				return nil, errQuote
			}
			i++
			continue
		}
		j := strings.IndexByte(s[i:], comma)
		field := s[i:]
		if j >= 0 {
			field = s[i : i+j]
		}
		if strings.IndexByte(field, '"') >= 0 {
			return nil, errBareQuote
		}
		fields = append(fields, field)
		if j < 0 {
			return fields, nil
		}
		i += j + 1
	}
}
