package feed

import (
	"bufio"
	"encoding/json"
	"io"
	"unicode/utf8"
)

// RejectLog writes rejected records as JSON lines, so that nothing a source sent is lost:
//
//	{"reason":"bad_score","detail":"score \"11\" is not …","line":12,"raw":"{…}"}
//
// "raw" is the record's text as it came; when that text is not valid UTF-8 it is written as
// "raw_base64" instead, byte for byte. A too-long line keeps its first RawLimit bytes, with
// "size" giving its full length.
type RejectLog struct {
	w   *bufio.Writer
	enc *json.Encoder
}

func NewRejectLog(w io.Writer) *RejectLog {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &RejectLog{w: bw, enc: enc}
}

type rejectLine struct {
	Reason    Reason `json:"reason"`
	Detail    string `json:"detail"`
	Line      int64  `json:"line"`
	Raw       string `json:"raw,omitempty"`
	RawBase64 []byte `json:"raw_base64,omitempty"`
	Size      int64  `json:"size,omitempty"`
}

// Write sets one reject aside.
func (l *RejectLog) Write(r *Reject) error {
	line := rejectLine{Reason: r.Reason, Detail: r.Detail, Line: r.Line, Size: r.Size}
	if utf8.ValidString(r.Raw) {
		line.Raw = r.Raw
	} else {
		line.RawBase64 = []byte(r.Raw)
	}
	return l.enc.Encode(line)
}

// Flush writes what is buffered.
func (l *RejectLog) Flush() error { return l.w.Flush() }
